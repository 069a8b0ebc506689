import { defineJob, type JobDefinition } from '@lending/jobs';
import { BusinessDate } from '@lending/kernel';
import { BusinessCalendarMode, type BusinessCalendar } from './calendar.js';
import { CloseOfBusinessError, runCloseOfBusiness } from './run.js';

/** What a close-of-business job is asked to do. */
export type CloseOfBusinessJobData =
  /** OPS: move the business date to this day, closing every day up to it. */
  | { readonly businessDate: string }
  /**
   * The daily schedule, derived from when the job was queued, so a late
   * worker closes the same day. Under the `calendar` business calendar it
   * moves the business date to today in the calendar's zone, closing only
   * days that have ended; under `simulated`, it closes the local day the
   * schedule fired on in `timeZone` (the schedule's), opening the next
   * (22:00 on 3 March moves the business date to 4 March).
   */
  | { readonly scheduled: { readonly timeZone: string } };

export interface CloseOfBusinessJobOutput {
  readonly businessDate: string;
  readonly daysClosed: number;
  readonly loansProcessed: number;
}

export const CLOSE_OF_BUSINESS_QUEUE = 'close-of-business';

/**
 * Close of business as a durable job. Each day is one transaction that
 * claims the day (see run.ts), so a retried attempt, after its worker died
 * or the database went away, resumes at the first day not yet closed, and
 * a second job for the same day finds it closed and does nothing. The
 * calendar is the worker's own configuration, never the job's data: however
 * a job was queued, a worker on the `calendar` calendar does not run ahead.
 */
export function closeOfBusinessJob(
  calendar: BusinessCalendar,
): JobDefinition<CloseOfBusinessJobData, CloseOfBusinessJobOutput> {
  return defineJob<CloseOfBusinessJobData, CloseOfBusinessJobOutput>({
    queue: CLOSE_OF_BUSINESS_QUEUE,
    retryLimit: 5,
    // A day for a million loans is minutes; a dead worker is noticed by heartbeat long before this.
    expireInSeconds: 4 * 60 * 60,
    parse(data) {
      const d = data as Partial<Record<string, unknown>>;
      if (typeof d['businessDate'] === 'string') {
        BusinessDate.parseOrThrow(d['businessDate']);
        return { businessDate: d['businessDate'] };
      }
      const scheduled = d['scheduled'] as { timeZone?: unknown } | undefined;
      if (scheduled && typeof scheduled.timeZone === 'string')
        return { scheduled: { timeZone: scheduled.timeZone } };
      throw new Error('a close-of-business job needs a businessDate or a schedule');
    },
    async run(ctx, data) {
      const target =
        'businessDate' in data
          ? BusinessDate.parseOrThrow(data.businessDate)
          : calendar.mode === BusinessCalendarMode.CALENDAR
            ? BusinessDate.fromInstant(ctx.createdAt, calendar.timeZone)
            : BusinessDate.fromInstant(ctx.createdAt, data.scheduled.timeZone).addDays(1);
      const result = await runCloseOfBusiness(ctx.db, ctx.clock, target, {
        calendar,
        onProgress: (done, total) => ctx.progress(done, total),
      });
      if (result.ok)
        return {
          businessDate: result.value.businessDate.toString(),
          daysClosed: result.value.daysClosed,
          loansProcessed: result.value.loansProcessed,
        };
      // Another run (a schedule, another OPS user) got there first: nothing is left to do.
      if (result.errors[0].code === CloseOfBusinessError.DATE_IN_THE_PAST)
        return { businessDate: target.toString(), daysClosed: 0, loansProcessed: 0 };
      throw new Error(result.errors[0].message);
    },
  });
}
