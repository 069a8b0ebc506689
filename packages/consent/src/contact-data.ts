import { BorrowerErrorCode } from '@lending/borrowers';
import { IdempotencyError, type Db } from '@lending/db';
import type { Clock } from '@lending/kernel';
import { ContactValueError } from './contact-values.js';
import type { ContactVault } from './vault.js';
import type { ContactKind } from './vocabulary.js';

export interface ContactDataDeps {
  readonly db: Db;
  readonly vault: ContactVault;
  readonly clock: Clock;
}

/** What the vault holds for each scope, once revealed. */
export interface ContactPointValue {
  readonly kind: ContactKind;
  readonly value: string;
}
export interface ReferenceContactValue {
  readonly id: string;
  readonly relationship: string;
  readonly name: string;
  readonly phone: string;
}
export interface AddressBookEntryValue {
  readonly name: string;
  readonly phone: string;
}

export const CONTACT_LIMITS = {
  contactPointsPerBorrower: 10,
  referenceContactsPerBorrower: 10,
  addressBookEntriesPerImport: 5000,
  addressBookEntriesPerBorrower: 20000,
  addressBookPageMax: 500,
  /** Errors reported for one import: enough to fix a file, not a dump of it. */
  importErrorsReported: 20,
} as const;

export const ContactDataError = {
  ...IdempotencyError,
  ...ContactValueError,
  ...BorrowerErrorCode,
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  BORROWER_NOT_FOUND: 'BORROWER_NOT_FOUND',
} as const;
export type ContactDataError = (typeof ContactDataError)[keyof typeof ContactDataError];
