import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, newId, Role, toGlobalId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import { drawdown, getLoansByIds, makeRepayment, reverseRepayment } from '@lending/ledger';
import { BusinessCalendarMode, runCloseOfBusiness } from '@lending/close-of-business';
import { creditLineFactory } from '@lending/ledger/testing';
import { creditLineHistory, type LineMonth } from '../src/index.js';

const SIMULATED = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' } as const;

// One timeline, business dates 2026-01-31 to 2026-09-30, lines at 18 % (cap
// 24 %, so penalty 6 % a year: 16 fen a day on 1,000.00 overdue, 5 fen on
// 333.33), EQUAL_PRINCIPAL loans all disbursed 2026-01-31, so due on
// Feb 28, Mar 31, Apr 30, May 31, Jun 30, Jul 31.
//
// - empty: opened 2026-01-15, never drawn.
// - late: opened 2026-02-28T18:00Z, which is 2026-03-01 in Asia/Shanghai.
// - onTime: 3,000.00 over 3 months, 1,045.00 / 1,030.00 / 1,015.00, each paid on its due date.
// - missed: 6,000.00 over 6 months, 1,000.00 + 90/75/60/45/30/15 interest. Feb, Mar and Apr
//   missed; on May 5 paid 3,225.00 + penalty 16.96 (66 + 35 + 5 days x 0.16); May 31 1,045.00
//   and Jun 30 1,030.00 on time.
// - reversed: 3,000.00 over 3 months; 1,045.00 paid Feb 28, reversed Mar 5 (replay: 5 days of
//   penalty, 0.80), then 1,046.60 paid Mar 10 (instalment + 10 days of penalty).
// - chargedOff: 1,000.00 over 3 months (333.33 + 15.00, 333.33 + 10.00, 333.34 + 5.00), never
//   paid: 180 days past due and charged off on 2026-08-27; a 100.00 recovery on Sep 10.

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-31' } });
/** The file's database, from the fixture, for the timeline's helpers: set as the timeline starts. */
let db: Db;
const clock = new FixedClock('2026-01-15T09:00:00Z');
const cny = (s: string) => Money.parseOrThrow(s, 'CNY');
const lines: Record<string, string> = {};
const loans: Record<string, string> = {};
const owners: Record<string, string> = {};
const liveDaysPastDue: Record<string, number> = {};
const d = (s: string) => BusinessDate.parseOrThrow(s);

const cob = async (date: string) => {
  const r = await runCloseOfBusiness(db, clock, d(date), { calendar: SIMULATED });
  if (!r.ok) throw new Error(r.errors[0].code);
};
const ops = { id: 'ops-1', role: Role.OPS, borrowerId: null };

async function openLine(name: string, opened = clock, limit = '10000.00') {
  const borrowerId = (await borrowerFactory(db)).id;
  owners[name] = borrowerId;
  lines[name] = (await creditLineFactory(db, borrowerId, { limit }, opened)).id;
}

async function draw(name: string, amount: string, termMonths: number, key = name) {
  const borrowerId = owners[name]!;
  return drawdown(
    { db, clock },
    { id: toGlobalId('Borrower', borrowerId), borrowerId },
    {
      creditLineId: lines[name]!,
      amount: cny(amount),
      termMonths,
      repaymentMethod: 'EQUAL_PRINCIPAL',
      idempotencyKey: key,
    },
  );
}

async function openAndDraw(name: string, amount: string, termMonths: number) {
  await openLine(name);
  const result = await draw(name, amount, termMonths);
  if (!result.ok) throw new Error(result.errors[0].code);
  loans[name] = result.value.loanId;
}

async function pay(name: string, amount: string, key: string) {
  const result = await makeRepayment({ db, clock }, ops, {
    loanId: loans[name]!,
    amount: cny(amount),
    idempotencyKey: key,
  });
  if (!result.ok) throw new Error(result.errors[0].code);
}

async function recordLiveDaysPastDue(name: string, date: string) {
  const [loan] = await getLoansByIds(db, [loans[name]!]);
  liveDaysPastDue[`${name}@${date}`] = loan!.daysPastDue;
}

/** [periodStart, periodEnd, balance, paid, drawn, daysPastDue, used, open] */
const row = (m: LineMonth) => [
  m.periodStart,
  m.periodEnd,
  m.balance.format(),
  m.paid.format(),
  m.drawn.format(),
  m.daysPastDue,
  m.used,
  m.open,
];

