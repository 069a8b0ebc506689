import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@lending/db';
import { createTestDb, FixedClock, type TestDb } from '@lending/testing';
import { defineJob, JobEngine, JobState, type JobLogger } from '../src/index.js';

const silent: JobLogger = { info() {}, warn() {}, error() {} };
const clock = new FixedClock('2026-01-15T09:00:00Z');

let handle: TestDb;
let engine: JobEngine;
const runs: string[] = [];
let failNext = false;

const countJob = defineJob({
  queue: 'test-count',
  retryLimit: 2,
  expireInSeconds: 60,
  parse: (data) => data as { to: number },
  async run(ctx, data) {
    runs.push(ctx.jobId);
    if (failNext) {
      failNext = false;
      throw new Error('the disk is on fire');
    }
    for (let i = 1; i <= data.to; i++) await ctx.progress(i, data.to);
    return { counted: data.to };
  },
});

const neverRetried = defineJob({
  queue: 'test-fail',
  retryLimit: 0,
  expireInSeconds: 60,
  parse: (data) => data as object,
  run() {
    return Promise.reject(new Error('no such ledger account: 9999'));
  },
});

beforeAll(async () => {
  handle = await createTestDb();
  engine = await JobEngine.start({
    handle,
    clock,
    logger: silent,
    definitions: [countJob, neverRetried],
    work: true,
    heartbeatSeconds: 1,
    pollingIntervalSeconds: 0.5,
  });
});
afterAll(async () => {
  await engine?.stop();
  await handle?.close();
});

describe('the job engine', () => {
  it('runs a queued job and reports its progress, output and who asked', async () => {
    const queued = await engine.enqueue(countJob, { to: 3 }, { key: 'a', requestedBy: 'ops-1' });
    expect(queued).toMatchObject({ kind: 'test-count', requestedBy: 'ops-1' });
    const done = await engine.waitUntilFinished(queued.id, 10_000);
    expect(done).toMatchObject({
      state: JobState.SUCCEEDED,
      itemsDone: 3,
      itemsTotal: 3,
      attempts: 1,
      error: null,
      output: { counted: 3 },
    });
    expect(done!.startedAt).toBeInstanceOf(Date);
    expect(done!.finishedAt!.getTime()).toBeGreaterThanOrEqual(done!.startedAt!.getTime());
  });

  it('answers two starts under one key, at the same moment, with one job', async () => {
    const [a, b] = await Promise.all([
      engine.enqueue(countJob, { to: 1 }, { key: 'same' }),
      engine.enqueue(countJob, { to: 1 }, { key: 'same' }),
    ]);
    // The second either found the first still queued, or queued behind it once it ran.
    const ids = new Set([a.id, b.id]);
    for (const id of ids)
      expect(await engine.waitUntilFinished(id, 10_000)).toMatchObject({
        state: JobState.SUCCEEDED,
      });
    const [row] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from job_progress where queue = 'test-count'`,
    );
    expect(row?.n).toBe(1 + ids.size);
  });

  it('retries a job that threw, and records the failure it recovered from', async () => {
    failNext = true;
    const job = await engine.enqueue(countJob, { to: 2 }, { key: 'retried' });
    const done = await engine.waitUntilFinished(job.id, 15_000);
    expect(done).toMatchObject({ state: JobState.SUCCEEDED, attempts: 2, itemsDone: 2 });
  });

  it('reports a job that failed for good with its error', async () => {
    const job = await engine.enqueue(neverRetried, {}, { key: 'x' });
    expect(await engine.waitUntilFinished(job.id, 10_000)).toMatchObject({
      state: JobState.FAILED,
      error: 'no such ledger account: 9999',
      output: null,
    });
  });

  it('hands a job held by a worker that stopped beating to a live one', async () => {
    // A queue nobody works yet: the job is taken by a worker that then dies
    // holding it (kill -9): active, started a while ago, its last beat long past.
    const orphanJob = defineJob({ ...countJob, queue: 'test-orphan' });
    const client = await JobEngine.start({
      handle,
      clock,
      logger: silent,
      definitions: [orphanJob],
      work: false,
    });
    const orphan = await client.enqueue(orphanJob, { to: 4 }, { key: 'orphan' });
    await handle.db.execute(sql`
      update pgboss.job set state = 'active', started_on = now() - interval '1 minute'
      where id = ${orphan.id}::uuid`);
    await handle.db.execute(sql`
      insert into worker_heartbeats values ('dead-worker', 'gone', 1, now() - interval '1 hour', now() - interval '1 hour')`);
    await handle.db.execute(
      sql`update job_progress set worker_id = 'dead-worker' where job_id = ${orphan.id}::uuid`,
    );
    expect(await client.get(orphan.id)).toMatchObject({ state: JobState.RUNNING });
    const live = await JobEngine.start({
      handle,
      clock,
      logger: silent,
      definitions: [orphanJob],
      work: true,
      heartbeatSeconds: 1,
      pollingIntervalSeconds: 0.5,
    });
    try {
      const done = await client.waitUntilFinished(orphan.id, 20_000);
      // Exactly one retry: the handed-back attempt keeps its full expiry.
      expect(done).toMatchObject({ state: JobState.SUCCEEDED, itemsDone: 4, attempts: 2 });
    } finally {
      await live.stop();
      await client.stop();
    }
  });

  it('answers null for a job that does not exist', async () => {
    expect(await engine.get('0191f3a2-7b4c-7def-8123-456789012345')).toBeNull();
  });
});
