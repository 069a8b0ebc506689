import { IdempotencyError } from '@lending/db';
import { FreeTextError } from '@lending/kernel';

/**
 * Every code the ledger's services answer with, closed: a client's
 * `userErrors[].code` is one of these (or a money-parsing code from kernel).
 */
export const LedgerError = {
  ...IdempotencyError,
  ...FreeTextError,
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_TERM: 'INVALID_TERM',
  INVALID_LIMIT: 'INVALID_LIMIT',
  INVALID_RATE: 'INVALID_RATE',
  INVALID_REASON: 'INVALID_REASON',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  INSUFFICIENT_AVAILABLE: 'INSUFFICIENT_AVAILABLE',
  LIMIT_BELOW_DRAWN: 'LIMIT_BELOW_DRAWN',
  LINE_NOT_ACTIVE: 'LINE_NOT_ACTIVE',
  LOAN_PAID_OFF: 'LOAN_PAID_OFF',
  BORROWER_NOT_FOUND: 'BORROWER_NOT_FOUND',
  CREDIT_LINE_NOT_FOUND: 'CREDIT_LINE_NOT_FOUND',
  LOAN_NOT_FOUND: 'LOAN_NOT_FOUND',
  REPAYMENT_NOT_FOUND: 'REPAYMENT_NOT_FOUND',
  NOT_YOUR_CREDIT_LINE: 'NOT_YOUR_CREDIT_LINE',
  NOT_YOUR_LOAN: 'NOT_YOUR_LOAN',
  NOT_ALLOWED: 'NOT_ALLOWED',
  LOAN_NOT_LIVE: 'LOAN_NOT_LIVE',
  LOAN_RESTRUCTURED: 'LOAN_RESTRUCTURED',
  INVALID_PLAN: 'INVALID_PLAN',
  /** The loan's method has no such use of money beyond what is due (a bullet's term cannot shorten). */
  EXCESS_USE_NOT_AVAILABLE: 'EXCESS_USE_NOT_AVAILABLE',
  /** A reversal would take back credit balance that has been used already. */
  CREDIT_BALANCE_USED: 'CREDIT_BALANCE_USED',
} as const;
export type LedgerError = (typeof LedgerError)[keyof typeof LedgerError];
