import cliProgress from 'cli-progress';
import {
  createClient,
  JobDocument,
  RunCreditLimitReviewDocument,
  StartCloseOfBusinessDocument,
  type JobFieldsFragment,
  type LendingClient,
} from '@lending/sdk';

export interface JobWatchIo {
  out(text: string): void;
  err(text: string): void;
  /** Where the progress bar draws; it draws only on a terminal. */
  readonly progressStream?: NodeJS.WriteStream;
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/**
 * Follows a job until it finishes, drawing its progress (items done of
 * total) as a bar on a terminal, then prints one line with the outcome.
 * Answers the exit code: 0 when the job succeeded, 1 otherwise.
 */
export async function watchJob(
  client: LendingClient,
  first: JobFieldsFragment,
  io: JobWatchIo,
  pollMs = 250,
): Promise<number> {
  const stream = io.progressStream ?? process.stderr;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${first.kind} [{bar}] {percentage}% | {value}/{total} | {state}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let job = first;
  bar.start(job.itemsTotal ?? 1, job.itemsDone, { state: job.state });
  try {
    while (!FINISHED.has(job.state)) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const next = (await client.request(JobDocument, { id: job.id })).job;
      if (!next) throw new Error(`job ${job.id} is gone`);
      job = next;
      bar.setTotal(Math.max(job.itemsTotal ?? job.itemsDone, 1));
      bar.update(job.itemsDone, { state: job.state });
    }
  } finally {
    bar.stop();
  }
  const took =
    job.startedAt && job.finishedAt
      ? ` in ${((Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000).toFixed(1)} s`
      : '';
  const attempts = job.attempts > 1 ? ` after ${job.attempts} attempts` : '';
  if (job.state === 'SUCCEEDED') {
    io.out(`${job.kind} ${job.id} succeeded${took}${attempts}: ${job.itemsDone} items`);
    return 0;
  }
  io.err(
    `${job.kind} ${job.id} ${job.state.toLowerCase()}${attempts}: ${job.error ?? 'no reason given'}`,
  );
  return 1;
}

/** `ops close-of-business --date D`: queues the job and follows it. */
export async function closeOfBusiness(
  url: string,
  token: string,
  businessDate: string,
  io: JobWatchIo,
): Promise<number> {
  const client = createClient({ url, token });
  const started = (await client.request(StartCloseOfBusinessDocument, { businessDate }))
    .runCloseOfBusiness;
  if (started.userErrors.length > 0 || !started.job) {
    for (const e of started.userErrors) io.err(`ops: ${e.code}: ${e.message}`);
    return 1;
  }
  return watchJob(client, started.job, io);
}

/**
 * `ops limit-review`: the review for the current business date. Prints its
 * counts when it finishes within the gateway's wait; otherwise follows the job.
 */
export async function limitReview(url: string, token: string, io: JobWatchIo): Promise<number> {
  const client = createClient({ url, token });
  const { job, ...review } = (await client.request(RunCreditLimitReviewDocument))
    .runCreditLimitReview;
  if (!job) throw new Error('the gateway answered without a job');
  if (job.state !== 'SUCCEEDED') return watchJob(client, job, io);
  io.out(JSON.stringify(review, null, 2));
  return 0;
}

/** `ops job ID`: follows any job. */
export async function followJob(
  url: string,
  token: string,
  id: string,
  io: JobWatchIo,
): Promise<number> {
  const client = createClient({ url, token });
  const job = (await client.request(JobDocument, { id })).job;
  if (!job) {
    io.err(`ops: no job ${id}`);
    return 1;
  }
  return watchJob(client, job, io);
}