async function history(name: string, asOf: string, months?: number) {
  const result = await creditLineHistory(db, lines[name]!, d(asOf), months);
  if (!result) throw new Error('no such line');
  return result.map(row);
}

test.beforeAll(async ({ db: fileDb }) => {
  db = fileDb;
  await openLine('empty');
  await openLine('late', new FixedClock('2026-02-28T18:00:00Z'));
  await openAndDraw('onTime', '3000.00', 3);
  await openAndDraw('missed', '6000.00', 6);
  await openAndDraw('reversed', '3000.00', 3);
  await openAndDraw('chargedOff', '1000.00', 3);

  await cob('2026-02-28');
  await pay('onTime', '1045.00', 'c1');
  await pay('reversed', '1045.00', 'r1');
  await cob('2026-03-05');
  const [bounced] = await queryRows<{ id: string }>(
    db,
    sql`select id from repayments where loan_id = ${loans['reversed']!}`,
  );
  const reversal = await reverseRepayment({ db, clock }, ops, {
    repaymentId: bounced!.id,
    reason: 'returned by the bank',
  });
  if (!reversal.ok) throw new Error(reversal.errors[0].code);
  await cob('2026-03-09');
  await recordLiveDaysPastDue('reversed', '2026-03-09');
  await cob('2026-03-10');
  await pay('reversed', '1046.60', 'r2');
  await cob('2026-03-31');
  await pay('onTime', '1030.00', 'c2');
  await recordLiveDaysPastDue('missed', '2026-03-31');
  await cob('2026-04-30');
  await pay('onTime', '1015.00', 'c3');
  await recordLiveDaysPastDue('missed', '2026-04-30');
  await cob('2026-05-05');
  await pay('missed', '3241.96', 'm1');
  await recordLiveDaysPastDue('missed', '2026-05-05');
  await cob('2026-05-31');
  await pay('missed', '1045.00', 'm2');
  await cob('2026-06-30');
  await pay('missed', '1030.00', 'm3');
  await cob('2026-07-31');
  await recordLiveDaysPastDue('chargedOff', '2026-07-31');
  await cob('2026-09-10');
  await pay('chargedOff', '100.00', 'g1');
  await cob('2026-09-30');
}, 300_000);

