import { count, eq, sql } from 'drizzle-orm';
import { getBorrower } from '@lending/borrowers';
import { withTransaction } from '@lending/db';
import { err, errs, newId, ok, type Problem, type Result } from '@lending/kernel';
import {
  CONTACT_LIMITS,
  ContactDataError,
  type AddressBookEntryValue,
  type ContactDataDeps,
} from './contact-data.js';
import {
  ContactValueError,
  NAME_MAX_LENGTH,
  normalizePhone,
  normalizeText,
} from './contact-values.js';
import { addressBookEntriesTable } from './schema.js';
import { ContactScope } from './vocabulary.js';

/**
 * Imports address-book entries: all valid or nothing written; duplicates
 * (by normalised phone, within the import and against what is stored) are
 * skipped. Returns how many entries are new.
 */
export async function importAddressBook(
  deps: ContactDataDeps,
  borrowerId: string,
  entries: readonly AddressBookEntryValue[],
): Promise<Result<{ imported: number }, ContactDataError>> {
  if (entries.length > CONTACT_LIMITS.addressBookEntriesPerImport) {
    return err(
      ContactDataError.LIMIT_EXCEEDED,
      `At most ${CONTACT_LIMITS.addressBookEntriesPerImport} entries per import.`,
      ['entries'],
    );
  }
  const problems: Problem<ContactDataError>[] = [];
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
    if (!name.ok) problems.push(...name.errors);
    if (!phone.ok) problems.push(...phone.errors);
    if (name.ok && phone.ok) {
      const digest = deps.vault.phoneDigest(borrowerId, phone.value);
      if (!byDigest.has(digest)) byDigest.set(digest, { name: name.value, phone: phone.value });
    }
  });
  if (problems.length > 0) return errs(problems.slice(0, CONTACT_LIMITS.importErrorsReported));

  return withTransaction(deps.db, async (tx) => {
    if (!(await getBorrower(tx, borrowerId))) {
      return err(ContactDataError.BORROWER_NOT_FOUND, 'No such borrower.', ['borrowerId']);
    }
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`address-book:${borrowerId}`}, 0))`,
    );
    const [row] = await tx
      .select({ n: count() })
      .from(addressBookEntriesTable)
      .where(eq(addressBookEntriesTable.borrowerId, borrowerId));
    if ((row?.n ?? 0) + byDigest.size > CONTACT_LIMITS.addressBookEntriesPerBorrower) {
      return err(
        ContactDataError.LIMIT_EXCEEDED,
        `An address book holds at most ${CONTACT_LIMITS.addressBookEntriesPerBorrower} entries.`,
        ['entries'],
      );
    }
    const now = deps.clock.now();
    const rows = [...byDigest].map(([phoneDigest, entry]) => {
      const id = newId();
      return {
        id,
        borrowerId,
        ...deps.vault.seal({ borrowerId, scope: ContactScope.ADDRESS_BOOK, rowId: id }, entry),
        phoneDigest,
        createdAt: now,
      };
    });
    let imported = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await tx
        .insert(addressBookEntriesTable)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing()
        .returning({ id: addressBookEntriesTable.id });
      imported += inserted.length;
    }
    return ok({ imported });
  });
}
