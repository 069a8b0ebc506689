/** What can happen to a case; each is recorded with actor, time and reason. */
export const CaseEvent = {
  CASE_OPENED: 'CASE_OPENED',
  BUCKET_CHANGED: 'BUCKET_CHANGED',
  CASE_RESOLVED: 'CASE_RESOLVED',
  ASSIGNED: 'ASSIGNED',
  PROMISE_RECORDED: 'PROMISE_RECORDED',
  PROMISE_KEPT: 'PROMISE_KEPT',
  PROMISE_BROKEN: 'PROMISE_BROKEN',
  PLAN_OFFERED: 'PLAN_OFFERED',
  PLAN_ACCEPTED: 'PLAN_ACCEPTED',
  PLAN_BROKEN: 'PLAN_BROKEN',
  PLAN_COMPLETED: 'PLAN_COMPLETED',
  PLAN_EXPIRED: 'PLAN_EXPIRED',
  LEGAL_REFERRAL: 'LEGAL_REFERRAL',
} as const;
export type CaseEvent = (typeof CaseEvent)[keyof typeof CaseEvent];

/**
 * Events of one instant (close of business writes several at once) read in
 * the order the run does them: promises, plans, resolution, opening, buckets.
 */
export const CASE_EVENT_ORDER: readonly CaseEvent[] = [
  CaseEvent.PROMISE_KEPT,
  CaseEvent.PROMISE_BROKEN,
  CaseEvent.PLAN_BROKEN,
  CaseEvent.PLAN_COMPLETED,
  CaseEvent.PLAN_EXPIRED,
  CaseEvent.CASE_RESOLVED,
  CaseEvent.CASE_OPENED,
  CaseEvent.BUCKET_CHANGED,
];

/** The actor id of what close of business does. */
export const SYSTEM_ACTOR = 'close-of-business';

/** The actor id of what a repayment does to its loan's case the moment it lands (followRepayment). */
export const REPAYMENT_ACTOR = 'repayment';
