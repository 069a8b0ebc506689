import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { getBusinessDate, queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, toGlobalId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import {
  drawdown,
  getCreditLinesByIds,
  getLoansByIds,
  listInstallments,
  loanBalances,
  makeRepayment,
  trialBalance,
} from '../src/index.js';
import { creditLineFactory, closeLedgerThrough } from '../src/testing.js';

// One loan, stepped through close of business day by day: 1,000.00 CNY at
// 18 % (cost cap 24 %), EQUAL_PRINCIPAL over 3 months, disbursed 2026-01-15.
// Schedule: 333.33 + 15.00 due 2026-02-15, 333.33 + 10.00 due 2026-03-15,
// 333.34 + 5.00 due 2026-04-15. Penalty rate p = min(0.09, 0.24 - 0.18) = 0.06.

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-15' } });
/** The file's database, from the fixture, for the helpers below: set as the timeline starts. */
let db: Db;
let loanId: string;
let lineId: string;
const clock = new FixedClock('2026-01-15T09:00:00Z');
const cob = (date: string) => closeLedgerThrough(db, clock, BusinessDate.parseOrThrow(date));

test.beforeAll(async ({ db: fileDb }) => {
  db = fileDb;
  const borrower = await borrowerFactory(db);
  lineId = (await creditLineFactory(db, borrower.id, { limit: '5000.00', annualRate: '0.18' })).id;
  const result = await drawdown(
    { db, clock },
    { id: toGlobalId('Borrower', borrower.id), borrowerId: borrower.id },
    {
      creditLineId: lineId,
      amount: Money.parseOrThrow('1000.00', 'CNY'),
      termMonths: 3,
      repaymentMethod: 'EQUAL_PRINCIPAL',
      idempotencyKey: 'cob-loan',
    },
  );
  if (!result.ok) throw new Error(result.errors[0].code);
  loanId = result.value.loanId;
});

async function state() {
  const [loan] = await getLoansByIds(db, [loanId]);
  const balance = (await loanBalances(db, [loan!])).get(loanId)!;
  const schedule = (await listInstallments(db, [loanId])).get(loanId)!;
  return {
    status: loan!.status,
    daysPastDue: loan!.daysPastDue,
    balance: {
      principal: balance.principal.format(),
      interest: balance.interest.format(),
      penalty: balance.penalty.format(),
    },
    installments: schedule.map((i) => [i.number, i.status, i.penaltyDue.format()]),
  };
}

async function entries(kind: string) {
  return queryRows<{ business_date: string; amount: string }>(
    db,
    sql`select e.business_date::text as business_date, sum(p.debit_minor)::text as amount
        from journal_entries e join postings p on p.entry_id = e.id
        where e.loan_id = ${loanId} and e.kind = ${kind}
        group by e.id, e.business_date order by e.business_date`,
  );
}

describe('close of business, day by day', () => {
  test('accrues the first day of interest: round(1500 fen x 1 / 31) = 48 fen', async () => {
    expect(await cob('2026-01-16')).toMatchObject({
      ok: true,
      value: { daysClosed: 1, loansProcessed: 1 },
    });
    expect(await getBusinessDate(db)).toBe('2026-01-16');
    expect(await entries('ACCRUAL')).toEqual([{ business_date: '2026-01-16', amount: '48' }]);
  });

  test('is a no-op when the date is already closed', async () => {
    expect(await cob('2026-01-16')).toMatchObject({
      ok: true,
      value: { daysClosed: 0, loansProcessed: 0 },
    });
    expect(await entries('ACCRUAL')).toHaveLength(1);
  });

  test('refuses to go back in time', async () => {
    expect(await cob('2026-01-10')).toMatchObject({
      ok: false,
      errors: [{ code: 'DATE_IN_THE_PAST' }],
    });
  });

  test('has accrued exactly the period interest, 15.00, on the due date, when the instalment becomes DUE', async () => {
    await cob('2026-02-15');
    expect(await state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      balance: { principal: '1000.00', interest: '15.00', penalty: '0.00' },
      installments: [
        [1, 'DUE', '0.00'],
        [2, 'PENDING', '0.00'],
        [3, 'PENDING', '0.00'],
      ],
    });
    const daily = await entries('ACCRUAL');
    expect(daily).toHaveLength(31);
    expect(daily.reduce((sum, e) => sum + BigInt(e.amount), 0n)).toBe(1500n);
  });

  test('turns an unpaid instalment OVERDUE the next day: 1 day past due, DELINQUENT, penalty starts', async () => {
    await cob('2026-02-16');
    // penalty: round(33333 fen x 0.06 / 365) = round(5.479) = 5 fen; period 2 interest day 1: round(1000 x 1/28) = 36 fen
    expect(await state()).toEqual({
      status: 'DELINQUENT',
      daysPastDue: 1,
      balance: { principal: '1000.00', interest: '15.36', penalty: '0.05' },
      installments: [
        [1, 'OVERDUE', '0.05'],
        [2, 'PENDING', '0.00'],
        [3, 'PENDING', '0.00'],
      ],
    });
    expect(await entries('PENALTY')).toEqual([{ business_date: '2026-02-16', amount: '5' }]);
  });

  test('charges off at 180 days past due: every receivable written off, the line frozen', async () => {
    const result = await cob('2026-08-14'); // 2026-02-15 + 180 days
    expect(result).toMatchObject({ ok: true, value: { daysClosed: 179 } });
    const s = await state();
    expect(s.status).toBe('CHARGED_OFF');
    expect(s.daysPastDue).toBe(180);
    expect(s.balance).toEqual({ principal: '0.00', interest: '0.00', penalty: '0.00' });
    expect((await entries('WRITE_OFF')).map((e) => e.business_date)).toEqual(['2026-08-14']);
    const [line] = await getCreditLinesByIds(db, [lineId]);
    expect(line!.status).toBe('FROZEN');
    // Interest stops with the last period (30.00 in all); nothing accrues after charge-off.
    await cob('2026-08-20');
    expect((await entries('ACCRUAL')).reduce((sum, e) => sum + BigInt(e.amount), 0n)).toBe(3000n);
  });

  test('still accepts a recovery after charge-off, credited against the write-off', async () => {
    const result = await makeRepayment(
      { db, clock },
      { id: 'ops-1', role: 'OPS', borrowerId: null },
      { loanId, amount: Money.parseOrThrow('100.00', 'CNY'), idempotencyKey: 'recovery-1' },
    );
    expect(
      result.ok && [
        result.value.allocation.recovery.format(),
        result.value.allocation.excess.format(),
        result.value.allocation.principal.format(),
      ],
    ).toEqual(['100.00', '0.00', '0.00']);
  });

  test('keeps the journal balanced throughout', async () => {
    const accounts = await trialBalance(db, 'CNY');
    const debits = Money.sum(
      accounts.map((a) => a.debits),
      'CNY',
    );
    const credits = Money.sum(
      accounts.map((a) => a.credits),
      'CNY',
    );
    expect(debits.equals(credits)).toBe(true);
    const byAccount = Object.fromEntries(
      accounts.map((a) => [a.account, [a.debits.format(), a.credits.format()]]),
    );
    expect(byAccount['INTEREST_INCOME']).toEqual(['0.00', '30.00']);
    expect(byAccount['CASH']).toEqual(['100.00', '1000.00']);
  });
});
