import { and, eq, inArray, sql } from 'drizzle-orm';
import { getBorrower } from '@lending/borrowers';
import { queryRows, type Db } from '@lending/db';
import {
  err,
  isCurrencyCode,
  Money,
  newId,
  ok,
  Rate,
  type Clock,
  type Result,
} from '@lending/kernel';
import { LedgerError } from './errors.js';
import { creditLinesTable } from './schema.js';

export const CreditLineStatus = { ACTIVE: 'ACTIVE', FROZEN: 'FROZEN', CLOSED: 'CLOSED' } as const;
export type CreditLineStatus = (typeof CreditLineStatus)[keyof typeof CreditLineStatus];

/** Annual cost cap on interest plus penalty, unless a product says otherwise. */
export const DEFAULT_COST_CAP = Rate.of('0.24');

export interface CreditLine {
  readonly id: string;
  readonly borrowerId: string;
  readonly limit: Money;
  readonly drawn: Money;
  readonly available: Money;
  /** Money paid beyond what the line's loans owed: the borrower's, used first by the next amount due. */
  readonly creditBalance: Money;
  readonly annualRate: Rate;
  readonly costCapAnnual: Rate;
  readonly status: CreditLineStatus;
  readonly openedAt: Date;
}

export interface OpenCreditLineInput {
  readonly borrowerId: string;
  readonly limit: Money;
  readonly annualRate: Rate;
  readonly costCapAnnual?: Rate;
}

/** Opens a line; the credit package calls this when an offer is accepted. */
export async function openCreditLine(
  db: Db,
  clock: Clock,
  input: OpenCreditLineInput,
): Promise<Result<CreditLine, LedgerError>> {
  const cap = input.costCapAnnual ?? DEFAULT_COST_CAP;
  if (!input.limit.isPositive() || !isCurrencyCode(input.limit.currency)) {
    return err(LedgerError.INVALID_LIMIT, 'The limit must be a positive amount.', ['limit']);
  }
  if (input.annualRate.isNegative() || input.annualRate.compare(cap) > 0) {
    return err(
      LedgerError.INVALID_RATE,
      `The annual rate must be between 0 and the cost cap (${cap.toString()}).`,
      ['annualRate'],
    );
  }
  if (!(await getBorrower(db, input.borrowerId))) {
    return err(LedgerError.BORROWER_NOT_FOUND, 'No such borrower.', ['borrowerId']);
  }
  const row = {
    id: newId(),
    borrowerId: input.borrowerId,
    currency: input.limit.currency,
    limitMinor: input.limit.minor,
    drawnMinor: 0n,
    creditBalanceMinor: 0n,
    annualRate: input.annualRate.toString(),
    costCapAnnual: cap.toString(),
    status: CreditLineStatus.ACTIVE,
    openedAt: clock.now(),
  };
  await db.insert(creditLinesTable).values(row);
  return ok(toCreditLine(row));
}

