import { defineJob, type JobDefinition } from '@lending/jobs';
import {
  deliverDueMessages,
  OUTBOX_BATCH_MAX,
  type DeliveryRun,
  type MessageSender,
} from './outbox.service.js';

export const DELIVER_MESSAGES_QUEUE = 'deliver-messages';

/** Bound on one job's batches, so one run cannot hold a worker for ever; the next run goes on. */
const MAX_BATCHES_PER_RUN = 20;

/**
 * Sends the outbox messages that are due, in batches, until none is left
 * (or MAX_BATCHES_PER_RUN). Each batch claims its messages before sending
 * (outbox.service.ts), so a retried run never sends one twice; a message a
 * dead worker had claimed stays SENDING for OPS to look at.
 */
export function deliverMessagesJob(sender: MessageSender): JobDefinition<object, DeliveryRun> {
  return defineJob<object, DeliveryRun>({
    queue: DELIVER_MESSAGES_QUEUE,
    retryLimit: 2,
    expireInSeconds: 30 * 60,
    parse: () => ({}),
    async run(ctx) {
      const total = { sent: 0, failed: 0, refused: 0, deferred: 0, withdrawn: 0 };
      for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
        const run = await deliverDueMessages(
          { db: ctx.db, clock: ctx.clock, sender },
          OUTBOX_BATCH_MAX,
        );
        total.sent += run.sent;
        total.failed += run.failed;
        total.refused += run.refused;
        total.deferred += run.deferred;
        total.withdrawn += run.withdrawn;
        const handled = run.sent + run.failed + run.refused + run.deferred + run.withdrawn;
        await ctx.progress(
          total.sent + total.failed + total.refused + total.deferred + total.withdrawn,
          null,
        );
        if (handled < OUTBOX_BATCH_MAX) break;
      }
      return total;
    },
  });
}
