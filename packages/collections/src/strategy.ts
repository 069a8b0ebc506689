import { instantAt, type BusinessDate, type Money } from '@lending/kernel';
import { earliestAllowed, type ComplianceFacts } from './compliance.js';
import { Template } from './messages/templates.js';
import { CaseStatus, ContactChannel, ContactTarget, type DelinquencyBucket } from './vocabulary.js';

/**
 * The contact strategy: for each bucket, the steps in order, each from a
 * number of days past due. Automated steps are messages close of business
 * plans into the outbox (once per case); manual ones are calls a collector
 * makes. The next action of a case is the first step reached whose channel
 * the borrower has not opted out of and that has not been done.
 */
export interface StrategyStep {
  readonly fromDaysPastDue: number;
  readonly channel: ContactChannel;
  readonly reason: string;
  /** Set for a message the outbox sends; absent for a collector's call. */
  readonly template?: Template;
}

export const STRATEGY: Readonly<Record<DelinquencyBucket, readonly StrategyStep[]>> = {
  CURRENT: [],
  DPD_1_30: [
    {
      fromDaysPastDue: 1,
      channel: ContactChannel.SMS,
      template: Template.OVERDUE_NOTICE,
      reason: 'Tell the borrower the payment is overdue',
    },
    {
      fromDaysPastDue: 3,
      channel: ContactChannel.PUSH,
      template: Template.OVERDUE_REMINDER,
      reason: 'Remind the borrower and offer help',
    },
    { fromDaysPastDue: 8, channel: ContactChannel.CALL, reason: 'Call the borrower' },
  ],
  DPD_31_60: [
    {
      fromDaysPastDue: 31,
      channel: ContactChannel.LETTER,
      template: Template.FORMAL_NOTICE,
      reason: 'Formal notice with a hardship offer',
    },
    {
      fromDaysPastDue: 31,
      channel: ContactChannel.CALL,
      reason: 'Call the borrower about a hardship plan',
    },
  ],
  DPD_61_90: [{ fromDaysPastDue: 61, channel: ContactChannel.CALL, reason: 'Call the borrower' }],
  DPD_90_PLUS: [
    {
      fromDaysPastDue: 91,
      channel: ContactChannel.LETTER,
      template: Template.PRE_LEGAL_NOTICE,
      reason: 'Notice before legal referral',
    },
    {
      fromDaysPastDue: 91,
      channel: ContactChannel.CALL,
      reason: 'Last call before OPS decides on legal referral',
    },
  ],
};

/** Automated steps with the bucket they belong to, for close of business to plan. */
export const AUTOMATED_STEPS = (
  Object.entries(STRATEGY) as [DelinquencyBucket, readonly StrategyStep[]][]
).flatMap(([bucket, steps]) =>
  steps.filter((s) => s.template).map((s) => ({ bucket, ...s, template: s.template! })),
);

/** Days before a due date the borrower is reminded (push, and SMS where push is opted out). */
export const REMINDER_DAYS_BEFORE_DUE = 3;

export interface PlannedAction {
  readonly channel: ContactChannel;
  readonly earliestAt: Date;
  readonly reason: string;
}

export interface CaseForPlanning {
  readonly status: CaseStatus;
  readonly bucket: DelinquencyBucket;
  readonly daysPastDue: number;
}

export interface CaseMessage {
  readonly template: string;
  readonly status: string;
  readonly notBefore: Date;
}

/**
 * What happens next on a case, and the earliest moment it may, given the
 * borrower's jurisdiction, time zone, opt-outs and the attempts so far: the
 * first step of the bucket reached by the days past due that is not done
 * and not opted out. A planned message waits for its time; a sent one is
 * done. A pending promise is reminded on its due date. Null when nothing
 * remains for collections to do (resolved, under a plan, referred to legal,
 * or every channel of the bucket opted out).
 */
export function nextActionOf(
  kase: CaseForPlanning,
  messages: readonly CaseMessage[],
  pendingPromise: { readonly dueDate: BusinessDate; readonly amount: Money } | null,
  facts: ComplianceFacts,
  now: Date,
): PlannedAction | null {
  if (kase.status === CaseStatus.PROMISED && pendingPromise) {
    for (const channel of [ContactChannel.PUSH, ContactChannel.SMS]) {
      if (facts.optedOut.has(channel)) continue;
      const onDueDate = instantAt(
        pendingPromise.dueDate,
        facts.rules.contactWindow.from,
        facts.timeZone,
      );
      const from = new Date(Math.max(now.getTime(), onDueDate.getTime()));
      const earliestAt = earliestAllowed(channel, ContactTarget.BORROWER, null, from, facts);
      if (earliestAt) {
        return {
          channel,
          earliestAt,
          reason: `Remind of the promise to pay ${pendingPromise.amount.toString()} due ${pendingPromise.dueDate.toString()}`,
        };
      }
    }
    return null;
  }
  if (kase.status !== CaseStatus.OPEN) return null;
  for (const step of STRATEGY[kase.bucket]) {
    if (step.fromDaysPastDue > kase.daysPastDue || facts.optedOut.has(step.channel)) continue;
    let from = now;
    if (step.template) {
      const message = messages.find((m) => m.template === step.template);
      if (message && message.status !== 'PLANNED') continue; // sent, refused or failed: done
      if (message) from = new Date(Math.max(now.getTime(), message.notBefore.getTime()));
    }
    const earliestAt = earliestAllowed(step.channel, ContactTarget.BORROWER, null, from, facts);
    if (earliestAt) return { channel: step.channel, earliestAt, reason: step.reason };
  }
  return null;
}
