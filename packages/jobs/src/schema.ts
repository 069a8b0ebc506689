import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * What pg-boss does not keep about a running job: who asked for it, which
 * worker holds it, and how far it has got. One row per job, keyed by
 * pg-boss's job id; written outside the job's own transactions, so progress
 * is visible while it runs.
 */
export const jobProgressTable = pgTable('job_progress', {
  jobId: uuid('job_id').primaryKey(),
  queue: text('queue').notNull(),
  requestedBy: text('requested_by'),
  /** The worker running it now (the last one, once finished). */
  workerId: text('worker_id'),
  itemsDone: integer('items_done').notNull().default(0),
  itemsTotal: integer('items_total'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * Each worker's latest sign of life. A job whose worker has gone quiet is
 * handed back to the engine for another worker (see worker-liveness.ts);
 * `/readyz` reads the newest.
 */
export const workerHeartbeatsTable = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
  seenAt: timestamp('seen_at', { withTimezone: true, mode: 'date' }).notNull(),
});
