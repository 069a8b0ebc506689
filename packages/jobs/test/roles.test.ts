import { describe, expect, it } from 'vitest';
import { createDb, grantApplicationRole, migrate, sqlState } from '@lending/db';
import { FixedClock } from '@lending/kernel';
import { withSplitRoles } from '@lending/testing';
import { sql } from 'drizzle-orm';
import { defineJob, ensureJobQueues, JobEngine, JobState } from '../src/index.js';

// Roles are a server's: skipped on PGlite, run by CI on PostgreSQL.
const serverUrl = process.env['DATABASE_URL'];
const silent = { info() {}, warn() {}, error() {} };

const echo = defineJob({
  queue: 'test-echo',
  retryLimit: 0,
  expireInSeconds: 60,
  parse: (data) => data as { word: string },
  run: (_ctx, data) => Promise.resolve({ said: data.word }),
});

describe.skipIf(!serverUrl)('jobs under split roles', () => {
  it('run as the application role once the migrator has made the queues; the role still cannot run DDL', async () => {
    await withSplitRoles(serverUrl!, 'jobs', async (urls) => {
      const asMigrator = await createDb({ databaseUrl: urls.migrator, maxConnections: 1 });
      try {
        await migrate(asMigrator);
        await ensureJobQueues(asMigrator, [echo]);
        await grantApplicationRole(asMigrator.db, new URL(urls.app).username);
      } finally {
        await asMigrator.close();
      }
      const asApp = await createDb({ databaseUrl: urls.app, maxConnections: 2 });
      const engine = await JobEngine.start({
        handle: asApp,
        clock: new FixedClock(),
        logger: silent,
        definitions: [echo],
        work: true,
        createQueues: false,
        pollingIntervalSeconds: 0.5,
      });
      try {
        const job = await engine.enqueue(echo, { word: 'hello' }, { key: 'k' });
        expect(await engine.waitUntilFinished(job.id, 10_000)).toMatchObject({
          state: JobState.SUCCEEDED,
          output: { said: 'hello' },
        });
        let refused = 'allowed';
        try {
          await asApp.db.execute(sql`drop table pgboss.job cascade`);
        } catch (error) {
          refused = sqlState(error) ?? 'error';
        }
        expect(refused).toBe('42501');
      } finally {
        await engine.stop();
        await asApp.close();
      }
    });
  }, 60_000);
});
