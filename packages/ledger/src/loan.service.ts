import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import {
  getBusinessDate,
  idempotent,
  isValidIdempotencyKey,
  withTransaction,
  type Db,
  IDEMPOTENCY_KEY_RULE,
} from '@lending/db';
import { BusinessDate, Money, newId, Rate, type Clock } from '@lending/kernel';
import { Account, EntryKind } from './accounts.js';
import { getCreditLinesByIds, reserveDrawdown, trimRate } from './credit-line.service.js';
import { loanAccountBalances, postEntry } from './journal.js';
import { buildSchedule, type RepaymentMethod, TERMS_MONTHS } from './schedule.js';
import { installmentsTable, loansTable } from './schema.js';

export const LoanStatus = {
  ACTIVE: 'ACTIVE',
  DELINQUENT: 'DELINQUENT',
  PAID_OFF: 'PAID_OFF',
  CHARGED_OFF: 'CHARGED_OFF',
} as const;
export type LoanStatus = (typeof LoanStatus)[keyof typeof LoanStatus];

export const InstallmentStatus = {
  PENDING: 'PENDING',
  DUE: 'DUE',
  PAID: 'PAID',
  OVERDUE: 'OVERDUE',
} as const;
export type InstallmentStatus = (typeof InstallmentStatus)[keyof typeof InstallmentStatus];

export interface Loan {
  readonly id: string;
  readonly borrowerId: string;
  readonly creditLineId: string;
  readonly principal: Money;
  readonly annualRate: Rate;
  readonly termMonths: number;
  readonly repaymentMethod: RepaymentMethod;
  readonly disbursedOn: BusinessDate;
  readonly status: LoanStatus;
  readonly daysPastDue: number;
  readonly createdAt: Date;
}

export interface Installment {
  readonly loanId: string;
  readonly number: number;
  readonly dueDate: BusinessDate;
  readonly principalDue: Money;
  readonly interestDue: Money;
  readonly feesDue: Money;
  readonly penaltyDue: Money;
  readonly paid: Money;
  readonly status: InstallmentStatus;
}

export interface LoanBalance {
  readonly principal: Money;
  readonly interest: Money;
  readonly fees: Money;
  readonly penalty: Money;
  readonly total: Money;
}

export const DrawdownError = {
  INVALID_IDEMPOTENCY_KEY: 'INVALID_IDEMPOTENCY_KEY',
  INVALID_TERM: 'INVALID_TERM',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  INSUFFICIENT_AVAILABLE: 'INSUFFICIENT_AVAILABLE',
  LINE_NOT_ACTIVE: 'LINE_NOT_ACTIVE',
  CREDIT_LINE_NOT_FOUND: 'CREDIT_LINE_NOT_FOUND',
  NOT_YOUR_CREDIT_LINE: 'NOT_YOUR_CREDIT_LINE',
  CONFLICT: 'CONFLICT',
} as const;
export type DrawdownError = (typeof DrawdownError)[keyof typeof DrawdownError];

export interface DrawdownInput {
  readonly creditLineId: string;
  readonly amount: Money;
  readonly termMonths: number;
  readonly repaymentMethod: RepaymentMethod;
  readonly idempotencyKey: string;
}

export type DrawdownResult =
  | { readonly ok: true; readonly loanId: string; readonly replayed: boolean }
  | {
      readonly ok: false;
      readonly code: DrawdownError;
      readonly message: string;
      readonly field?: string[];
    };

const fail = (code: DrawdownError, message: string, field?: string[]): DrawdownResult => ({
  ok: false,
  code,
  message,
  ...(field ? { field } : {}),
});

/**
 * Draws on a credit line: takes the amount from the line's availability,
 * creates the loan and its schedule, and posts the disbursement
 * (Dr receivable principal, Cr cash), all in one transaction, once per
 * idempotency key of the acting borrower.
 */
