import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '@lending/db';
import {
  CONTACT_LIMITS,
  type AddressBookEntryValue,
  type ContactPointValue,
  type ReferenceContactValue,
} from './contact-data.js';
import { addressBookEntriesTable, contactPointsTable, referenceContactsTable } from './schema.js';
import { Sealed } from './sealed.js';
import { ContactScope } from './vocabulary.js';

/** Loaders hand out Sealed values only; the guard decides and reveals. */

export async function loadSealedContactPoints(
  db: Db,
  borrowerIds: readonly string[],
): Promise<Map<string, Sealed<ContactPointValue>[]>> {
  return loadSealedByBorrower(db, contactPointsTable, ContactScope.SELF_CONTACT, borrowerIds);
}

export async function loadSealedReferenceContacts(
  db: Db,
  borrowerIds: readonly string[],
): Promise<Map<string, Sealed<ReferenceContactValue>[]>> {
  return loadSealedByBorrower(
    db,
    referenceContactsTable,
    ContactScope.REFERENCE_CONTACTS,
    borrowerIds,
  );
}

async function loadSealedByBorrower<T>(
  db: Db,
  table: typeof contactPointsTable | typeof referenceContactsTable,
  scope: ContactScope,
  borrowerIds: readonly string[],
): Promise<Map<string, Sealed<T>[]>> {
  const result = new Map<string, Sealed<T>[]>(borrowerIds.map((id) => [id, []]));
  if (borrowerIds.length === 0) return result;
  const rows = await db
    .select()
    .from(table)
    .where(inArray(table.borrowerId, [...borrowerIds]))
    .orderBy(asc(table.borrowerId), asc(table.id));
  for (const row of rows) {
    result
      .get(row.borrowerId)
      ?.push(new Sealed<T>(row.borrowerId, scope, row.id, row.keyId, row.ciphertext));
  }
  return result;
}

export interface SealedPage<T> {
  readonly items: readonly Sealed<T>[];
  readonly hasNextPage: boolean;
}

/** Address-book entries in insertion order, after the entry id `afterId`. */
export async function loadSealedAddressBookPage(
  db: Db,
  borrowerId: string,
  first: number,
  afterId: string | null,
): Promise<SealedPage<AddressBookEntryValue>> {
  const limit = Math.max(0, Math.min(first, CONTACT_LIMITS.addressBookPageMax));
  const rows = await db
    .select()
    .from(addressBookEntriesTable)
    .where(
      and(
        eq(addressBookEntriesTable.borrowerId, borrowerId),
        afterId ? gt(addressBookEntriesTable.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(addressBookEntriesTable.id))
    .limit(limit + 1);
  return {
    items: rows
      .slice(0, limit)
      .map(
        (r) =>
          new Sealed<AddressBookEntryValue>(
            borrowerId,
            ContactScope.ADDRESS_BOOK,
            r.id,
            r.keyId,
            r.ciphertext,
          ),
      ),
    hasNextPage: rows.length > limit,
  };
}
