import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, withTransaction, type Db } from '@lending/db';
import { checkFreeText, err, Money, ok, Role, type Clock, type Result } from '@lending/kernel';
import { Account, EntryKind } from './accounts.js';
import { loanBusinessDate, processDay } from './close-of-business.js';
import { postEntry, type PostingLine } from './journal.js';
import { LedgerError } from './errors.js';
import { InstallmentStatus, LoanStatus } from './loan-status.js';
import { getLoansByIds } from './loan.service.js';
import type { ExcessUse } from './allocation.js';
import { applyRepayment, type RepaymentSource } from './repayment.service.js';
import { buildSchedule } from './schedule.js';
import { creditLinesTable, installmentsTable, loansTable, repaymentsTable } from './schema.js';

export const REVERSAL_REASON_MAX = 500;

/** Signals the end of the replay so the savepoint rolls back; carries what the replay derived. */
type ReplayedAllocation = Awaited<ReturnType<typeof applyRepayment>>;

class Replayed extends Error {
  constructor(
    readonly installments: (typeof installmentsTable.$inferSelect)[],
    readonly loan: Pick<
      typeof loansTable.$inferSelect,
      'status' | 'daysPastDue' | 'chargedOffOn' | 'scheduledTermMonths'
    >,
    readonly line: Pick<typeof creditLinesTable.$inferSelect, 'drawnMinor' | 'status'>,
    readonly netAfter: Map<string, bigint>,
    /** How each repayment that stands is allocated in the history without the reversed one. */
    readonly allocations: Map<string, ReplayedAllocation>,
  ) {
    super('replay finished; rolling back its savepoint');
  }
}

/**
 * Reverses a repayment (OPS, with a reason) as if it never happened. The
 * loan's history is replayed from disbursement without it, day by day with
 * the same close-of-business and allocation code, inside a savepoint that is
 * then rolled back; the instalments, status and days past due take the
 * replayed values, and one REVERSAL entry moves every account of the loan
 * to where the replay left it (the repayment's cash back out, and any
 * penalty, interest or allocation that changes because of it). The original
 * entries stay untouched. Reversing twice returns the first reversal.
 */