export async function drawdown(
  deps: { db: Db; clock: Clock },
  actor: { id: string; borrowerId: string },
  input: DrawdownInput,
): Promise<DrawdownResult> {
  if (!isValidIdempotencyKey(input.idempotencyKey)) {
    return fail(DrawdownError.INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_RULE, ['idempotencyKey']);
  }
  if (!(TERMS_MONTHS as readonly number[]).includes(input.termMonths)) {
    return fail(
      DrawdownError.INVALID_TERM,
      `Term must be one of ${TERMS_MONTHS.join(', ')} months.`,
      ['termMonths'],
    );
  }
  if (!input.amount.isPositive()) {
    return fail(DrawdownError.INVALID_AMOUNT, 'Amount must be positive.', ['amount', 'amount']);
  }
  const [line] = await getCreditLinesByIds(deps.db, [input.creditLineId]);
  if (!line)
    return fail(DrawdownError.CREDIT_LINE_NOT_FOUND, 'No such credit line.', ['creditLineId']);
  if (line.borrowerId !== actor.borrowerId) {
    return fail(DrawdownError.NOT_YOUR_CREDIT_LINE, 'This credit line belongs to someone else.', [
      'creditLineId',
    ]);
  }
  if (line.limit.currency !== input.amount.currency) {
    return fail(DrawdownError.CURRENCY_MISMATCH, `This line lends in ${line.limit.currency}.`, [
      'amount',
      'currency',
    ]);
  }
  const requestDigest = JSON.stringify([
    input.creditLineId,
    input.amount.minor.toString(),
    input.amount.currency,
    input.termMonths,
    input.repaymentMethod,
  ]);
  const now = deps.clock.now();

  const outcome = await withTransaction(deps.db, (tx) =>
    idempotent<{ loanId: string }, { code: DrawdownError; message: string; field?: string[] }>(
      tx,
      { operation: 'drawdown', actorId: actor.id, key: input.idempotencyKey, requestDigest },
      now,
      async () => {
        const reserved = await reserveDrawdown(tx, input.creditLineId, input.amount);
        if (reserved !== 'RESERVED') {
          const messages = {
            LINE_NOT_ACTIVE: 'This credit line is frozen or closed.',
            INSUFFICIENT_AVAILABLE: 'The amount is more than the line has available.',
            CURRENCY_MISMATCH: 'The amount is in another currency than the line.',
            NOT_FOUND: 'No such credit line.',
          } as const;
          const code =
            reserved === 'NOT_FOUND'
              ? DrawdownError.CREDIT_LINE_NOT_FOUND
              : DrawdownError[reserved];
          return { abort: { code, message: messages[reserved], field: ['amount'] } };
        }
        const disbursedOn = BusinessDate.parseOrThrow(await getBusinessDate(tx));
        const loanId = newId();
        const schedule = buildSchedule({
          principal: input.amount,
          annualRate: line.annualRate,
          termMonths: input.termMonths,
          method: input.repaymentMethod,
          disbursedOn,
        });
        await tx.insert(loansTable).values({
          id: loanId,
          borrowerId: line.borrowerId,
          creditLineId: line.id,
          currency: input.amount.currency,
          principalMinor: input.amount.minor,
          annualRate: line.annualRate.toString(),
          termMonths: input.termMonths,
          repaymentMethod: input.repaymentMethod,
          disbursedOn: disbursedOn.toString(),
          status: LoanStatus.ACTIVE,
          daysPastDue: 0,
          createdAt: now,
        });
        await tx.insert(installmentsTable).values(
          schedule.map((row) => ({
            loanId,
            borrowerId: line.borrowerId,
            number: row.number,
            dueDate: row.dueDate.toString(),
            principalDueMinor: row.principalDue.minor,
            interestDueMinor: row.interestDue.minor,
            status: InstallmentStatus.PENDING,
          })),
        );
        await postEntry(tx, {
          borrowerId: line.borrowerId,
          loanId,
          kind: EntryKind.DISBURSEMENT,
          businessDate: disbursedOn,
          createdAt: now,
          lines: [
            { account: Account.RECEIVABLE_PRINCIPAL, debit: input.amount },
            { account: Account.CASH, credit: input.amount },
          ],
        });
        return { store: { loanId } };
      },
    ),
  );
  switch (outcome.kind) {
    case 'fresh':
      return { ok: true, loanId: outcome.value.loanId, replayed: false };
    case 'replayed':
      return { ok: true, loanId: outcome.value.loanId, replayed: true };
    case 'conflict':
      return fail(
        DrawdownError.CONFLICT,
        'This idempotency key was already used with different input.',
        ['idempotencyKey'],
      );
    case 'aborted':
      return fail(outcome.reason.code, outcome.reason.message, outcome.reason.field);
  }
}

