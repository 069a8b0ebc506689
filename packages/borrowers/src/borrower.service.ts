import { inArray } from 'drizzle-orm';
import type { Db } from '@lending/db';
import {
  checkFreeText,
  err,
  FreeTextError,
  newId,
  ok,
  type Clock,
  type Result,
} from '@lending/kernel';
import { Jurisdiction, JURISDICTIONS } from './jurisdiction.js';
import { borrowersTable } from './schema.js';

export { Jurisdiction, JURISDICTIONS } from './jurisdiction.js';

export interface Borrower {
  readonly id: string;
  readonly displayName: string;
  readonly timeZone: string;
  readonly jurisdiction: Jurisdiction;
  readonly createdAt: Date;
}

export const BorrowerErrorCode = {
  ...FreeTextError,
  INVALID_DISPLAY_NAME: 'INVALID_DISPLAY_NAME',
  INVALID_TIME_ZONE: 'INVALID_TIME_ZONE',
  INVALID_JURISDICTION: 'INVALID_JURISDICTION',
} as const;
export type BorrowerErrorCode = (typeof BorrowerErrorCode)[keyof typeof BorrowerErrorCode];

export const DISPLAY_NAME_MAX_LENGTH = 100;
/** Upper bound on ids per batched lookup, so one request cannot ask for an unbounded IN list. */
export const BORROWER_BATCH_MAX = 500;

export interface NewBorrower {
  readonly displayName: string;
  readonly timeZone: string;
  /** CN when not given (the contract's default). */
  readonly jurisdiction?: Jurisdiction | undefined;
}

export interface ValidBorrower {
  readonly displayName: string;
  readonly timeZone: string;
  readonly jurisdiction: Jurisdiction;
}

export function validateNewBorrower(input: NewBorrower): Result<ValidBorrower, BorrowerErrorCode> {
  const displayName = input.displayName.trim();
  if (displayName.length === 0 || displayName.length > DISPLAY_NAME_MAX_LENGTH) {
    return err(
      BorrowerErrorCode.INVALID_DISPLAY_NAME,
      `Display name must be 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`,
      ['displayName'],
    );
  }
  // Staff see display names without a grant (queues, cases): no phone number or e-mail in one.
  const clean = checkFreeText(displayName, ['displayName'], 'The display name');
  if (!clean.ok) return clean;
  if (!isIanaTimeZone(input.timeZone)) {
    return err(
      BorrowerErrorCode.INVALID_TIME_ZONE,
      'Time zone must be an IANA zone name such as Asia/Shanghai.',
      ['timeZone'],
    );
  }
  const jurisdiction = input.jurisdiction ?? Jurisdiction.CN;
  if (!JURISDICTIONS.includes(jurisdiction)) {
    return err(BorrowerErrorCode.INVALID_JURISDICTION, 'Jurisdiction must be CN or US.', [
      'jurisdiction',
    ]);
  }
  return ok({ displayName, timeZone: input.timeZone, jurisdiction });
}

const IANA_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

export function isIanaTimeZone(zone: string): boolean {
  return IANA_ZONES.has(zone);
}

/** Inserts a borrower; callers own the transaction (registration also stores contact data). */
export async function createBorrower(
  db: Db,
  input: NewBorrower,
  clock: Clock,
): Promise<Result<Borrower, BorrowerErrorCode>> {
  const valid = validateNewBorrower(input);
  if (!valid.ok) return valid;
  const borrower: Borrower = { id: newId(), ...valid.value, createdAt: clock.now() };
  await db.insert(borrowersTable).values(borrower);
  return ok(borrower);
}

/**
 * Inserts a borrower with a known id unless one exists (seed data, imports
 * from another system); returns the stored row either way.
 */
export async function ensureBorrower(
  db: Db,
  borrower: NewBorrower & { readonly id: string; readonly createdAt: Date },
): Promise<Result<Borrower, BorrowerErrorCode>> {
  const valid = validateNewBorrower(borrower);
  if (!valid.ok) return valid;
  await db
    .insert(borrowersTable)
    .values({ ...borrower, ...valid.value })
    .onConflictDoNothing({ target: borrowersTable.id });
  const stored = await getBorrower(db, borrower.id);
  if (!stored) throw new Error('ensureBorrower: row vanished after insert');
  return ok(stored);
}

/** Borrowers by id, in the order asked, null where none exists. */
export async function getBorrowersByIds(
  db: Db,
  ids: readonly string[],
): Promise<(Borrower | null)[]> {
  if (ids.length === 0) return [];
  if (ids.length > BORROWER_BATCH_MAX) {
    throw new RangeError(`at most ${BORROWER_BATCH_MAX} borrowers per lookup`);
  }
  const rows = await db
    .select()
    .from(borrowersTable)
    .where(inArray(borrowersTable.id, [...ids]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function getBorrower(db: Db, id: string): Promise<Borrower | null> {
  const [borrower] = await getBorrowersByIds(db, [id]);
  return borrower ?? null;
}
