import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import {
  JOB_ENGINE_SCHEMA,
  jobEngineConnection,
  queryRows,
  withSchemaLock,
  type DbHandle,
} from '@lending/db';
import type { Clock } from '@lending/kernel';
import type { JobContext, JobDefinition, JobSchedule } from './definition.js';
import { jobProgressTable } from './schema.js';
import { FINISHED_STATES, toJobView, type EngineJobRow, type JobView } from './view.js';
import { WorkerLiveness } from './worker-liveness.js';

export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Hooks for metrics: how long each attempt took and how it ended. */
export interface JobObserver {
  jobFinished(kind: string, outcome: 'succeeded' | 'failed', seconds: number): void;
}

// The engine runs any kind of job; its payload type is each definition's own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any, object>;

/** What resolvers and commands need: start a job, look at one. */
export interface JobQueue {
  /**
   * Queues a job of this kind, or answers the one already queued under the
   * same key (two OPS users starting the same day's close get one job).
   */
  enqueue<Data>(
    definition: JobDefinition<Data, object>,
    data: Data,
    options: { key: string; requestedBy?: string | null },
  ): Promise<JobView>;
  get(id: string): Promise<JobView | null>;
  /** The job once finished, or as it stands when `timeoutMs` runs out. */
  waitUntilFinished(id: string, timeoutMs: number): Promise<JobView | null>;
}

export interface JobEngineOptions {
  readonly handle: DbHandle;
  readonly clock: Clock;
  readonly logger: JobLogger;
  readonly definitions: readonly AnyJobDefinition[];
  /** Run jobs in this process (a worker); otherwise only start and read them. */
  readonly work: boolean;
  /** Cron starts this worker keeps registered; only workers manage schedules. */
  readonly schedules?: readonly JobSchedule[];
  readonly heartbeatSeconds?: number;
  readonly pollingIntervalSeconds?: number;
  /**
   * Create the queues at start. Off when the role may not run DDL: the
   * migrator creates them (ensureJobQueues) before the application starts.
   */
  readonly createQueues?: boolean;
  readonly observer?: JobObserver;
}

export const DEFAULT_HEARTBEAT_SECONDS = 5;

/**
 * The platform's batch work on pg-boss: any number of these, in gateways and
 * workers, share one PostgreSQL. pg-boss owns queueing, retries, schedules
 * and their exactly-once creation across instances; this class adds what the
 * platform asks beyond that: progress a client can watch, and a worker's
 * death noticed in seconds (heartbeats) rather than at the job's expiry.
 */
export class JobEngine implements JobQueue {
  readonly workerId: string;
  readonly #boss: PgBoss;
  readonly #options: JobEngineOptions;
  readonly #definitions: ReadonlyMap<string, AnyJobDefinition>;
  readonly #localWorkers = new Map<string, string>();
  #liveness: WorkerLiveness | null = null;

