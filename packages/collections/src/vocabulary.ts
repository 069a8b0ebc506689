/** The words of collections, as the contract spells them. */

export const DelinquencyBucket = {
  CURRENT: 'CURRENT',
  DPD_1_30: 'DPD_1_30',
  DPD_31_60: 'DPD_31_60',
  DPD_61_90: 'DPD_61_90',
  DPD_90_PLUS: 'DPD_90_PLUS',
} as const;
export type DelinquencyBucket = (typeof DelinquencyBucket)[keyof typeof DelinquencyBucket];

export const CaseStatus = {
  OPEN: 'OPEN',
  PROMISED: 'PROMISED',
  HARDSHIP: 'HARDSHIP',
  LEGAL: 'LEGAL',
  RESOLVED: 'RESOLVED',
} as const;
export type CaseStatus = (typeof CaseStatus)[keyof typeof CaseStatus];

/** Why a case was resolved. */
export const CaseResolution = {
  CURED: 'CURED',
  PAID_OFF: 'PAID_OFF',
  RECOVERED: 'RECOVERED',
} as const;
export type CaseResolution = (typeof CaseResolution)[keyof typeof CaseResolution];

export const ContactChannel = {
  SMS: 'SMS',
  PUSH: 'PUSH',
  CALL: 'CALL',
  EMAIL: 'EMAIL',
  LETTER: 'LETTER',
} as const;
export type ContactChannel = (typeof ContactChannel)[keyof typeof ContactChannel];
export const CONTACT_CHANNELS = Object.values(ContactChannel);

export const ContactTarget = {
  BORROWER: 'BORROWER',
  REFERENCE_CONTACT: 'REFERENCE_CONTACT',
} as const;
export type ContactTarget = (typeof ContactTarget)[keyof typeof ContactTarget];

/** Outcomes of an attempt that happened; REFUSED marks one the rules stopped. */
export const AttemptOutcome = {
  CONNECTED: 'CONNECTED',
  NO_ANSWER: 'NO_ANSWER',
  VOICEMAIL: 'VOICEMAIL',
  BUSY: 'BUSY',
  DELIVERED: 'DELIVERED',
  FAILED: 'FAILED',
  REFUSED: 'REFUSED',
} as const;
export type AttemptOutcome = (typeof AttemptOutcome)[keyof typeof AttemptOutcome];
/** What a collector may log: everything but REFUSED, which only the rules write. */
export const LOGGABLE_OUTCOMES = Object.values(AttemptOutcome).filter(
  (o) => o !== AttemptOutcome.REFUSED,
);

/** Outcomes that mean the person was reached. */
export const REACHED_OUTCOMES: readonly AttemptOutcome[] = [AttemptOutcome.CONNECTED];

export const PromiseStatus = { PENDING: 'PENDING', KEPT: 'KEPT', BROKEN: 'BROKEN' } as const;
export type PromiseStatus = (typeof PromiseStatus)[keyof typeof PromiseStatus];
