import { and, asc, eq, gt, ne, notLike, or, sql } from 'drizzle-orm';
import { queryRows, withTransaction, type Db } from '@lending/db';
import { addressBookEntriesTable, contactPointsTable, referenceContactsTable } from './schema.js';
import { Sealed } from './sealed.js';
import { PHONE_DIGEST_FORMAT, SEAL_FORMAT, VaultError, type ContactVault } from './vault.js';
import { ContactScope } from './vocabulary.js';

/** Rows opened and sealed again per statement; borrowers' address books per page. */
const RESEAL_BATCH = 500;
const ADDRESS_BOOKS_PER_PAGE = 100;

export interface ResealReport {
  /** Rows sealed again under the current key and format, per table. */
  readonly contactPoints: number;
  readonly referenceContacts: number;
  readonly addressBookEntries: number;
  /** Address-book entries removed because, digested per borrower, they repeat a phone already in the book. */
  readonly duplicatesRemoved: number;
  /**
   * Rows that do not open for their row (moved there, altered, or under a key
   * the vault was not given): left as they are, and every read of them fails.
   */
  readonly unreadable: number;
}

/**
 * Brings every stored contact value up to the vault's current key and
 * format: rows sealed before the row id was bound into the ciphertext (or
 * under a previous key) are opened and sealed again for the same row, and
 * address-book phone digests are recomputed per borrower. Idempotent: a
 * second run finds nothing to do. Safe beside serving and beside another
 * run: each row is replaced only if it still holds what was read
 * (compare-and-set), and a borrower's address book is locked as an import
 * locks it. Runs at gateway start, after the migrations.
 */
export async function resealContactData(deps: {
  db: Db;
  vault: ContactVault;
}): Promise<ResealReport> {
  const points = await resealTable(deps, contactPointsTable, ContactScope.SELF_CONTACT);
  const references = await resealTable(
    deps,
    referenceContactsTable,
    ContactScope.REFERENCE_CONTACTS,
  );
  const book = await resealAddressBooks(deps);
  return {
    contactPoints: points.resealed,
    referenceContacts: references.resealed,
    addressBookEntries: book.resealed,
    duplicatesRemoved: book.duplicatesRemoved,
    unreadable: points.unreadable + references.unreadable + book.unreadable,
  };
}

type SealedTable = typeof contactPointsTable | typeof referenceContactsTable;

function outdated(vault: ContactVault, table: SealedTable | typeof addressBookEntriesTable) {
  return or(
    ne(table.keyId, vault.currentKeyId),
    notLike(table.ciphertext, `${SEAL_FORMAT}%`),
    'phoneDigest' in table ? notLike(table.phoneDigest, `${PHONE_DIGEST_FORMAT}%`) : undefined,
  );
}

interface Replacement {
  readonly id: string;
  /** What the row held when read: it is replaced only if it still does. */
  readonly was: string;
  readonly keyId: string;
  readonly ciphertext: string;
  readonly phoneDigest?: string | null;
}

async function resealTable(
  deps: { db: Db; vault: ContactVault },
  table: SealedTable,
  scope: ContactScope,
): Promise<{ resealed: number; unreadable: number }> {
  let resealed = 0;
  let unreadable = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await deps.db
      .select()
      .from(table)
      .where(and(outdated(deps.vault, table), after ? gt(table.id, after) : undefined))
      .orderBy(asc(table.id))
      .limit(RESEAL_BATCH);
    if (rows.length === 0) return { resealed, unreadable };
    after = rows.at(-1)!.id;
    const replacements: Replacement[] = [];
    for (const row of rows) {
      const next = tryReseal(
        deps.vault,
        new Sealed(row.borrowerId, scope, row.id, row.keyId, row.ciphertext),
      );
      if (next) replacements.push({ id: row.id, was: row.ciphertext, ...next });
      else unreadable++;
    }
    resealed += await replace(deps.db, table, replacements);
  }
}