export async function getLoansByIds(db: Db, ids: readonly string[]): Promise<(Loan | null)[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(loansTable)
    .where(inArray(loansTable.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, toLoan(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function listLoansOfCreditLines(
  db: Db,
  lineIds: readonly string[],
): Promise<Map<string, Loan[]>> {
  const result = new Map<string, Loan[]>(lineIds.map((id) => [id, []]));
  if (lineIds.length === 0) return result;
  const rows = await db
    .select()
    .from(loansTable)
    .where(inArray(loansTable.creditLineId, [...lineIds]))
    .orderBy(asc(loansTable.createdAt), asc(loansTable.id));
  for (const row of rows) result.get(row.creditLineId)?.push(toLoan(row));
  return result;
}

export const LOANS_PAGE_MAX = 100;

/** A borrower's loans, oldest first (ids are UUIDv7), after the loan id `afterId`. */
export async function listLoansOfBorrower(
  db: Db,
  borrowerId: string,
  first: number,
  afterId: string | null,
): Promise<{ loans: Loan[]; hasNextPage: boolean }> {
  const limit = Math.max(0, Math.min(first, LOANS_PAGE_MAX));
  const rows = await db
    .select()
    .from(loansTable)
    .where(
      and(eq(loansTable.borrowerId, borrowerId), afterId ? gt(loansTable.id, afterId) : undefined),
    )
    .orderBy(asc(loansTable.id))
    .limit(limit + 1);
  return { loans: rows.slice(0, limit).map(toLoan), hasNextPage: rows.length > limit };
}

export async function listInstallments(
  db: Db,
  loanIds: readonly string[],
): Promise<Map<string, Installment[]>> {
  const result = new Map<string, Installment[]>(loanIds.map((id) => [id, []]));
  if (loanIds.length === 0) return result;
  const rows = await db
    .select({ i: installmentsTable, currency: loansTable.currency })
    .from(installmentsTable)
    .innerJoin(loansTable, eq(loansTable.id, installmentsTable.loanId))
    .where(inArray(installmentsTable.loanId, [...loanIds]))
    .orderBy(asc(installmentsTable.loanId), asc(installmentsTable.number));
  for (const { i, currency } of rows) {
    const m = (minor: bigint) => Money.of(BigInt(minor), currency);
    result.get(i.loanId)?.push({
      loanId: i.loanId,
      number: i.number,
      dueDate: BusinessDate.parseOrThrow(i.dueDate),
      principalDue: m(i.principalDueMinor),
      interestDue: m(i.interestDueMinor),
      feesDue: m(i.feesDueMinor),
      penaltyDue: m(i.penaltyDueMinor),
      paid: m(
        BigInt(i.principalPaidMinor) +
          BigInt(i.interestPaidMinor) +
          BigInt(i.feesPaidMinor) +
          BigInt(i.penaltyPaidMinor),
      ),
      status: i.status as InstallmentStatus,
    });
  }
  return result;
}

/** What the borrower owes now, from the journal: receivable balances of the loan. */
export async function loanBalances(
  db: Db,
  loans: readonly Loan[],
): Promise<Map<string, LoanBalance>> {
  const nets = await loanAccountBalances(
    db,
    loans.map((l) => l.id),
  );
  return new Map(
    loans.map((loan) => {
      const net = nets.get(loan.id) ?? new Map<string, bigint>();
      const m = (account: Account) => Money.of(net.get(account) ?? 0n, loan.principal.currency);
      const principal = m(Account.RECEIVABLE_PRINCIPAL);
      const interest = m(Account.RECEIVABLE_INTEREST);
      const fees = m(Account.RECEIVABLE_FEES);
      const penalty = m(Account.RECEIVABLE_PENALTY);
      return [
        loan.id,
        {
          principal,
          interest,
          fees,
          penalty,
          total: principal.add(interest).add(fees).add(penalty),
        },
      ];
    }),
  );
}

function toLoan(row: typeof loansTable.$inferSelect): Loan {
  return {
    id: row.id,
    borrowerId: row.borrowerId,
    creditLineId: row.creditLineId,
    principal: Money.of(BigInt(row.principalMinor), row.currency),
    annualRate: Rate.of(trimRate(row.annualRate)),
    termMonths: row.termMonths,
    repaymentMethod: row.repaymentMethod as RepaymentMethod,
    disbursedOn: BusinessDate.parseOrThrow(row.disbursedOn),
    status: row.status as LoanStatus,
    daysPastDue: row.daysPastDue,
    createdAt: row.createdAt,
  };
}
