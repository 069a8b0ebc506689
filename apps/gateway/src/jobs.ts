import { closeOfBusinessJob } from '@lending/close-of-business';
import {
  DELIVER_MESSAGES_QUEUE,
  deliverMessagesJob,
  type MessageSender,
} from '@lending/collections';
import { creditLimitReviewJob } from '@lending/credit';
import type { DbHandle } from '@lending/db';
import {
  JobEngine,
  type AnyJobDefinition,
  type JobLogger,
  type JobObserver,
  type JobSchedule,
} from '@lending/jobs';
import type { Clock } from '@lending/kernel';

/** The platform's batch work, in one place: what a worker runs. */
export function jobDefinitions(deps: { sender: MessageSender }): AnyJobDefinition[] {
  return [closeOfBusinessJob, creditLimitReviewJob, deliverMessagesJob(deps.sender)];
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
      queue: closeOfBusinessJob.queue,
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

export interface StartJobsOptions {
  readonly handle: DbHandle;
  readonly clock: Clock;
  readonly logger: JobLogger;
  readonly sender: MessageSender;
  /** Run the jobs in this process; a gateway beside separate workers only queues and reads them. */
  readonly work: boolean;
  readonly schedules?: readonly JobSchedule[];
  readonly heartbeatSeconds?: number;
  readonly pollingIntervalSeconds?: number;
  /** False where the migrator created the queues (the role may not). */
  readonly createQueues?: boolean;
  readonly observer?: JobObserver;
}

export function startJobs(options: StartJobsOptions): Promise<JobEngine> {
  return JobEngine.start({
    handle: options.handle,
    clock: options.clock,
    logger: options.logger,
    definitions: jobDefinitions({ sender: options.sender }),
    work: options.work,
    schedules: options.schedules ?? [],
    heartbeatSeconds: options.heartbeatSeconds,
    pollingIntervalSeconds: options.pollingIntervalSeconds,
    createQueues: options.createQueues,
    observer: options.observer,
  });
}
