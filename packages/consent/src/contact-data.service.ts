import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import { createBorrower, getBorrower, validateNewBorrower } from '@lending/borrowers';
import {
  idempotent,
  isValidIdempotencyKey,
  withTransaction,
  type Db,
  IDEMPOTENCY_KEY_RULE,
} from '@lending/db';
import { newId, type Clock } from '@lending/kernel';
import {
  ContactValueError,
  NAME_MAX_LENGTH,
  RELATIONSHIP_MAX_LENGTH,
  normalizeContactValue,
  normalizePhone,
  normalizeText,
} from './contact-values.js';
import { addressBookEntriesTable, contactPointsTable, referenceContactsTable } from './schema.js';
import { Sealed } from './sealed.js';
import type { ContactVault } from './vault.js';
import { ContactScope, type ContactKind } from './vocabulary.js';

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
  ...ContactValueError,
  INVALID_DISPLAY_NAME: 'INVALID_DISPLAY_NAME',
  INVALID_TIME_ZONE: 'INVALID_TIME_ZONE',
  INVALID_IDEMPOTENCY_KEY: 'INVALID_IDEMPOTENCY_KEY',
  CONFLICT: 'CONFLICT',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  BORROWER_NOT_FOUND: 'BORROWER_NOT_FOUND',
} as const;
export type ContactDataError = (typeof ContactDataError)[keyof typeof ContactDataError];

export interface ContactDataFailure {
  readonly code: ContactDataError;
  readonly message: string;
  readonly field?: string[];
}

export type MultiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly ContactDataFailure[] };

const invalid = (
  code: ContactDataError,
  message: string,
  field?: string[],
): { ok: false; errors: ContactDataFailure[] } => ({
  ok: false,
  errors: [{ code, message, ...(field ? { field } : {}) }],
});

// ------------------------------------------------------------- registration

export interface RegisterBorrowerInput {
  readonly displayName: string;
  readonly timeZone: string;
  readonly contactPoints: readonly { kind: ContactKind; value: string }[];
  readonly idempotencyKey: string;
}

/**
 * Creates a borrower with their contact points, once per idempotency key
 * (scoped to the registering actor): a replay returns the same borrower, the
 * same key with other input is a CONFLICT, and a refusal writes nothing.
 */
export async function registerBorrower(
  deps: ContactDataDeps,
  actorId: string,
  input: RegisterBorrowerInput,
): Promise<MultiResult<{ borrowerId: string; replayed: boolean }>> {
  if (!isValidIdempotencyKey(input.idempotencyKey)) {
    return invalid(ContactDataError.INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_RULE, [
      'idempotencyKey',
    ]);
  }
  const borrower = validateNewBorrower(input);
  if (!borrower.ok) return invalid(borrower.code, borrower.message, borrower.field);
  if (input.contactPoints.length > CONTACT_LIMITS.contactPointsPerBorrower) {
    return invalid(
      ContactDataError.LIMIT_EXCEEDED,
      `At most ${CONTACT_LIMITS.contactPointsPerBorrower} contact points.`,
      ['contactPoints'],
    );
  }
  const errors: ContactDataFailure[] = [];
  const points = new Map<string, ContactPointValue>();
  input.contactPoints.forEach((point, i) => {
    const normal = normalizeContactValue(point.kind, point.value, [
      'contactPoints',
      String(i),
      'value',
    ]);
    if (!normal.ok) errors.push(normal);
    else points.set(`${point.kind}:${normal.value}`, { kind: point.kind, value: normal.value });
  });
  if (errors.length > 0) return { ok: false, errors };

  const unique = [...points.values()];
  const requestDigest = deps.vault.digest(
    JSON.stringify([
      borrower.value.displayName,
      borrower.value.timeZone,
      unique.map((p) => [p.kind, p.value]).sort(),
    ]),
  );
  const now = deps.clock.now();
  const outcome = await withTransaction(deps.db, (tx) =>
    idempotent<{ borrowerId: string }, never>(
      tx,
      { operation: 'registerBorrower', actorId, key: input.idempotencyKey, requestDigest },
      now,
      async () => {
        const created = await createBorrower(tx, borrower.value, deps.clock);
        if (!created.ok) throw new Error(`validated borrower refused: ${created.code}`);
        const borrowerId = created.value.id;
        await insertContactPoints({ ...deps, db: tx }, borrowerId, unique);
        return { store: { borrowerId } };
      },
    ),
  );
  switch (outcome.kind) {
    case 'fresh':
      return { ok: true, value: { borrowerId: outcome.value.borrowerId, replayed: false } };
    case 'replayed':
      return { ok: true, value: { borrowerId: outcome.value.borrowerId, replayed: true } };
    case 'conflict':
      return invalid(
        ContactDataError.CONFLICT,
        'This idempotency key was already used with different input.',
        ['idempotencyKey'],
      );
    case 'aborted':
      throw new Error('registerBorrower never aborts');
  }
}

/** Stores already normalised contact points; callers validate and own the transaction. */
export async function insertContactPoints(
  deps: ContactDataDeps,
  borrowerId: string,
  points: readonly ContactPointValue[],
): Promise<void> {
  if (points.length === 0) return;
  const now = deps.clock.now();
  await deps.db.insert(contactPointsTable).values(
    points.map((point) => ({
      id: newId(),
      borrowerId,
      ...deps.vault.seal(borrowerId, ContactScope.SELF_CONTACT, {
        kind: point.kind,
        value: point.value,
      }),
      createdAt: now,
    })),
  );
}

