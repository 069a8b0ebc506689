import {
  CLOSE_OF_BUSINESS_QUEUE,
  closeOfBusinessJob,
  type BusinessCalendar,
} from '@lending/close-of-business';
import {
  DELIVER_MESSAGES_QUEUE,
  deliverMessagesJob,
  type MessageSender,
} from '@lending/collections';
import { creditLimitReviewJob } from '@lending/credit';
import {
  JobEngine,
  type AnyJobDefinition,
  type JobEngineOptions,
  type JobSchedule,
} from '@lending/jobs';

/** The platform's batch work, in one place: what a worker runs. */
export function jobDefinitions(deps: {
  sender: MessageSender;
  calendar: BusinessCalendar;
}): AnyJobDefinition[] {
  return [closeOfBusinessJob(deps.calendar), creditLimitReviewJob, deliverMessagesJob(deps.sender)];
}

export interface ScheduleConfig {
  /** Five-field cron for the daily close of business, or null for none. */
  readonly closeOfBusiness: string | null;
  readonly timeZone: string;
  /** Five-field cron for sending due outbox messages, or null for none. */
  readonly deliverMessages: string | null;
}

export function jobSchedules(config: ScheduleConfig): JobSchedule[] {
  const schedules: JobSchedule[] = [];
  if (config.closeOfBusiness)
    schedules.push({
      queue: CLOSE_OF_BUSINESS_QUEUE,
      cron: config.closeOfBusiness,
      timeZone: config.timeZone,
      data: { scheduled: { timeZone: config.timeZone } },
    });
  if (config.deliverMessages)
    schedules.push({
      queue: DELIVER_MESSAGES_QUEUE,
      cron: config.deliverMessages,
      timeZone: config.timeZone,
      data: {},
    });
  return schedules;
}

/**
 * The engine's options, with the platform's jobs built from the sender they
 * deliver through and the business calendar close of business keeps to.
 */
export type StartJobsOptions = Omit<JobEngineOptions, 'definitions'> & {
  readonly sender: MessageSender;
  readonly calendar: BusinessCalendar;
};

export function startJobs({ sender, calendar, ...options }: StartJobsOptions): Promise<JobEngine> {
  return JobEngine.start({ ...options, definitions: jobDefinitions({ sender, calendar }) });
}
