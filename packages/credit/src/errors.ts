import { IdempotencyError } from '@lending/db';
import { FreeTextError } from '@lending/kernel';
import { AttributeError } from './decision/attributes.js';

/** Every code the credit services answer with, closed. */
export const CreditError = {
  ...IdempotencyError,
  ...AttributeError,
  ...FreeTextError,
  UNSUPPORTED_CURRENCY: 'UNSUPPORTED_CURRENCY',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  BORROWER_NOT_FOUND: 'BORROWER_NOT_FOUND',
  APPLICATION_NOT_FOUND: 'APPLICATION_NOT_FOUND',
  INVALID_REVIEW_OUTCOME: 'INVALID_REVIEW_OUTCOME',
  INVALID_REVIEW_REASON: 'INVALID_REVIEW_REASON',
  ALREADY_REVIEWED: 'ALREADY_REVIEWED',
  NOT_REFERRED: 'NOT_REFERRED',
  SELF_REVIEW: 'SELF_REVIEW',
  NO_OFFER: 'NO_OFFER',
  OFFER_EXPIRED: 'OFFER_EXPIRED',
} as const;
export type CreditError = (typeof CreditError)[keyof typeof CreditError];