/** Whether a borrower has stored contact points (for seeding; reveals nothing of them). */
export async function hasContactPoints(db: Db, borrowerId: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(contactPointsTable)
    .where(eq(contactPointsTable.borrowerId, borrowerId));
  return (row?.n ?? 0) > 0;
}

// ------------------------------------------------------- reference contacts

export interface AddReferenceContactInput {
  readonly relationship: string;
  readonly name: string;
  readonly phone: string;
}

export async function addReferenceContact(
  deps: ContactDataDeps,
  borrowerId: string,
  input: AddReferenceContactInput,
): Promise<MultiResult<Sealed<ReferenceContactValue>>> {
  const relationship = normalizeText(
    input.relationship,
    RELATIONSHIP_MAX_LENGTH,
    ContactValueError.INVALID_RELATIONSHIP,
    'Relationship',
    ['relationship'],
  );
  const name = normalizeText(input.name, NAME_MAX_LENGTH, ContactValueError.INVALID_NAME, 'Name', [
    'name',
  ]);
  const phone = normalizePhone(input.phone, ['phone']);
  const errors = [relationship, name, phone].filter((r) => !r.ok);
  if (!relationship.ok || !name.ok || !phone.ok) return { ok: false, errors };

  return withTransaction(deps.db, async (tx) => {
    if (!(await getBorrower(tx, borrowerId))) {
      return invalid(ContactDataError.BORROWER_NOT_FOUND, 'No such borrower.', ['borrowerId']);
    }
    // Serialises this borrower's additions so two concurrent ones cannot both pass the limit.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`reference:${borrowerId}`}, 0))`,
    );
    const [row] = await tx
      .select({ n: count() })
      .from(referenceContactsTable)
      .where(eq(referenceContactsTable.borrowerId, borrowerId));
    if ((row?.n ?? 0) >= CONTACT_LIMITS.referenceContactsPerBorrower) {
      return invalid(
        ContactDataError.LIMIT_EXCEEDED,
        `At most ${CONTACT_LIMITS.referenceContactsPerBorrower} reference contacts.`,
      );
    }
    const id = newId();
    const sealed = deps.vault.seal(borrowerId, ContactScope.REFERENCE_CONTACTS, {
      id,
      relationship: relationship.value,
      name: name.value,
      phone: phone.value,
    } satisfies ReferenceContactValue);
    await tx
      .insert(referenceContactsTable)
      .values({ id, borrowerId, ...sealed, createdAt: deps.clock.now() });
    return {
      ok: true,
      value: new Sealed<ReferenceContactValue>(
        borrowerId,
        ContactScope.REFERENCE_CONTACTS,
        id,
        sealed.keyId,
        sealed.ciphertext,
      ),
    } as const;
  });
}

// ------------------------------------------------------------- address book

/**
 * Imports address-book entries: all valid or nothing written; duplicates
 * (by normalised phone, within the import and against what is stored) are
 * skipped. Returns how many entries are new.
 */
export async function importAddressBook(
  deps: ContactDataDeps,
  borrowerId: string,
  entries: readonly AddressBookEntryValue[],
): Promise<MultiResult<{ imported: number }>> {
  if (entries.length > CONTACT_LIMITS.addressBookEntriesPerImport) {
    return invalid(
      ContactDataError.LIMIT_EXCEEDED,
      `At most ${CONTACT_LIMITS.addressBookEntriesPerImport} entries per import.`,
      ['entries'],
    );
  }
  const errors: ContactDataFailure[] = [];
  const byDigest = new Map<string, AddressBookEntryValue>();
  entries.forEach((entry, i) => {
    const name = normalizeText(
      entry.name,
      NAME_MAX_LENGTH,
      ContactValueError.INVALID_NAME,
      'Name',
      ['entries', String(i), 'name'],
    );
    const phone = normalizePhone(entry.phone, ['entries', String(i), 'phone']);
    if (!name.ok) errors.push(name);
    if (!phone.ok) errors.push(phone);
    if (name.ok && phone.ok) {
      const digest = deps.vault.digest(phone.value);
      if (!byDigest.has(digest)) byDigest.set(digest, { name: name.value, phone: phone.value });
    }
  });
  if (errors.length > 0)
    return { ok: false, errors: errors.slice(0, CONTACT_LIMITS.importErrorsReported) };

  return withTransaction(deps.db, async (tx) => {
    if (!(await getBorrower(tx, borrowerId))) {
      return invalid(ContactDataError.BORROWER_NOT_FOUND, 'No such borrower.', ['borrowerId']);
    }
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`address-book:${borrowerId}`}, 0))`,
    );
    const [row] = await tx
      .select({ n: count() })
      .from(addressBookEntriesTable)
      .where(eq(addressBookEntriesTable.borrowerId, borrowerId));
    if ((row?.n ?? 0) + byDigest.size > CONTACT_LIMITS.addressBookEntriesPerBorrower) {
      return invalid(
        ContactDataError.LIMIT_EXCEEDED,
        `An address book holds at most ${CONTACT_LIMITS.addressBookEntriesPerBorrower} entries.`,
        ['entries'],
      );
    }
    const now = deps.clock.now();
    const rows = [...byDigest].map(([phoneDigest, entry]) => ({
      id: newId(),
      borrowerId,
      ...deps.vault.seal(borrowerId, ContactScope.ADDRESS_BOOK, entry),
      phoneDigest,
      createdAt: now,
    }));
    let imported = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await tx
        .insert(addressBookEntriesTable)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing()
        .returning({ id: addressBookEntriesTable.id });
      imported += inserted.length;
    }
    return { ok: true, value: { imported } } as const;
  });
}

// ------------------------------------------------------------------ loading
// Loaders hand out Sealed values only; the guard decides and reveals.

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