async function resealAddressBooks(deps: {
  db: Db;
  vault: ContactVault;
}): Promise<{ resealed: number; duplicatesRemoved: number; unreadable: number }> {
  const t = addressBookEntriesTable;
  const total = { resealed: 0, duplicatesRemoved: 0, unreadable: 0 };
  let after: string | null = null;
  for (;;) {
    const borrowers = await deps.db
      .selectDistinct({ borrowerId: t.borrowerId })
      .from(t)
      .where(and(outdated(deps.vault, t), after ? gt(t.borrowerId, after) : undefined))
      .orderBy(asc(t.borrowerId))
      .limit(ADDRESS_BOOKS_PER_PAGE);
    if (borrowers.length === 0) return total;
    after = borrowers.at(-1)!.borrowerId;
    for (const { borrowerId } of borrowers) {
      const one = await resealAddressBook(deps, borrowerId);
      total.resealed += one.resealed;
      total.duplicatesRemoved += one.duplicatesRemoved;
      total.unreadable += one.unreadable;
    }
  }
}

/** One borrower's book, under the lock an import takes, so digests stay unique as they change. */
async function resealAddressBook(
  deps: { db: Db; vault: ContactVault },
  borrowerId: string,
): Promise<{ resealed: number; duplicatesRemoved: number; unreadable: number }> {
  const t = addressBookEntriesTable;
  return withTransaction(deps.db, async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`address-book:${borrowerId}`}, 0))`,
    );
    const rows = await tx.select().from(t).where(eq(t.borrowerId, borrowerId)).orderBy(asc(t.id));
    // Entries already current keep their digests; outdated ones join them oldest first.
    const seen = new Set<string>();
    const pending: (typeof rows)[number][] = [];
    for (const row of rows) {
      if (deps.vault.isOutdated(row, row.phoneDigest)) pending.push(row);
      else seen.add(row.phoneDigest);
    }
    const replacements: Replacement[] = [];
    const duplicates: string[] = [];
    let unreadable = 0;
    for (const row of pending) {
      const next = tryReseal(
        deps.vault,
        new Sealed(borrowerId, ContactScope.ADDRESS_BOOK, row.id, row.keyId, row.ciphertext),
      );
      if (!next) {
        unreadable++;
      } else if (seen.has(next.phoneDigest!)) {
        // The same phone twice in one book (stored under two keys): an import would have skipped it.
        duplicates.push(row.id);
      } else {
        seen.add(next.phoneDigest!);
        replacements.push({ id: row.id, was: row.ciphertext, ...next });
      }
    }
    let duplicatesRemoved = 0;
    for (let i = 0; i < duplicates.length; i += RESEAL_BATCH) {
      const ids = duplicates.slice(i, i + RESEAL_BATCH);
      const removed = await queryRows<{ id: string }>(
        tx,
        sql`delete from ${t} where ${t.id} in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) returning ${t.id}`,
      );
      duplicatesRemoved += removed.length;
    }
    let resealed = 0;
    for (let i = 0; i < replacements.length; i += RESEAL_BATCH) {
      resealed += await replace(tx, t, replacements.slice(i, i + RESEAL_BATCH));
    }
    return { resealed, duplicatesRemoved, unreadable };
  });
}

function tryReseal(vault: ContactVault, sealed: Sealed<unknown>) {
  try {
    return vault.reseal(sealed);
  } catch (error) {
    if (error instanceof VaultError) return null;
    throw error;
  }
}

/** One statement per batch; a row changed since it was read is left to the next run. */
async function replace(
  db: Db,
  table: SealedTable | typeof addressBookEntriesTable,
  rows: readonly Replacement[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const withDigest = table === addressBookEntriesTable;
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${r.id}::uuid, ${r.was}::text, ${r.keyId}::text, ${r.ciphertext}::text, ${r.phoneDigest ?? null}::text)`,
    ),
    sql`, `,
  );
  const updated = await queryRows<{ id: string }>(
    db,
    sql`update ${table} as t
        set key_id = v.key_id, ciphertext = v.ciphertext${
          withDigest ? sql`, phone_digest = v.phone_digest` : sql``
        }
        from (values ${values}) as v(id, was, key_id, ciphertext, phone_digest)
        where t.id = v.id and t.ciphertext = v.was
        returning t.id`,
  );
  return updated.length;
}
