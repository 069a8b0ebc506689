import { defineJob } from '@lending/jobs';
import { runLimitReview, type LimitReviewSummary } from './review.service.js';

export const CREDIT_LIMIT_REVIEW_QUEUE = 'credit-limit-review';

/**
 * The limit review as a durable job: every active and frozen line re-scored
 * as of the current business date. Each line's review commits on its own and
 * a line already reviewed that day is skipped, so a retried attempt picks up
 * where the dead one stopped.
 */
export const creditLimitReviewJob = defineJob<{ requestedBy: string }, LimitReviewSummary>({
  queue: CREDIT_LIMIT_REVIEW_QUEUE,
  retryLimit: 3,
  expireInSeconds: 2 * 60 * 60,
  parse(data) {
    const requestedBy = (data as { requestedBy?: unknown }).requestedBy;
    if (typeof requestedBy !== 'string' || requestedBy === '')
      throw new Error('a limit review job needs who requested it');
    return { requestedBy };
  },
  run: (ctx, data) =>
    runLimitReview(
      { db: ctx.db, clock: ctx.clock },
      { id: data.requestedBy },
      { onProgress: (done) => ctx.progress(done, null) },
    ),
});