  private constructor(boss: PgBoss, options: JobEngineOptions) {
    this.#boss = boss;
    this.#options = options;
    this.#definitions = new Map(options.definitions.map((d) => [d.queue, d]));
    this.workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  static async start(options: JobEngineOptions): Promise<JobEngine> {
    const boss = new PgBoss({
      ...jobEngineConnection(options.handle),
      // The schema is migrated with the rest (migrate() in @lending/db).
      migrate: false,
      supervise: options.work,
      schedule: options.work,
      maintenanceIntervalSeconds: 30,
    });
    boss.on('error', (error: Error & { code?: string }) =>
      options.logger.error({ err: loggable(error) }, 'job engine: database error'),
    );
    await boss.start();
    const engine = new JobEngine(boss, options);
    if (options.createQueues !== false)
      await withSchemaLock(options.handle, () => createQueues(boss, options.definitions));
    if (options.work) await engine.#startWorking();
    return engine;
  }

  async #startWorking(): Promise<void> {
    const { handle, logger } = this.#options;
    const heartbeatSeconds = this.#options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
    this.#liveness = new WorkerLiveness({
      db: handle.db,
      workerId: this.workerId,
      heartbeatSeconds,
      queues: [...this.#definitions.keys()],
      logger,
      // pg-boss's own expiry check fails (and so retries) what liveness marked as expired.
      expire: () => (this.#boss as unknown as { expire(): Promise<void> }).expire(),
    });
    await this.#liveness.start();
    for (const definition of this.#definitions.values()) {
      const id = await this.#boss.work(
        definition.queue,
        {
          batchSize: 1,
          includeMetadata: true,
          pollingIntervalSeconds: this.#options.pollingIntervalSeconds ?? 2,
        },
        async ([job]) => (job ? this.#run(definition, job) : undefined),
      );
      this.#localWorkers.set(definition.queue, id);
    }
    await this.#applySchedules();
    logger.info(
      { workerId: this.workerId, queues: [...this.#definitions.keys()] },
      'worker started',
    );
  }

  async #applySchedules(): Promise<void> {
    const wanted = new Map((this.#options.schedules ?? []).map((s) => [s.queue, s]));
    for (const queue of this.#definitions.keys()) {
      const schedule = wanted.get(queue);
      const definition = this.#definitions.get(queue)!;
      if (schedule) {
        await this.#boss.schedule(queue, schedule.cron, schedule.data, {
          tz: schedule.timeZone,
          singletonKey: 'schedule',
          retryLimit: definition.retryLimit,
          retryDelay: 1,
          expireInSeconds: definition.expireInSeconds,
        });
      } else {
        await this.#boss.unschedule(queue);
      }
    }
  }

  async #run(definition: AnyJobDefinition, job: PgBoss.JobWithMetadata<unknown>): Promise<object> {
    const { handle, clock, logger, observer } = this.#options;
    const started = performance.now();
    await handle.db
      .insert(jobProgressTable)
      .values({
        jobId: job.id,
        queue: definition.queue,
        workerId: this.workerId,
        updatedAt: clock.now(),
      })
      .onConflictDoUpdate({
        target: jobProgressTable.jobId,
        set: { workerId: this.workerId, updatedAt: clock.now() },
      });
    const ctx: JobContext = {
      db: handle.db,
      clock,
      jobId: job.id,
      createdAt: job.createdOn,
      progress: async (done, total) => {
        await handle.db.execute(
          sql`update job_progress set items_done = ${done}, items_total = ${total},
              updated_at = ${clock.now().toISOString()}::timestamptz where job_id = ${job.id}`,
        );
      },
    };
    const log = { jobId: job.id, kind: definition.queue, attempt: job.retryCount + 1 };
    logger.info(log, 'job started');
    try {
      const output = await definition.run(ctx, definition.parse(job.data));
      const seconds = (performance.now() - started) / 1000;
      observer?.jobFinished(definition.queue, 'succeeded', seconds);
      logger.info({ ...log, seconds }, 'job succeeded');
      return output;
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      observer?.jobFinished(definition.queue, 'failed', seconds);
      logger.error({ ...log, seconds, err: loggable(error) }, 'job failed');
      throw error;
    }
  }

