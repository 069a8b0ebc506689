import 'reflect-metadata';
import { developmentSender } from '@lending/collections';
import { createDb } from '@lending/db';
import { systemClock } from '@lending/kernel';
import { announceBusinessCalendar } from './business-calendar.js';
import { ConfigError, loadConfig } from './env.js';
import { jobDefinitions, jobSchedules, startJobs } from './jobs.js';
import { prepareDatabase } from './prepare-database.js';
import { createLogger } from './logger.js';

/**
 * `pnpm worker`: runs the platform's jobs (close of business, the limit
 * review, message delivery) and keeps their schedules, with no HTTP. Any
 * number may run against one PostgreSQL beside any number of gateways
 * (GATEWAY_WORKER=off there), started in any order: each migrates first.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      'a separate worker needs DATABASE_URL: the embedded database belongs to one process, where `pnpm start` already runs the jobs',
    );
  }
  const logger = createLogger(config.logLevel).child({ service: 'worker' });
  const db = await createDb({ databaseUrl: config.databaseUrl, maxConnections: 5 });
  const sender = developmentSender();
  const calendar = config.businessCalendar;
  const { createQueues } = await prepareDatabase(config, db, jobDefinitions({ sender, calendar }));
  const jobs = await startJobs({
    handle: db,
    clock: systemClock,
    logger,
    sender,
    calendar,
    work: true,
    schedules: jobSchedules(config.jobs.schedules),
    heartbeatSeconds: config.jobs.heartbeatSeconds,
    createQueues,
  });
  const calendarLine = await announceBusinessCalendar({
    db: db.db,
    clock: systemClock,
    calendar,
    production: config.production,
    logger,
  });
  process.stdout.write(
    `Lending worker ${jobs.workerId} running (database: ${db.location})\n${calendarLine}\n`,
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'worker stopping: finishing running jobs');
    void jobs
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`worker: ${error.message}\n`);
  else
    process.stderr.write(`worker failed to start: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
