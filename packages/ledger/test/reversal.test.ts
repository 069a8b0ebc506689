import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, Role, toGlobalId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import {
  drawdown,
  getCreditLinesByIds,
  getLoansByIds,
  listInstallments,
  loanBalances,
  makeRepayment,
  reverseRepayment,
  trialBalance,
} from '../src/index.js';
import { creditLineFactory, closeLedgerThrough } from '../src/testing.js';

// 3,000.00 CNY at 18 % (penalty rate 6 %), EQUAL_PRINCIPAL over 3 months from 2026-01-15.
// The first instalment (1,000.00 + 45.00) is paid on its due date, then the
// payment bounces and OPS reverses it five days later.

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-15' } });
/** The file's database, from the fixture, for the helpers below: set as the timeline starts. */
let db: Db;
let loanId: string;
let lineId: string;
let repaymentId: string;
const clock = new FixedClock('2026-01-15T09:00:00Z');
const ops = { id: 'ops-1', role: Role.OPS };
const cob = async (date: string) => {
  const r = await closeLedgerThrough(db, clock, BusinessDate.parseOrThrow(date));
  if (!r.ok) throw new Error(r.errors[0].code);
};

test.beforeAll(async ({ db: fileDb }) => {
  db = fileDb;
  const borrowerId = (await borrowerFactory(db)).id;
  lineId = (await creditLineFactory(db, borrowerId, { limit: '5000.00' })).id;
  const loan = await drawdown(
    { db, clock },
    { id: toGlobalId('Borrower', borrowerId), borrowerId },
    {
      creditLineId: lineId,
      amount: Money.parseOrThrow('3000.00', 'CNY'),
      termMonths: 3,
      repaymentMethod: 'EQUAL_PRINCIPAL',
      idempotencyKey: 'l',
    },
  );
  if (!loan.ok) throw new Error(loan.errors[0].code);
  loanId = loan.value.loanId;
  await cob('2026-02-15');
  const paid = await makeRepayment(
    { db, clock },
    { id: toGlobalId('Borrower', borrowerId), role: Role.BORROWER, borrowerId },
    { loanId, amount: Money.parseOrThrow('1045.00', 'CNY'), idempotencyKey: 'p1' },
  );
  if (!paid.ok) throw new Error(paid.errors[0].code);
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from repayments where loan_id = ${loanId}`,
  );
  repaymentId = row!.id;
  await cob('2026-02-20');
});

async function state() {
  const [loan] = await getLoansByIds(db, [loanId]);
  const b = (await loanBalances(db, [loan!])).get(loanId)!;
  const [line] = await getCreditLinesByIds(db, [lineId]);
  return {
    status: loan!.status,
    daysPastDue: loan!.daysPastDue,
    owed: [b.principal, b.interest, b.penalty].map((m) => m.format()),
    available: line!.available.format(),
    schedule: (await listInstallments(db, [loanId]))
      .get(loanId)!
      .map((i) => [i.number, i.paid.format(), i.penaltyDue.format(), i.status]),
  };
}

describe('reverseRepayment', () => {
  test('before: the instalment is paid and nothing is overdue', async () => {
    expect(await state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      owed: ['2000.00', '5.36', '0.00'], // period 2: round(3000 fen x 5 / 28) = 5.36 accrued
      available: '3000.00',
      schedule: [
        [1, '1045.00', '0.00', 'PAID'],
        [2, '0.00', '0.00', 'PENDING'],
        [3, '0.00', '0.00', 'PENDING'],
      ],
    });
  });

  test('re-derives everything as if the payment never happened: overdue 5 days, penalties of 0.16 a day', async () => {
    const result = await reverseRepayment({ db, clock }, ops, {
      repaymentId,
      reason: 'payment returned by the bank',
    });
    expect(result.ok).toBe(true);
    expect(await state()).toEqual({
      status: 'DELINQUENT',
      daysPastDue: 5,
      owed: ['3000.00', '50.36', '0.80'],
      available: '2000.00',
      schedule: [
        [1, '0.00', '0.80', 'OVERDUE'],
        [2, '0.00', '0.00', 'PENDING'],
        [3, '0.00', '0.00', 'PENDING'],
      ],
    });
    const lines = await queryRows<{ account: string; debit: string; credit: string }>(
      db,
      sql`select p.account, p.debit_minor::text as debit, p.credit_minor::text as credit
          from postings p join journal_entries e on e.id = p.entry_id
          where e.loan_id = ${loanId} and e.kind = 'REVERSAL' order by p.account`,
    );
    expect(lines).toEqual([
      { account: 'CASH', debit: '0', credit: '104500' },
      { account: 'PENALTY_INCOME', debit: '0', credit: '80' },
      { account: 'RECEIVABLE_INTEREST', debit: '4500', credit: '0' },
      { account: 'RECEIVABLE_PENALTY', debit: '80', credit: '0' },
      { account: 'RECEIVABLE_PRINCIPAL', debit: '100000', credit: '0' },
    ]);
  });

  test('answers a second reversal with the first, and leaves the journal balanced', async () => {
    const again = await reverseRepayment({ db, clock }, ops, {
      repaymentId,
      reason: 'again',
    });
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from journal_entries where loan_id = ${loanId} and kind = 'REVERSAL'`,
    );
    expect(again.ok).toBe(true);
    expect(n).toBe(1);
    const accounts = await trialBalance(db, 'CNY');
    expect(
      Money.sum(
        accounts.map((a) => a.debits),
        'CNY',
      ).equals(
        Money.sum(
          accounts.map((a) => a.credits),
          'CNY',
        ),
      ),
    ).toBe(true);
  });

  test('keeps accruing from the re-derived state', async () => {
    await cob('2026-02-21');
    expect((await state()).schedule[0]).toEqual([1, '0.00', '0.96', 'OVERDUE']);
  });

  test('is for OPS only, and needs a reason', async () => {
    expect(
      await reverseRepayment(
        { db, clock },
        { id: 'c', role: Role.COMPLIANCE },
        { repaymentId, reason: 'x' },
      ),
    ).toMatchObject({
      ok: false,
      errors: [{ code: 'NOT_ALLOWED' }],
    });
    expect(await reverseRepayment({ db, clock }, ops, { repaymentId, reason: '  ' })).toMatchObject(
      { ok: false, errors: [{ code: 'INVALID_REASON' }] },
    );
    expect(
      await reverseRepayment({ db, clock }, ops, {
        repaymentId: '01937a5e-0000-7000-8000-0000000fffff',
        reason: 'x',
      }),
    ).toMatchObject({ ok: false, errors: [{ code: 'REPAYMENT_NOT_FOUND' }] });
  });
});