  async enqueue<Data>(
    definition: JobDefinition<Data, object>,
    data: Data,
    options: { key: string; requestedBy?: string | null },
  ): Promise<JobView> {
    const { handle, clock } = this.#options;
    // A send refused by the queue's one-queued-job-per-key rule answers with the
    // job that holds the slot; if that one has started in between, send again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = await this.#boss.send(definition.queue, data as object, {
        singletonKey: options.key,
        retryLimit: definition.retryLimit,
        retryDelay: 1,
        expireInSeconds: definition.expireInSeconds,
      });
      if (id) {
        await handle.db
          .insert(jobProgressTable)
          .values({
            jobId: id,
            queue: definition.queue,
            requestedBy: options.requestedBy ?? null,
            updatedAt: clock.now(),
          })
          .onConflictDoUpdate({
            target: jobProgressTable.jobId,
            set: { requestedBy: options.requestedBy ?? null },
          });
        this.#nudge(definition.queue);
        const view = await this.get(id);
        if (view) return view;
        continue;
      }
      const [queued] = await queryRows<{ id: string }>(
        handle.db,
        sql`select id from ${sql.identifier(JOB_ENGINE_SCHEMA)}.job
            where name = ${definition.queue} and singleton_key = ${options.key}
              and state in ('created', 'retry')
            order by created_on desc limit 1`,
      );
      const view = queued ? await this.get(queued.id) : null;
      if (view) return view;
    }
    throw new Error(`could not queue a ${definition.queue} job`);
  }

  /** A local worker polls on an interval; wake it for a job just queued. */
  #nudge(queue: string): void {
    const id = this.#localWorkers.get(queue);
    if (id) this.#boss.notifyWorker(id);
  }

  async get(id: string): Promise<JobView | null> {
    const schema = sql.identifier(JOB_ENGINE_SCHEMA);
    const columns = sql`id, name, state::text as state, retry_count as "retryCount",
      created_on as "createdOn", started_on as "startedOn", completed_on as "completedOn", output`;
    const [job] = await queryRows<EngineJobRow & Record<string, unknown>>(
      this.#options.handle.db,
      sql`select ${columns} from ${schema}.job where id = ${id}::uuid
          union all select ${columns} from ${schema}.archive where id = ${id}::uuid
          limit 1`,
    );
    if (!job) return null;
    const [progress] = await queryRows<{
      itemsDone: number;
      itemsTotal: number | null;
      requestedBy: string | null;
    }>(
      this.#options.handle.db,
      sql`select items_done as "itemsDone", items_total as "itemsTotal", requested_by as "requestedBy"
          from job_progress where job_id = ${id}::uuid`,
    );
    return toJobView(normalise(job), progress ?? null);
  }

  async waitUntilFinished(id: string, timeoutMs: number): Promise<JobView | null> {
    const deadline = Date.now() + timeoutMs;
    let delay = 20;
    for (;;) {
      const job = await this.get(id);
      if (!job || FINISHED_STATES.has(job.state) || Date.now() >= deadline) return job;
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, deadline - Date.now())));
      delay = Math.min(delay * 2, 250);
    }
  }

  /** Jobs waiting to run, per kind (queued and retrying), for the metrics endpoint. */
  async queueDepths(): Promise<Map<string, number>> {
    const depths = new Map<string, number>();
    for (const queue of this.#definitions.keys())
      depths.set(queue, await this.#boss.getQueueSize(queue));
    return depths;
  }

  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), stops the timers. */
  async stop(timeoutMs = 30_000): Promise<void> {
    await this.#boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
    await this.#liveness?.stop();
  }
}

/** Creates the queues the definitions name; idempotent. Run by the migrator where roles are split. */
export async function ensureJobQueues(
  handle: DbHandle,
  definitions: readonly AnyJobDefinition[],
): Promise<void> {
  const boss = new PgBoss({
    ...jobEngineConnection(handle, 1),
    migrate: false,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => {});
  await boss.start();
  try {
    await withSchemaLock(handle, () => createQueues(boss, definitions));
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true });
  }
}

async function createQueues(boss: PgBoss, definitions: readonly AnyJobDefinition[]) {
  for (const definition of definitions) {
    // One queued and one running job per key: a second start of the same
    // day's close while one waits is the same job.
    await boss.createQueue(definition.queue, {
      name: definition.queue,
      policy: 'stately',
      retryLimit: definition.retryLimit,
      retryDelay: 1,
      expireInSeconds: definition.expireInSeconds,
    });
  }
}

function normalise(row: EngineJobRow): EngineJobRow {
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    ...row,
    retryCount: Number(row.retryCount),
    createdOn: new Date(row.createdOn),
    startedOn: date(row.startedOn),
    completedOn: date(row.completedOn),
    output: typeof row.output === 'string' ? JSON.parse(row.output) : row.output,
  };
}

/**
 * What of an error goes into a log: message, code and stack. Database
 * errors carry more (node-postgres its client and connection settings,
 * postgres-js the query's parameters, which may be personal data).
 */
export function loggable(error: unknown): { message: string; code?: string; stack?: string } {
  const e = error as { message?: unknown; code?: unknown; stack?: unknown } | null;
  return {
    message: typeof e?.message === 'string' ? e.message : String(error),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(typeof e?.stack === 'string' ? { stack: e.stack } : {}),
  };
}
