import { count, eq, sql } from 'drizzle-orm';
import { getBorrower } from '@lending/borrowers';
import { withTransaction } from '@lending/db';
import { err, errs, newId, ok, type Result } from '@lending/kernel';
import {
  CONTACT_LIMITS,
  ContactDataError,
  type ContactDataDeps,
  type ReferenceContactValue,
} from './contact-data.js';
import {
  ContactValueError,
  NAME_MAX_LENGTH,
  normalizePhone,
  normalizeText,
  RELATIONSHIP_MAX_LENGTH,
} from './contact-values.js';
import { referenceContactsTable } from './schema.js';
import { Sealed } from './sealed.js';
import { ContactScope } from './vocabulary.js';

export interface AddReferenceContactInput {
  readonly relationship: string;
  readonly name: string;
  readonly phone: string;
}

export async function addReferenceContact(
  deps: ContactDataDeps,
  borrowerId: string,
  input: AddReferenceContactInput,
): Promise<Result<Sealed<ReferenceContactValue>, ContactDataError>> {
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
  if (!relationship.ok || !name.ok || !phone.ok) {
    return errs([relationship, name, phone].flatMap((r) => (r.ok ? [] : r.errors)));
  }

  return withTransaction(deps.db, async (tx) => {
    if (!(await getBorrower(tx, borrowerId))) {
      return err(ContactDataError.BORROWER_NOT_FOUND, 'No such borrower.', ['borrowerId']);
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
      return err(
        ContactDataError.LIMIT_EXCEEDED,
        `At most ${CONTACT_LIMITS.referenceContactsPerBorrower} reference contacts.`,
      );
    }
    const id = newId();
    const sealed = deps.vault.seal(
      { borrowerId, scope: ContactScope.REFERENCE_CONTACTS, rowId: id },
      {
        id,
        relationship: relationship.value,
        name: name.value,
        phone: phone.value,
      } satisfies ReferenceContactValue,
    );
    await tx
      .insert(referenceContactsTable)
      .values({ id, borrowerId, ...sealed, createdAt: deps.clock.now() });
    return ok(
      new Sealed<ReferenceContactValue>(
        borrowerId,
        ContactScope.REFERENCE_CONTACTS,
        id,
        sealed.keyId,
        sealed.ciphertext,
      ),
    );
  });
}
