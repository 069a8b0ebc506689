import { desc, eq, inArray } from 'drizzle-orm';
import { getBusinessDate, withTransaction, type Db } from '@lending/db';
import {
  BusinessDate,
  err,
  Money,
  newId,
  ok,
  Role,
  type Clock,
  type Result,
} from '@lending/kernel';
import { getLoansByIds, loanBalances } from '@lending/ledger';
import { recordCaseEvent } from './case-events.js';
import { CollectionsError } from './errors.js';
import { CaseEvent } from './events.js';
import { collectionCasesTable, promisesToPayTable } from './schema.js';
import { CaseStatus, PromiseStatus } from './vocabulary.js';

export interface PromiseToPay {
  readonly id: string;
  readonly caseId: string;
  readonly amount: Money;
  readonly dueDate: BusinessDate;
  readonly status: PromiseStatus;
  readonly recordedAt: Date;
  readonly recordedBy: string;
  readonly resolvedOn: BusinessDate | null;
}

/** A promise is due within this many days of the business date it is made on. */
export const PROMISE_HORIZON_DAYS = 30;

/**
 * Records a promise to pay on an open case: by the borrower on their own
 * case, the collector assigned to it, or OPS. The amount is in the loan's
 * currency, positive and at most what settles the loan today; the due date
 * is from today to PROMISE_HORIZON_DAYS ahead. One promise is pending at a
 * time; recording the same pending promise again answers it. Close of
 * business marks it KEPT or BROKEN from the repayments received.
 */
export async function recordPromiseToPay(
  deps: { db: Db; clock: Clock },
  actor: { id: string; role: Role; borrowerId: string | null },
  input: { caseId: string; amount: Money; dueDate: BusinessDate },
): Promise<Result<PromiseToPay, CollectionsError>> {
  if (!input.amount.isPositive()) {
    return err(CollectionsError.INVALID_AMOUNT, 'The amount must be positive.', [
      'amount',
      'amount',
    ]);
  }
  return withTransaction(deps.db, async (tx): Promise<Result<PromiseToPay, CollectionsError>> => {
    const [row] = await tx
      .select()
      .from(collectionCasesTable)
      .where(eq(collectionCasesTable.id, input.caseId))
      .for('update');
    if (!row) return err(CollectionsError.CASE_NOT_FOUND, 'No such case.', ['caseId']);
    const allowed =
      actor.role === Role.OPS ||
      (actor.role === Role.BORROWER && actor.borrowerId === row.borrowerId) ||
      (actor.role === Role.COLLECTOR && row.assignedTo === actor.id);
    if (!allowed) return err(CollectionsError.NOT_ASSIGNED, 'This case is not yours.', ['caseId']);
    if (row.status !== CaseStatus.OPEN && row.status !== CaseStatus.PROMISED) {
      return err(
        CollectionsError.CASE_NOT_OPEN,
        `A promise is recorded on an open case; this one is ${row.status}.`,
        ['caseId'],
      );
    }
    if (input.amount.currency !== row.currency) {
      return err(CollectionsError.CURRENCY_MISMATCH, `This loan is in ${row.currency}.`, [
        'amount',
        'currency',
      ]);
    }
    const today = BusinessDate.parseOrThrow(await getBusinessDate(tx));
    const horizon = today.addDays(PROMISE_HORIZON_DAYS);
    if (input.dueDate.isBefore(today) || input.dueDate.isAfter(horizon)) {
      return err(
        CollectionsError.DUE_DATE_OUT_OF_RANGE,
        `The due date must be from ${today.toString()} to ${horizon.toString()}.`,
        ['dueDate'],
      );
    }
    const [pending] = await tx
      .select()
      .from(promisesToPayTable)
      .where(eq(promisesToPayTable.caseId, row.id))
      .orderBy(desc(promisesToPayTable.recordedAt));
    if (pending && pending.status === PromiseStatus.PENDING) {
      const same =
        BigInt(pending.amountMinor) === input.amount.minor &&
        pending.dueDate === input.dueDate.toString();
      return same
        ? ok(toPromise(pending))
        : err(CollectionsError.PROMISE_PENDING, 'A promise is already pending on this case.', [
            'caseId',
          ]);
    }
    const [loan] = await getLoansByIds(tx, [row.loanId]);
    if (!loan) throw new Error('case without its loan');
    const owed = (await loanBalances(tx, [loan])).get(loan.id)!.total;
    if (input.amount.compare(owed) > 0) {
      return err(
        CollectionsError.AMOUNT_EXCEEDS_OWED,
        `The amount is more than is owed (${owed.toString()}).`,
        ['amount', 'amount'],
      );
    }
    const now = deps.clock.now();
    const [stored] = await tx
      .insert(promisesToPayTable)
      .values({
        id: newId(),
        caseId: row.id,
        borrowerId: row.borrowerId,
        loanId: row.loanId,
        currency: row.currency,
        amountMinor: input.amount.minor,
        dueDate: input.dueDate.toString(),
        status: PromiseStatus.PENDING,
        recordedAt: now,
        recordedBy: actor.id,
      })
      .returning();
    await tx
      .update(collectionCasesTable)
      .set({ status: CaseStatus.PROMISED, updatedAt: now })
      .where(eq(collectionCasesTable.id, row.id));
    await recordCaseEvent(tx, {
      caseId: row.id,
      borrowerId: row.borrowerId,
      kind: CaseEvent.PROMISE_RECORDED,
      actor,
      at: now,
      details: {
        amount: input.amount.format(),
        currency: row.currency,
        dueDate: input.dueDate.toString(),
      },
    });
    return ok(toPromise(stored!));
  });
}

function toPromise(r: typeof promisesToPayTable.$inferSelect): PromiseToPay {
  return {
    id: r.id,
    caseId: r.caseId,
    amount: Money.of(BigInt(r.amountMinor), r.currency),
    dueDate: BusinessDate.parseOrThrow(r.dueDate),
    status: r.status as PromiseStatus,
    recordedAt: r.recordedAt,
    recordedBy: r.recordedBy,
    resolvedOn: r.resolvedOn ? BusinessDate.parseOrThrow(r.resolvedOn) : null,
  };
}

/** Each case's promises, oldest first. */
export async function listPromisesOfCases(
  db: Db,
  caseIds: readonly string[],
): Promise<Map<string, PromiseToPay[]>> {
  const result = new Map<string, PromiseToPay[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return result;
  const rows = await db
    .select()
    .from(promisesToPayTable)
    .where(inArray(promisesToPayTable.caseId, [...caseIds]))
    .orderBy(promisesToPayTable.recordedAt);
  for (const r of rows) result.get(r.caseId)?.push(toPromise(r));
  return result;
}