export async function reverseRepayment(
  deps: { db: Db; clock: Clock },
  actor: { id: string; role: Role },
  input: { repaymentId: string; reason: string },
): Promise<Result<{ loanId: string; reversalEntryId: string }, LedgerError>> {
  if (actor.role !== Role.OPS) return err(LedgerError.NOT_ALLOWED, 'Only OPS reverses repayments.');
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > REVERSAL_REASON_MAX) {
    return err(
      LedgerError.INVALID_REASON,
      `A reason of 1 to ${REVERSAL_REASON_MAX} characters is required.`,
      ['reason'],
    );
  }
  // The reason becomes the reversal entry's memo, append-only and in the clear.
  const clean = checkFreeText(reason, ['reason'], 'The reason');
  if (!clean.ok) return clean;
  return withTransaction(deps.db, async (tx) => {
    // The repayment is locked before anything is read: a second reversal of it waits
    // here until the first commits, then reads it reversed and answers with the first
    // reversal below. (Read unlocked, it replayed the loan from a repayment already
    // reversed, found nothing to move and failed the journal's invariant.)
    const [repayment] = await tx
      .select()
      .from(repaymentsTable)
      .where(eq(repaymentsTable.id, input.repaymentId))
      .for('update');
    if (!repayment)
      return err(LedgerError.REPAYMENT_NOT_FOUND, 'No such repayment.', ['repaymentId']);
    // Reversed already, by an earlier call or one that held the lock: its answer, not an error.
    if (repayment.reversalEntryId)
      return ok({ loanId: repayment.loanId, reversalEntryId: repayment.reversalEntryId });
    await tx
      .select({ id: loansTable.id })
      .from(loansTable)
      .where(eq(loansTable.id, repayment.loanId))
      .for('update');
    const [loan] = await getLoansByIds(tx, [repayment.loanId]);
    if (!loan) throw new Error('repayment without its loan');
    if (loan.restructuredOn) {
      // The replay rebuilds the loan from its original terms; a restructure is not replayed.
      return err(
        LedgerError.LOAN_RESTRUCTURED,
        'This loan was restructured under a hardship plan; its repayments are no longer reversed.',
        ['repaymentId'],
      );
    }
    const today = await loanBusinessDate(tx, loan.id);
    const now = deps.clock.now();
    const netBefore = await accountNets(tx, loan.id);
    const disbursement = await accountNets(tx, loan.id, [EntryKind.DISBURSEMENT]);
    const keep = await tx
      .select()
      .from(repaymentsTable)
      .where(and(eq(repaymentsTable.loanId, loan.id), isNull(repaymentsTable.reversedAt)))
      .orderBy(asc(repaymentsTable.createdAt), asc(repaymentsTable.id));
    const replayed = keep.filter((r) => r.id !== repayment.id);
    // Principal repaid so far, from the journal (stored allocations go stale once an
    // earlier reversal has re-derived them): it goes back on the line for the replay.
    const repaidNets = await accountNets(tx, loan.id, [EntryKind.REPAYMENT, EntryKind.REVERSAL]);
    const principalRepaid = -(repaidNets.get(Account.RECEIVABLE_PRINCIPAL) ?? 0n);

    const allocations = new Map<string, ReplayedAllocation>();
    let derived: Replayed | undefined;
    try {
      await tx.transaction(async (sp) => {
        // Back to the day of disbursement: the original schedule, nothing paid.
        await sp.delete(installmentsTable).where(eq(installmentsTable.loanId, loan.id));
        await sp.insert(installmentsTable).values(
          buildSchedule({
            principal: loan.principal,
            annualRate: loan.annualRate,
            termMonths: loan.termMonths,
            method: loan.repaymentMethod,
            disbursedOn: loan.disbursedOn,
          }).map((row) => ({
            loanId: loan.id,
            borrowerId: loan.borrowerId,
            number: row.number,
            dueDate: row.dueDate.toString(),
            principalDueMinor: row.principalDue.minor,
            interestDueMinor: row.interestDue.minor,
            status: InstallmentStatus.PENDING,
          })),
        );
        await sp
          .update(loansTable)
          .set({
            status: LoanStatus.ACTIVE,
            daysPastDue: 0,
            chargedOffOn: null,
            scheduledTermMonths: null,
          })
          .where(eq(loansTable.id, loan.id));
        await sp
          .update(creditLinesTable)
          .set({ drawnMinor: sql`${creditLinesTable.drawnMinor} + ${principalRepaid}` })
          .where(eq(creditLinesTable.id, loan.creditLineId));

        for (let day = loan.disbursedOn; day.isOnOrBefore(today); day = day.addDays(1)) {
          // Credit balance used by the loan is among its repayments, replayed below as it was.
          if (day.isAfter(loan.disbursedOn))
            await processDay(sp, day.toString(), now, [loan.id], { useCreditBalances: false });
          for (const r of replayed.filter((x) => x.businessDate === day.toString())) {
            const [current] = await sp
              .select({ status: loansTable.status })
              .from(loansTable)
              .where(eq(loansTable.id, loan.id));
            // On a loan the replay has paid off already, the payment is all excess: the
            // borrower's credit balance, never money that silently leaves the books.
            const applied = await applyRepayment(
              sp,
              loan,
              current!.status as LoanStatus,
              {
                amount: BigInt(r.amountMinor),
                businessDate: day,
                now,
                receivedBy: r.receivedBy,
                excessUse: r.excessUse as ExcessUse,
                source: r.source as RepaymentSource,
              },
              { replay: true },
            );
            allocations.set(r.id, applied);
          }
        }
        const installments = await sp
          .select()
          .from(installmentsTable)
          .where(eq(installmentsTable.loanId, loan.id));
        const [l] = await sp.select().from(loansTable).where(eq(loansTable.id, loan.id));
        const [line] = await sp
          .select()
          .from(creditLinesTable)
          .where(eq(creditLinesTable.id, loan.creditLineId));
        throw new Replayed(installments, l!, line!, await accountNets(sp, loan.id), allocations);
      });
    } catch (error) {
      if (!(error instanceof Replayed)) throw error;
      derived = error;
    }
    if (!derived) throw new Error('replay ended without a result');

    // What the loan's postings should net to (disbursement + replay) minus what they net to now.
    const accounts = new Set([...netBefore.keys(), ...derived.netAfter.keys()]);
    const lines: PostingLine[] = [];
    for (const account of accounts) {
      const replay = (derived.netAfter.get(account) ?? 0n) - (netBefore.get(account) ?? 0n);
      const target = (disbursement.get(account) ?? 0n) + replay;
      const diff = target - (netBefore.get(account) ?? 0n);
      const money = Money.of(diff < 0n ? -diff : diff, loan.principal.currency);
      if (diff > 0n) lines.push({ account: account as Account, debit: money });
      if (diff < 0n) lines.push({ account: account as Account, credit: money });
    }
    // The credit balance moves as the loan's BORROWER_CREDIT does; what it would take back must
    // still be there (used by another loan's instalment, it is not).
    const creditChange = lines
      .filter((l) => l.account === Account.BORROWER_CREDIT)
      .reduce((sum, l) => sum + (l.credit?.minor ?? 0n) - (l.debit?.minor ?? 0n), 0n);
    const [held] = await tx
      .select({ creditBalanceMinor: creditLinesTable.creditBalanceMinor })
      .from(creditLinesTable)
      .where(eq(creditLinesTable.id, loan.creditLineId))
      .for('update');
    if (BigInt(held!.creditBalanceMinor) + creditChange < 0n) {
      return err(
        LedgerError.CREDIT_BALANCE_USED,
        'The credit balance this repayment left has been used since; reverse that use first.',
        ['repaymentId'],
      );
    }
    await tx.delete(installmentsTable).where(eq(installmentsTable.loanId, loan.id));
    await tx.insert(installmentsTable).values(derived.installments);
    await tx
      .update(loansTable)
      .set({
        status: derived.loan.status,
        daysPastDue: derived.loan.daysPastDue,
        chargedOffOn: derived.loan.chargedOffOn,
        scheduledTermMonths: derived.loan.scheduledTermMonths,
      })
      .where(eq(loansTable.id, loan.id));
    await tx
      .update(creditLinesTable)
      .set({
        drawnMinor: derived.line.drawnMinor,
        status: derived.line.status,
        creditBalanceMinor: sql`${creditLinesTable.creditBalanceMinor} + ${creditChange}`,
      })
      .where(eq(creditLinesTable.id, loan.creditLineId));

    const reversalEntryId = await postEntry(tx, {
      borrowerId: loan.borrowerId,
      loanId: loan.id,
      kind: EntryKind.REVERSAL,
      businessDate: today,
      createdAt: now,
      reversesEntryId: repayment.entryId,
      memo: reason,
      lines,
    });
    await tx
      .update(repaymentsTable)
      .set({ reversedAt: now, reversedBy: actor.id, reversalReason: reason, reversalEntryId })
      .where(eq(repaymentsTable.id, repayment.id));
    // The repayments that stand are allocated as the replay allocated them (their entries stay;
    // the reversal entry moves the difference): what they show is what the journal now says.
    for (const [id, a] of derived.allocations) {
      await tx
        .update(repaymentsTable)
        .set({
          principalMinor: a.paid.principal,
          interestMinor: a.paid.interest + a.interestPaidAhead,
          feesMinor: a.paid.fees,
          penaltyMinor: a.paid.penalty,
          excessMinor: a.excess,
          recoveryMinor: a.recovery,
          principalPrepaidMinor: a.principalPrepaid,
          interestReleasedMinor: a.interestReleased,
        })
        .where(eq(repaymentsTable.id, id));
    }
    return ok({ loanId: loan.id, reversalEntryId });
  });
}

/** The repayment behind a REPAYMENT journal entry (what a client sees as a loan transaction). */
export async function findRepaymentByEntry(
  db: Db,
  entryId: string,
): Promise<{ id: string; loanId: string } | null> {
  const [row] = await db
    .select({ id: repaymentsTable.id, loanId: repaymentsTable.loanId })
    .from(repaymentsTable)
    .where(eq(repaymentsTable.entryId, entryId));
  return row ?? null;
}

/** Net debit of each account over the loan's postings (optionally of one entry kind). */
async function accountNets(
  db: Db,
  loanId: string,
  kinds?: readonly string[],
): Promise<Map<string, bigint>> {
  const rows = await queryRows<{ account: string; net: string | bigint }>(
    db,
    sql`select p.account, sum(p.debit_minor - p.credit_minor) as net
        from postings p join journal_entries e on e.id = p.entry_id
        where p.loan_id = ${loanId}
          ${
            kinds
              ? sql`and e.kind in (${sql.join(
                  kinds.map((k) => sql`${k}`),
                  sql`, `,
                )})`
              : sql``
          }
        group by p.account`,
  );
  return new Map(rows.map((r) => [r.account, BigInt(r.net)]));
}
