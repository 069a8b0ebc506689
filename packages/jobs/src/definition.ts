import type { Db } from '@lending/db';
import type { Clock } from '@lending/kernel';

export interface JobContext {
  readonly db: Db;
  readonly clock: Clock;
  readonly jobId: string;
  /** When the job was enqueued (a scheduled job derives its business date from it). */
  readonly createdAt: Date;
  /** Records how far the job has got, for `Job.itemsDone` / `itemsTotal`. */
  progress(done: number, total: number | null): Promise<void>;
}

/**
 * One kind of batch work. `run` must be safe to run again from the start
 * after a crash (the engine retries a job whose worker died): each of its
 * units either commits whole or not at all, and a unit already done is
 * skipped.
 */
export interface JobDefinition<Data = unknown, Output extends object = object> {
  /** The pg-boss queue, also the job's `kind`. */
  readonly queue: string;
  /** Attempts after the first, when the run throws or its worker dies. */
  readonly retryLimit: number;
  /** An upper bound on one attempt; past it the engine fails the attempt. */
  readonly expireInSeconds: number;
  /** Validates the stored payload: a job's data outlives the code that wrote it. */
  parse(data: unknown): Data;
  run(ctx: JobContext, data: Data): Promise<Output>;
}

export function defineJob<Data, Output extends object>(
  definition: JobDefinition<Data, Output>,
): JobDefinition<Data, Output> {
  return definition;
}

/** A recurring start of a job, from pg-boss's cron schedules. */
export interface JobSchedule {
  readonly queue: string;
  /** Five-field cron, e.g. `0 22 * * *`. */
  readonly cron: string;
  /** The IANA zone the cron is read in. */
  readonly timeZone: string;
  readonly data: object;
}
