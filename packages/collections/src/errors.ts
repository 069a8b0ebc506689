import { FreeTextError } from '@lending/kernel';
import { ComplianceRule } from './compliance.js';

/** Every code collections answers with, closed; the compliance rules name refusals of attempts. */
export const CollectionsError = {
  ...ComplianceRule,
  ...FreeTextError,
  CASE_NOT_FOUND: 'CASE_NOT_FOUND',
  CASE_NOT_OPEN: 'CASE_NOT_OPEN',
  NOT_ASSIGNABLE: 'NOT_ASSIGNABLE',
  INVALID_COLLECTOR: 'INVALID_COLLECTOR',
  INVALID_OUTCOME: 'INVALID_OUTCOME',
  INVALID_TARGET: 'INVALID_TARGET',
  REFERENCE_CONTACT_NOT_FOUND: 'REFERENCE_CONTACT_NOT_FOUND',
  AT_OUT_OF_RANGE: 'AT_OUT_OF_RANGE',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  AMOUNT_EXCEEDS_OWED: 'AMOUNT_EXCEEDS_OWED',
  DUE_DATE_OUT_OF_RANGE: 'DUE_DATE_OUT_OF_RANGE',
  PROMISE_PENDING: 'PROMISE_PENDING',
  INVALID_REASON: 'INVALID_REASON',
  NOT_YOUR_BORROWER: 'NOT_YOUR_BORROWER',
  PLAN_NOT_FOUND: 'PLAN_NOT_FOUND',
  PLAN_NOT_OFFERED: 'PLAN_NOT_OFFERED',
  PLAN_EXPIRED: 'PLAN_EXPIRED',
  INVALID_PLAN: 'INVALID_PLAN',
  PLAN_PENDING: 'PLAN_PENDING',
} as const;
export type CollectionsError = (typeof CollectionsError)[keyof typeof CollectionsError];