describe('creditLineHistory', () => {
  test('a line with no loans: every month unused, nothing owed', async () => {
    expect(await history('empty', '2026-06-30')).toEqual([
      ['2026-06-01', '2026-06-30', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-05-01', '2026-05-31', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-04-01', '2026-04-30', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-03-01', '2026-03-31', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-02-01', '2026-02-28', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-01-01', '2026-01-31', '0.00', '0.00', '0.00', 0, false, true],
    ]);
  });

  test('months before the line opened are not open (the opening day is taken in the borrower zone)', async () => {
    expect(await history('late', '2026-06-30')).toEqual([
      ['2026-06-01', '2026-06-30', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-05-01', '2026-05-31', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-04-01', '2026-04-30', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-03-01', '2026-03-31', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-02-01', '2026-02-28', '0.00', '0.00', '0.00', 0, false, false],
      ['2026-01-01', '2026-01-31', '0.00', '0.00', '0.00', 0, false, false],
    ]);
  });

  test('a loan drawn and repaid on time: each month paid exactly, never past due, unused once paid off', async () => {
    expect(await history('onTime', '2026-06-30')).toEqual([
      ['2026-06-01', '2026-06-30', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-05-01', '2026-05-31', '0.00', '0.00', '0.00', 0, false, true],
      ['2026-04-01', '2026-04-30', '0.00', '1015.00', '0.00', 0, true, true],
      ['2026-03-01', '2026-03-31', '1000.00', '1030.00', '0.00', 0, true, true],
      ['2026-02-01', '2026-02-28', '2000.00', '1045.00', '0.00', 0, true, true],
      ['2026-01-01', '2026-01-31', '3000.00', '0.00', '3000.00', 0, true, true],
    ]);
    const [loan] = await getLoansByIds(db, [loans['onTime']!]);
    expect(loan!.status).toBe('PAID_OFF');
  });

  test('missed instalments: 31 then 61 days past due at the month ends, 0 once caught up', async () => {
    // Balance: principal + interest due (90, +75, +60) + penalty accrued to the day
    // (Mar: 31 x 0.16 = 4.96; Apr: 61 x 0.16 + 30 x 0.16 = 14.56).
    expect(await history('missed', '2026-06-30')).toEqual([
      ['2026-06-01', '2026-06-30', '1000.00', '1030.00', '0.00', 0, true, true],
      ['2026-05-01', '2026-05-31', '2000.00', '4286.96', '0.00', 0, true, true],
      ['2026-04-01', '2026-04-30', '6239.56', '0.00', '0.00', 61, true, true],
      ['2026-03-01', '2026-03-31', '6169.96', '0.00', '0.00', 31, true, true],
      ['2026-02-01', '2026-02-28', '6090.00', '0.00', '0.00', 0, true, true],
      ['2026-01-01', '2026-01-31', '6000.00', '0.00', '6000.00', 0, true, true],
    ]);
  });

  test('agrees with the days past due close of business kept on the day', async () => {
    expect(liveDaysPastDue).toMatchObject({
      'missed@2026-03-31': 31,
      'missed@2026-04-30': 61,
      'missed@2026-05-05': 0,
      'reversed@2026-03-09': 9,
      'chargedOff@2026-07-31': 153,
    });
    const at = async (name: string, date: string) =>
      (await creditLineHistory(db, lines[name]!, d(date), 1))![0]!.daysPastDue;
    for (const [key, live] of Object.entries(liveDaysPastDue)) {
      const [name, date] = key.split('@') as [string, string];
      expect([key, await at(name, date)]).toEqual([key, live]);
    }
  });

  test('a mid-month asOf ends the current month on asOf', async () => {
    expect(await history('missed', '2026-05-04', 2)).toEqual([
      // Before the catch-up: 6,000.00 + 225.00 interest due + 65, 34 and 4 days of penalty (16.48).
      ['2026-05-01', '2026-05-04', '6241.48', '0.00', '0.00', 65, true, true],
      ['2026-04-01', '2026-04-30', '6239.56', '0.00', '0.00', 61, true, true],
    ]);
  });

  test('leaves a reversed repayment out as if never received', async () => {
    expect(await history('reversed', '2026-03-31', 3)).toEqual([
      // 1,046.60 = 1,045.00 + 10 days of penalty; left: 2,000.00 principal + 30.00 interest due Mar 31.
      ['2026-03-01', '2026-03-31', '2030.00', '1046.60', '0.00', 0, true, true],
      // The 1,045.00 of Feb 28 was reversed: the instalment stays owed.
      ['2026-02-01', '2026-02-28', '3045.00', '0.00', '0.00', 0, true, true],
      ['2026-01-01', '2026-01-31', '3000.00', '0.00', '3000.00', 0, true, true],
    ]);
    // Between reversal and payment: 9 days past due; penalty 0.80 re-derived at the
    // reversal (Mar 5) + 4 days of close of business (0.64).
    expect(await history('reversed', '2026-03-09', 1)).toEqual([
      ['2026-03-01', '2026-03-09', '3046.44', '0.00', '0.00', 9, true, true],
    ]);
  });

  test('a charged-off loan keeps its state of the charge-off day, less recoveries', async () => {
    const [loan] = await getLoansByIds(db, [loans['chargedOff']!]);
    expect(loan!.status).toBe('CHARGED_OFF');
    expect(await history('chargedOff', '2026-09-30', 3)).toEqual([
      // 1,052.40 written off on Aug 27, 100.00 recovered.
      ['2026-09-01', '2026-09-30', '952.40', '100.00', '0.00', 180, true, true],
      // At Aug 27: 1,000.00 + 30.00 interest + penalty 180, 149 and 119 days x 0.05 = 22.40.
      ['2026-08-01', '2026-08-31', '1052.40', '0.00', '0.00', 180, true, true],
      // 153, 122 and 92 days x 0.05 = 18.35 penalty.
      ['2026-07-01', '2026-07-31', '1048.35', '0.00', '0.00', 153, true, true],
    ]);
    const [written] = await queryRows<{ amount: string }>(
      db,
      sql`select sum(p.debit_minor)::text as amount from postings p
          join journal_entries e on e.id = p.entry_id
          where e.loan_id = ${loans['chargedOff']!} and e.kind = 'WRITE_OFF'`,
    );
    expect(written!.amount).toBe('105240');
  });

  test('defaults to six months, and refuses an unknown line or a bad month count', async () => {
    expect(await creditLineHistory(db, lines['onTime']!, d('2026-06-30'))).toHaveLength(6);
    expect(await creditLineHistory(db, newId(), d('2026-06-30'))).toBeNull();
    await expect(creditLineHistory(db, lines['onTime']!, d('2026-06-30'), 0)).rejects.toThrow(
      RangeError,
    );
  });
});
