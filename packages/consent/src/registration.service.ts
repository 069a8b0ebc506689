import { count, eq } from 'drizzle-orm';
import { createBorrower, validateNewBorrower, type Jurisdiction } from '@lending/borrowers';
import { runIdempotent, type Db } from '@lending/db';
import { err, errs, newId, ok, unwrap, type Problem, type Result } from '@lending/kernel';
import {
  CONTACT_LIMITS,
  ContactDataError,
  type ContactDataDeps,
  type ContactPointValue,
} from './contact-data.js';
import { normalizeContactValue } from './contact-values.js';
import { contactPointsTable } from './schema.js';
import { ContactScope, type ContactKind } from './vocabulary.js';

export interface RegisterBorrowerInput {
  readonly displayName: string;
  readonly timeZone: string;
  /** CN when not given. */
  readonly jurisdiction?: Jurisdiction | null | undefined;
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
): Promise<Result<{ borrowerId: string; replayed: boolean }, ContactDataError>> {
  const borrower = validateNewBorrower({ ...input, jurisdiction: input.jurisdiction ?? undefined });
  if (!borrower.ok) return borrower;
  if (input.contactPoints.length > CONTACT_LIMITS.contactPointsPerBorrower) {
    return err(
      ContactDataError.LIMIT_EXCEEDED,
      `At most ${CONTACT_LIMITS.contactPointsPerBorrower} contact points.`,
      ['contactPoints'],
    );
  }
  const problems: Problem<ContactDataError>[] = [];
  const points = new Map<string, ContactPointValue>();
  input.contactPoints.forEach((point, i) => {
    const normal = normalizeContactValue(point.kind, point.value, [
      'contactPoints',
      String(i),
      'value',
    ]);
    if (!normal.ok) problems.push(...normal.errors);
    else points.set(`${point.kind}:${normal.value}`, { kind: point.kind, value: normal.value });
  });
  if (problems.length > 0) return errs(problems);

  const unique = [...points.values()];
  return runIdempotent(
    deps.db,
    {
      operation: 'registerBorrower',
      actorId,
      key: input.idempotencyKey,
      // Names and contact values are personal data: blinded by the vault's keyed digest first.
      request: {
        blinded: deps.vault.digest(
          JSON.stringify([
            borrower.value.displayName,
            borrower.value.timeZone,
            borrower.value.jurisdiction,
            unique.map((p) => [p.kind, p.value]).sort(),
          ]),
        ),
      },
      now: deps.clock.now(),
    },
    async (tx) => {
      const created = unwrap(await createBorrower(tx, borrower.value, deps.clock));
      await insertContactPoints({ ...deps, db: tx }, created.id, unique);
      return ok({ borrowerId: created.id });
    },
  );
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
    points.map((point) => {
      const id = newId();
      return {
        id,
        borrowerId,
        ...deps.vault.seal(
          { borrowerId, scope: ContactScope.SELF_CONTACT, rowId: id },
          { kind: point.kind, value: point.value },
        ),
        createdAt: now,
      };
    }),
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
