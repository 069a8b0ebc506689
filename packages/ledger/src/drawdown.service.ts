import { getBusinessDate, runIdempotent, type Db } from '@lending/db';
import { BusinessDate, err, type Money, newId, ok, type Clock, type Result } from '@lending/kernel';
import { Account, EntryKind } from './accounts.js';
import { getCreditLinesByIds, reserveDrawdown } from './credit-line.service.js';
import { LedgerError } from './errors.js';
import { postEntry } from './journal.js';
import { InstallmentStatus, LoanStatus } from './loan-status.js';
import { buildSchedule, type RepaymentMethod, TERMS_MONTHS } from './schedule.js';
import { installmentsTable, loansTable } from './schema.js';

export interface DrawdownInput {
  readonly creditLineId: string;
  readonly amount: Money;
  readonly termMonths: number;
  readonly repaymentMethod: RepaymentMethod;
  readonly idempotencyKey: string;
}

export interface Drawdown {
  readonly loanId: string;
  readonly replayed: boolean;
}

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
): Promise<Result<Drawdown, LedgerError>> {
  if (!(TERMS_MONTHS as readonly number[]).includes(input.termMonths)) {
    return err(LedgerError.INVALID_TERM, `Term must be one of ${TERMS_MONTHS.join(', ')} months.`, [
      'termMonths',
    ]);
  }
  if (!input.amount.isPositive()) {
    return err(LedgerError.INVALID_AMOUNT, 'Amount must be positive.', ['amount', 'amount']);
  }
  const [line] = await getCreditLinesByIds(deps.db, [input.creditLineId]);
  if (!line)
    return err(LedgerError.CREDIT_LINE_NOT_FOUND, 'No such credit line.', ['creditLineId']);
  if (line.borrowerId !== actor.borrowerId) {
    return err(LedgerError.NOT_YOUR_CREDIT_LINE, 'This credit line belongs to someone else.', [
      'creditLineId',
    ]);
  }
  if (line.limit.currency !== input.amount.currency) {
    return err(LedgerError.CURRENCY_MISMATCH, `This line lends in ${line.limit.currency}.`, [
      'amount',
      'currency',
    ]);
  }
  const now = deps.clock.now();
  return runIdempotent(
    deps.db,
    {
      operation: 'drawdown',
      actorId: actor.id,
      key: input.idempotencyKey,
      request: {
        creditLineId: input.creditLineId,
        amount: input.amount,
        termMonths: input.termMonths,
        repaymentMethod: input.repaymentMethod,
      },
      now,
    },
    async (tx): Promise<Result<{ loanId: string }, LedgerError>> => {
      const reserved = await reserveDrawdown(tx, input.creditLineId, input.amount);
      if (!reserved.ok) return reserved;
      // Shared: close of business cannot finish the day while this loan is being disbursed on it.
      const disbursedOn = BusinessDate.parseOrThrow(await getBusinessDate(tx, { forShare: true }));
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
      return ok({ loanId });
    },
  );
}