export async function getCreditLinesByIds(
  db: Db,
  ids: readonly string[],
): Promise<(CreditLine | null)[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(creditLinesTable)
    .where(inArray(creditLinesTable.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, toCreditLine(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function listCreditLinesOfBorrowers(
  db: Db,
  borrowerIds: readonly string[],
): Promise<Map<string, CreditLine[]>> {
  const result = new Map<string, CreditLine[]>(borrowerIds.map((id) => [id, []]));
  if (borrowerIds.length === 0) return result;
  const rows = await db
    .select()
    .from(creditLinesTable)
    .where(inArray(creditLinesTable.borrowerId, [...borrowerIds]))
    .orderBy(creditLinesTable.openedAt, creditLinesTable.id);
  for (const row of rows) result.get(row.borrowerId)?.push(toCreditLine(row));
  return result;
}

export async function setCreditLineStatus(
  db: Db,
  id: string,
  status: CreditLineStatus,
): Promise<CreditLine | null> {
  const [row] = await db
    .update(creditLinesTable)
    .set({ status })
    .where(eq(creditLinesTable.id, id))
    .returning();
  return row ? toCreditLine(row) : null;
}

const RESERVE_REFUSALS = {
  LINE_NOT_ACTIVE: 'This credit line is frozen or closed.',
  INSUFFICIENT_AVAILABLE: 'The amount is more than the line has available.',
  CURRENCY_MISMATCH: 'The amount is in another currency than the line.',
  CREDIT_LINE_NOT_FOUND: 'No such credit line.',
} as const;

/**
 * Takes `amount` from the line's availability, or says why not. One
 * conditional UPDATE: concurrent drawdowns queue on the row and each sees the
 * others' effect, so the limit holds without a read-then-write race.
 */
export async function reserveDrawdown(
  tx: Db,
  creditLineId: string,
  amount: Money,
): Promise<Result<null, keyof typeof RESERVE_REFUSALS>> {
  const [updated] = await tx
    .update(creditLinesTable)
    .set({ drawnMinor: sql`${creditLinesTable.drawnMinor} + ${amount.minor}` })
    .where(
      and(
        eq(creditLinesTable.id, creditLineId),
        eq(creditLinesTable.status, CreditLineStatus.ACTIVE),
        eq(creditLinesTable.currency, amount.currency),
        sql`${creditLinesTable.drawnMinor} + ${amount.minor} <= ${creditLinesTable.limitMinor}`,
      ),
    )
    .returning({ id: creditLinesTable.id });
  if (updated) return ok(null);
  const [line] = await tx
    .select()
    .from(creditLinesTable)
    .where(eq(creditLinesTable.id, creditLineId));
  const refusal: keyof typeof RESERVE_REFUSALS = !line
    ? LedgerError.CREDIT_LINE_NOT_FOUND
    : line.status !== CreditLineStatus.ACTIVE
      ? LedgerError.LINE_NOT_ACTIVE
      : line.currency !== amount.currency
        ? LedgerError.CURRENCY_MISMATCH
        : LedgerError.INSUFFICIENT_AVAILABLE;
  return err(refusal, RESERVE_REFUSALS[refusal], ['amount']);
}

/**
 * Sets a line's limit, never below what is drawn. One conditional UPDATE, as
 * for a drawdown: a concurrent drawdown either commits first and this sees
 * its drawn amount, or queues behind this row lock and meets the new limit,
 * so drawn never passes the limit (the table's check constraint agrees).
 * With `atLeastDrawn`, a limit below what is drawn is set to the drawn
 * amount instead of refused (a review lowering a line a drawdown just used).
 */
export async function setCreditLineLimit(
  tx: Db,
  creditLineId: string,
  newLimit: Money,
  options: { atLeastDrawn?: boolean } = {},
): Promise<Result<CreditLine, LedgerError>> {
  if (!newLimit.isPositive()) {
    return err(LedgerError.INVALID_LIMIT, 'The limit must be a positive amount.', ['limit']);
  }
  // Two attempts: a repayment may free room between a refusal and the read that explains it.
  for (let attempt = 1; ; attempt++) {
    const [updated] = await tx
      .update(creditLinesTable)
      .set({
        limitMinor: options.atLeastDrawn
          ? sql`greatest(${creditLinesTable.drawnMinor}, ${newLimit.minor})`
          : newLimit.minor,
      })
      .where(
        and(
          eq(creditLinesTable.id, creditLineId),
          eq(creditLinesTable.currency, newLimit.currency),
          options.atLeastDrawn
            ? undefined
            : sql`${creditLinesTable.drawnMinor} <= ${newLimit.minor}`,
        ),
      )
      .returning();
    if (updated) return ok(toCreditLine(updated));
    const [line] = await tx
      .select()
      .from(creditLinesTable)
      .where(eq(creditLinesTable.id, creditLineId));
    if (!line) {
      return err(LedgerError.CREDIT_LINE_NOT_FOUND, 'No such credit line.', ['creditLineId']);
    }
    if (line.currency !== newLimit.currency) {
      return err(LedgerError.CURRENCY_MISMATCH, `This line lends in ${line.currency}.`, ['limit']);
    }
    const drawn = Money.of(BigInt(line.drawnMinor), line.currency);
    if (drawn.minor > newLimit.minor || attempt >= 2) {
      return err(
        LedgerError.LIMIT_BELOW_DRAWN,
        `The limit cannot be below what is drawn (${drawn.toString()}).`,
        ['limit'],
      );
    }
  }
}

/** At most this many lines per call of the set-based setters below. */
export const CREDIT_LINES_SET_MAX = 1000;

/**
 * Sets many lines' limits in one UPDATE, never below what each line has
 * drawn at the moment of the update (as `setCreditLineLimit` with
 * `atLeastDrawn`: a drawdown that committed first is respected, one that
 * queues behind the row lock meets the new limit). Returns each updated
 * line's limit as set, by id; a line that does not exist or lends in
 * another currency is absent.
 */
export async function setCreditLineLimits(
  tx: Db,
  changes: readonly { creditLineId: string; limit: Money }[],
): Promise<Map<string, Money>> {
  if (changes.length > CREDIT_LINES_SET_MAX) {
    throw new RangeError(`at most ${CREDIT_LINES_SET_MAX} lines per call`);
  }
  const result = new Map<string, Money>();
  if (changes.length === 0) return result;
  for (const c of changes) {
    if (!c.limit.isPositive()) throw new RangeError('a limit must be a positive amount');
  }
  // Sorted by id so that concurrent callers lock rows in one order.
  const sorted = [...changes].sort((a, b) => (a.creditLineId < b.creditLineId ? -1 : 1));
  const values = sql.join(
    sorted.map(
      (c) =>
        sql`(${c.creditLineId}::uuid, ${c.limit.currency}::text, ${c.limit.minor.toString()}::bigint)`,
    ),
    sql`, `,
  );
  const rows = await queryRows<{ id: string; currency: string; limit_minor: string }>(
    tx,
    sql`update credit_lines l
          set limit_minor = greatest(l.drawn_minor, v.limit_minor)
          from (values ${values}) as v(id, currency, limit_minor)
          where l.id = v.id and l.currency = v.currency
          returning l.id, l.currency, l.limit_minor::text as limit_minor`,
  );
  for (const r of rows) result.set(r.id, Money.of(BigInt(r.limit_minor), r.currency));
  return result;
}

/** Sets many lines' statuses in one UPDATE; returns the ids updated. */
export async function setCreditLineStatuses(
  tx: Db,
  changes: readonly { creditLineId: string; status: CreditLineStatus }[],
): Promise<Set<string>> {
  if (changes.length > CREDIT_LINES_SET_MAX) {
    throw new RangeError(`at most ${CREDIT_LINES_SET_MAX} lines per call`);
  }
  if (changes.length === 0) return new Set();
  const sorted = [...changes].sort((a, b) => (a.creditLineId < b.creditLineId ? -1 : 1));
  const values = sql.join(
    sorted.map((c) => sql`(${c.creditLineId}::uuid, ${c.status}::text)`),
    sql`, `,
  );
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update credit_lines l set status = v.status
          from (values ${values}) as v(id, status)
          where l.id = v.id
          returning l.id`,
  );
  return new Set(rows.map((r) => r.id));
}

/** A `credit_lines` row as a CreditLine. */
export function toCreditLine(row: typeof creditLinesTable.$inferSelect): CreditLine {
  const limit = Money.of(BigInt(row.limitMinor), row.currency);
  const drawn = Money.of(BigInt(row.drawnMinor), row.currency);
  return {
    id: row.id,
    borrowerId: row.borrowerId,
    limit,
    drawn,
    // Drawn passes the limit only by capitalised interest; nothing is available then.
    available: limit.subtract(drawn).max(Money.zero(row.currency)),
    creditBalance: Money.of(BigInt(row.creditBalanceMinor), row.currency),
    annualRate: Rate.of(trimRate(row.annualRate)),
    costCapAnnual: Rate.of(trimRate(row.costCapAnnual)),
    status: row.status as CreditLineStatus,
    openedAt: row.openedAt,
  };
}

/** numeric(12,8) comes back as "0.18000000"; Rate wants a plain decimal. */
export function trimRate(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
