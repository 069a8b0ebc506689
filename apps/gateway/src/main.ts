import 'reflect-metadata';
import { createDb, initBusinessDate } from '@lending/db';
import { todayIn } from '@lending/close-of-business';
import { systemClock, toGlobalId } from '@lending/kernel';
import { developmentSender } from '@lending/collections';
import { createAuthenticator, issuedTokensIn } from './auth.js';
import { announceBusinessCalendar } from './business-calendar.js';
import { upgradeContactData } from './contact-data.js';
import { DEMO_BORROWERS, demoTokens, holdsOnlyDemoData, seedDemoData } from './demo.js';
import { ConfigError, loadConfig, type GatewayConfig } from './env.js';
import { jobDefinitions, jobSchedules, startJobs } from './jobs.js';
import { createLogger } from './logger.js';
import { GatewayMetrics } from './metrics.js';
import { prepareDatabase } from './prepare-database.js';
import { readinessProbe } from './readiness.js';
import { createModuleDeps, defaultModules } from './modules.js';
import { startGateway } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  for (const what of config.generated) logger.warn(`using a generated ${what}`);
  if (config.production && config.metricsToken === null)
    logger.warn('/metrics is disabled: set METRICS_TOKEN (at least 32 characters) to serve it');

  const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const sender = developmentSender();
  logger.info({ driver: db.driver, location: db.location }, 'database opened');
  const calendar = config.businessCalendar;
  const { createQueues } = await prepareDatabase(config, db, jobDefinitions({ sender, calendar }));
  const clock = systemClock;
  await initBusinessDate(db.db, todayIn(calendar, clock).toString(), clock.now());
  const metrics = new GatewayMetrics();
  const jobs = await startJobs({
    handle: db,
    clock,
    logger,
    sender,
    calendar,
    work: config.jobs.inProcessWorker,
    schedules: jobSchedules(config.jobs.schedules),
    heartbeatSeconds: config.jobs.heartbeatSeconds,
    createQueues,
    observer: metrics,
  });
  metrics.watch({ db, jobs });
  const deps = createModuleDeps({
    contactDataKey: config.contactDataKey,
    sender,
    jobs,
    calendar,
    metrics,
  });
  await upgradeContactData(db.db, deps.consent.vault, logger);
  let demo = config.demo;
  if (demo && !(await holdsOnlyDemoData(db.db))) {
    logger.warn(
      'the database holds borrowers that are not demo data: no demo data, no demo tokens',
    );
    demo = false;
  }
  if (demo) {
    await seedDemoData(
      { db: db.db, clock, vault: deps.consent.vault },
      deps.consent.needToKnow,
      calendar,
    );
  }

  const gateway = await startGateway({
    db,
    clock,
    modules: defaultModules,
    deps,
    authenticate: createAuthenticator(
      config.auth,
      config.tokenPolicy,
      config.tokenPolicy.strict ? issuedTokensIn(db.db) : undefined,
    ),
    logger,
    production: config.production,
    rateLimits: config.rateLimits,
    port: config.port,
    host: config.host,
    metrics,
    metricsToken: config.metricsToken,
    readiness: readinessProbe({
      db: db.db,
      heartbeatSeconds: config.jobs.heartbeatSeconds,
      clock,
      calendar,
    }),
  });
  const calendarLine = await announceBusinessCalendar({
    db: db.db,
    clock,
    calendar,
    production: config.production,
    logger,
  });

  const lines = [
    `Lending gateway ready at ${gateway.url} (database: ${db.driver}, ${db.location})`,
    config.jobs.inProcessWorker
      ? `Jobs run in this process (worker ${jobs.workerId}); close of business ${describeSchedule(config.jobs.schedules)}`
      : 'Jobs are queued for separate workers (GATEWAY_WORKER=off): start them with `pnpm worker`',
    calendarLine,
  ];
  if (demo && config.auth.kind === 'hs256') {
    lines.push('', 'Demo tokens (send as "Authorization: Bearer <token>", valid 8 hours):');
    for (const t of await demoTokens(config.auth)) lines.push(`  ${t.label.padEnd(22)} ${t.token}`);
    lines.push(
      '',
      'Try, with a token:',
      `  curl -s ${gateway.url} -H 'content-type: application/json' \\`,
      `    -H "authorization: Bearer <token>" -d '{"query":"{ viewer { id role } }"}'`,
      '',
      "Contact data needs a grant: as OPS, Li Wei's contact points are readable for SERVICING",
      "(she granted it) and Maria Garcia's are not (FORBIDDEN); every read lands in her access log:",
      ...DEMO_BORROWERS.map(
        (b) =>
          `  { borrower(id: "${toGlobalId('Borrower', b.id)}") { displayName contactPoints(purpose: SERVICING) { kind value } } }`,
      ),
      '',
      'Collections: five borrowers are behind on their loans. As COLLECTOR, the queue (yours and the',
      "unassigned ones, worst first), with what to do next within the borrower's quiet hours:",
      '  { collectionsQueue { edges { node { bucket daysPastDue amountOverdue { amount currency } status',
      '    nextAction { channel earliestAt reason } borrower { displayName jurisdiction } } } } }',
    );
  }
  process.stdout.write(lines.join('\n') + '\n');

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void gateway
      .stop()
      .then(() => jobs.stop())
      .then(() => db.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

function describeSchedule(s: GatewayConfig['jobs']['schedules']): string {
  return s.closeOfBusiness
    ? `on cron "${s.closeOfBusiness}" (${s.timeZone})`
    : 'only when OPS starts it';
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`gateway: ${error.message}\n`);
  } else if ((error as { code?: string }).code === 'EADDRINUSE') {
    process.stderr.write('gateway: the port is in use; stop the other server or set PORT\n');
  } else {
    process.stderr.write(`gateway failed to start: ${String((error as Error)?.stack ?? error)}\n`);
  }
  process.exit(1);
});
