import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { JOB_ENGINE_SCHEMA, queryRows, type Db } from '@lending/db';
import { loggable, type JobLogger } from './engine.js';
import { workerHeartbeatsTable } from './schema.js';

/**
 * A worker's heartbeat, and what every worker does on each beat: hand back
 * to pg-boss the running jobs whose worker has stopped beating (killed, lost
 * its host), by dating their attempt past its expiry; pg-boss's own expiry check
 * then fails the attempt and queues the retry, which the next free worker
 * takes. Without this a job held by a dead worker would wait for its whole
 * `expireInSeconds`. Safe with any number of workers: the mark is one
 * idempotent UPDATE, the expiry runs under pg-boss's advisory lock.
 *
 * Times are the database's (`now()`), so clocks on different hosts cannot
 * disagree about who is stale.
 */
export interface WorkerLivenessOptions {
  readonly db: Db;
  readonly workerId: string;
  readonly heartbeatSeconds: number;
  readonly queues: readonly string[];
  readonly logger: JobLogger;
  expire(): Promise<void>;
}

export class WorkerLiveness {
  readonly #options: WorkerLivenessOptions;
  #timer: NodeJS.Timeout | null = null;
  #beating: Promise<void> | null = null;

  constructor(options: WorkerLivenessOptions) {
    this.#options = options;
  }

  /** After this many seconds without a beat a worker counts as dead. */
  get staleAfterSeconds(): number {
    return this.#options.heartbeatSeconds * 3;
  }

  async start(): Promise<void> {
    const { db, workerId } = this.#options;
    await db
      .insert(workerHeartbeatsTable)
      .values({
        workerId,
        host: hostname(),
        pid: process.pid,
        startedAt: sql`now()`,
        seenAt: sql`now()`,
      })
      .onConflictDoUpdate({ target: workerHeartbeatsTable.workerId, set: { seenAt: sql`now()` } });
    await this.#reap();
    this.#timer = setInterval(() => {
      this.#beating ??= this.#beat().finally(() => (this.#beating = null));
    }, this.#options.heartbeatSeconds * 1000);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#beating;
    await this.#options.db
      .delete(workerHeartbeatsTable)
      .where(sql`${workerHeartbeatsTable.workerId} = ${this.#options.workerId}`)
      .catch(() => {});
  }

  async #beat(): Promise<void> {
    try {
      await this.#options.db.execute(
        sql`update worker_heartbeats set seen_at = now() where worker_id = ${this.#options.workerId}`,
      );
      await this.#reap();
    } catch (error) {
      // The database may be restarting; the next beat tries again.
      this.#options.logger.warn({ err: loggable(error) }, 'worker heartbeat failed');
    }
  }

  async #reap(): Promise<void> {
    const { db, queues, logger } = this.#options;
    const stale = this.staleAfterSeconds;
    const lost = await queryRows<{ id: string; name: string }>(
      db,
      // Back-date the attempt's start past its expiry rather than shorten the expiry:
      // pg-boss copies expire_in into the retry, and resets started_on when it is fetched.
      sql`update ${sql.identifier(JOB_ENGINE_SCHEMA)}.job j
          set started_on = now() - j.expire_in - interval '1 second'
          where j.state = 'active'
            and j.name in (${sql.join(
              queues.map((q) => sql`${q}`),
              sql`, `,
            )})
            and j.started_on < now() - make_interval(secs => ${stale})
            and not exists (
              select 1 from job_progress p
              join worker_heartbeats h on h.worker_id = p.worker_id
              where p.job_id = j.id and h.seen_at > now() - make_interval(secs => ${stale}))
          returning j.id, j.name`,
    );
    if (lost.length === 0) return;
    logger.warn({ jobs: lost }, 'jobs of a worker that stopped beating: handing them back');
    await this.#options.expire();
    await db.execute(sql`delete from worker_heartbeats where seen_at < now() - interval '1 day'`);
  }
}
