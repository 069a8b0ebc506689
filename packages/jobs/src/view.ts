/** A job's state as clients see it; pg-boss's created and retry are both QUEUED. */
export const JobState = {
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const;
export type JobState = (typeof JobState)[keyof typeof JobState];

export const FINISHED_STATES: ReadonlySet<JobState> = new Set([
  JobState.SUCCEEDED,
  JobState.FAILED,
  JobState.CANCELLED,
]);

export interface JobView {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  readonly itemsDone: number;
  readonly itemsTotal: number | null;
  /** Attempts started so far, including a retry after a dead worker. */
  readonly attempts: number;
  readonly requestedBy: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  /** The last failure's message, when the job failed (or is queued for a retry after one). */
  readonly error: string | null;
  /** What the job returned, once it has succeeded. */
  readonly output: Record<string, unknown> | null;
}

const STATE_OF: Record<string, JobState> = {
  created: JobState.QUEUED,
  retry: JobState.QUEUED,
  active: JobState.RUNNING,
  completed: JobState.SUCCEEDED,
  failed: JobState.FAILED,
  cancelled: JobState.CANCELLED,
};

export interface EngineJobRow {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly retryCount: number;
  readonly createdOn: Date;
  readonly startedOn: Date | null;
  readonly completedOn: Date | null;
  readonly output: unknown;
}

export interface ProgressRow {
  readonly itemsDone: number;
  readonly itemsTotal: number | null;
  readonly requestedBy: string | null;
}

export function toJobView(job: EngineJobRow, progress: ProgressRow | null): JobView {
  const state = STATE_OF[job.state] ?? JobState.QUEUED;
  const output = (job.output ?? null) as Record<string, unknown> | null;
  const failure =
    state === JobState.FAILED || (job.state === 'retry' && output !== null)
      ? messageOf(output)
      : null;
  return {
    id: job.id,
    kind: job.name,
    state,
    itemsDone: progress?.itemsDone ?? 0,
    itemsTotal: progress?.itemsTotal ?? null,
    attempts: job.startedOn === null ? 0 : Number(job.retryCount) + 1,
    requestedBy: progress?.requestedBy ?? null,
    createdAt: job.createdOn,
    startedAt: job.startedOn,
    finishedAt: FINISHED_STATES.has(state) ? job.completedOn : null,
    error: failure,
    output: state === JobState.SUCCEEDED ? output : null,
  };
}

/** pg-boss stores a thrown error serialised, or `{ value: ... }` around what was passed to fail(). */
function messageOf(output: Record<string, unknown> | null): string {
  if (!output) return 'failed';
  const inner = (output['value'] as Record<string, unknown> | undefined) ?? output;
  const message = inner['message'];
  return typeof message === 'string' ? message : 'failed';
}
