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
  type ExcessUse,
  type RepaymentMethod,
} from '../src/index.js';
import { closeLedgerThrough, creditLineFactory } from '../src/testing.js';

// Issue 22, the ledger's part, on the issue's own loan: CNY 1,200.00 at 9.9 % over 6 months,
// equal instalments, disbursed 2026-12-07. From test/model/repayment_model.py: 205.81 a month
// (195.91 + 9.90 first; 205.82 last), 1,234.87 in all. Period 2 runs 2027-01-07 .. 02-07 (31 days).

const test = dbTest.override({ dbOptions: { businessDate: '2026-12-07' } });
let db: Db;
const clock = new FixedClock('2026-12-07T09:00:00Z');
const cny = (s: string) => Money.parseOrThrow(s, 'CNY');
const ops = { id: 'ops-1', role: Role.OPS, borrowerId: null };

const cob = async (date: string) => {
  const result = await closeLedgerThrough(db, clock, BusinessDate.parseOrThrow(date));
  if (!result.ok) throw new Error(result.errors[0].code);
};

async function open(limit = '5000.00') {
  const borrowerId = (await borrowerFactory(db)).id;
  const lineId = (await creditLineFactory(db, borrowerId, { limit, annualRate: '0.099' })).id;
  return { borrowerId, lineId };
}

async function draw(
  who: { borrowerId: string; lineId: string },
  amount: string,
  termMonths: number,
  method: RepaymentMethod,
  key: string,
) {
  const result = await drawdown(
    { db, clock },
    { id: toGlobalId('Borrower', who.borrowerId), borrowerId: who.borrowerId },
    {
      creditLineId: who.lineId,
      amount: cny(amount),
      termMonths,
      repaymentMethod: method,
      idempotencyKey: key,
    },
  );
  if (!result.ok) throw new Error(result.errors[0].code);
  return result.value.loanId;
}

async function pay(loanId: string, amount: string, key: string, excessUse?: ExcessUse) {
  const result = await makeRepayment({ db, clock }, ops, {
    loanId,
    amount: cny(amount),
    idempotencyKey: key,
    ...(excessUse ? { excessUse } : {}),
  });
  if (!result.ok) throw new Error(result.errors[0].code);
  const a = result.value.allocation;
  return {
    principal: a.principal.format(),
    interest: a.interest.format(),
    excess: a.excess.format(),
    interestReleased: a.interestReleased.format(),
  };
}

async function loanState(loanId: string) {
  const [loan] = await getLoansByIds(db, [loanId]);
  const balance = (await loanBalances(db, [loan!])).get(loanId)!;
  return {
    status: loan!.status,
    daysPastDue: loan!.daysPastDue,
    termMonths: loan!.schedule.termMonths,
    payoff: balance.payoff.format(),
    schedule: (await listInstallments(db, [loanId]))
      .get(loanId)!
      .map((i) => [
        i.number,
        i.dueDate.toString(),
        i.principalDue.format(),
        i.interestDue.format(),
        i.paid.format(),
        i.status,
      ]),
  };
}

const creditBalance = async (lineId: string) =>
  (await getCreditLinesByIds(db, [lineId]))[0]!.creditBalance.format();

/** The loan's balance on one account, debit positive, from the journal. */
async function net(loanId: string, account: string): Promise<string> {
  const [row] = await queryRows<{ net: string }>(
    db,
    sql`select coalesce(sum(debit_minor - credit_minor), 0)::text as net from postings
        where loan_id = ${loanId}::uuid and account = ${account}`,
  );
  return row!.net;
}

test.beforeAll(async ({ db: fileDb }) => {
  db = fileDb;
});

describe('observation 1 and 2: the first instalment paid on the day of the drawdown', () => {
  let loanId = '';
  test('pays instalment 1; the schedule keeps 6 rows and termMonths 6', async () => {
    loanId = await draw(await open(), '1200.00', 6, 'EQUAL_INSTALLMENT', 'obs-1');
    expect(await pay(loanId, '205.81', 'obs-1-p1')).toEqual({
      principal: '195.91',
      interest: '9.90',
      excess: '0.00',
      interestReleased: '0.00',
    });
    expect(await loanState(loanId)).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      termMonths: 6,
      // 1,004.09 of principal less the 9.90 paid ahead, none of it earned today: paying it now
      // would make the loan cost 1,200.00, no interest at all.
      payoff: '994.19',
      schedule: [
        [1, '2027-01-07', '195.91', '9.90', '205.81', 'PAID'],
        [2, '2027-02-07', '197.53', '8.28', '0.00', 'PENDING'],
        [3, '2027-03-07', '199.16', '6.65', '0.00', 'PENDING'],
        [4, '2027-04-07', '200.80', '5.01', '0.00', 'PENDING'],
        [5, '2027-05-07', '202.46', '3.35', '0.00', 'PENDING'],
        [6, '2027-06-07', '204.14', '1.68', '0.00', 'PENDING'],
      ],
    });
    // The 9.90 is the borrower's until close of business earns it.
    expect(await net(loanId, 'INTEREST_PAID_IN_ADVANCE')).toBe('-990');
    expect(await net(loanId, 'RECEIVABLE_INTEREST')).toBe('0');
  });

  test('close of business to 2027-01-10: current, nothing overdue, the 9.90 earned', async () => {
    await cob('2027-01-10');
    // Period 2, 3 of 31 days: round(828 x 3 / 31) = 80 fen accrued, a receivable.
    expect(await loanState(loanId)).toMatchObject({
      status: 'ACTIVE',
      daysPastDue: 0,
      payoff: '1004.89',
      schedule: [
        [1, '2027-01-07', '195.91', '9.90', '205.81', 'PAID'],
        [2, '2027-02-07', '197.53', '8.28', '0.00', 'PENDING'],
        [3, '2027-03-07', '199.16', '6.65', '0.00', 'PENDING'],
        [4, '2027-04-07', '200.80', '5.01', '0.00', 'PENDING'],
        [5, '2027-05-07', '202.46', '3.35', '0.00', 'PENDING'],
        [6, '2027-06-07', '204.14', '1.68', '0.00', 'PENDING'],
      ],
    });
    expect(await net(loanId, 'INTEREST_PAID_IN_ADVANCE')).toBe('0');
    expect(await net(loanId, 'RECEIVABLE_INTEREST')).toBe('80');
  });

  test('observation 5: 979.22 beyond the payoff is the line credit balance, used by the next amount due', async () => {
    const [loan] = await getLoansByIds(db, [loanId]);
    const lineId = loan!.creditLineId;
    // Payoff on 01-10: 1,004.09 of principal and 0.80 accrued = 1,004.89.
    expect(await pay(loanId, '1984.11', 'obs-5')).toEqual({
      principal: '1004.09',
      interest: '0.80',
      excess: '979.22',
      interestReleased: '0.00',
    });
    expect((await loanState(loanId)).status).toBe('PAID_OFF');
    expect(await creditBalance(lineId)).toBe('979.22');

    // A new loan on the line: 600.00 over 3 months, equal principal: 200.00 + 4.95 due 02-10,
    // 200.00 + 3.30 due 03-10, 200.00 + 1.65 due 04-10.
    const second = await draw(
      { borrowerId: loan!.borrowerId, lineId },
      '600.00',
      3,
      'EQUAL_PRINCIPAL',
      'obs-5-2',
    );
    await cob('2027-02-10');
    expect(await creditBalance(lineId)).toBe('774.27');
    expect((await loanState(second)).schedule[0]).toEqual([
      1,
      '2027-02-10',
      '200.00',
      '4.95',
      '204.95',
      'PAID',
    ]);
    await cob('2027-03-11');
    expect(await creditBalance(lineId)).toBe('570.97');
    expect(await loanState(second)).toMatchObject({ status: 'ACTIVE', daysPastDue: 0 });
    const uses = await queryRows<{ source: string; amount: string; business_date: string }>(
      db,
      sql`select source, amount_minor::text as amount, business_date::text from repayments
          where loan_id = ${second}::uuid order by business_date`,
    );
    expect(uses).toEqual([
      { source: 'CREDIT_BALANCE', amount: '20495', business_date: '2027-02-10' },
      { source: 'CREDIT_BALANCE', amount: '20330', business_date: '2027-03-10' },
    ]);

    // Reversing the payment that made the credit would take back 979.22 of which 408.25 is spent.
    const [made] = await queryRows<{ id: string }>(
      db,
      sql`select id from repayments where loan_id = ${loanId}::uuid and amount_minor = 198411`,
    );
    const refused = await reverseRepayment({ db, clock }, ops, {
      repaymentId: made!.id,
      reason: 'returned by the bank',
    });
    expect(refused).toMatchObject({ ok: false, errors: [{ code: 'CREDIT_BALANCE_USED' }] });
    expect(await creditBalance(lineId)).toBe('570.97');
    expect((await loanState(loanId)).status).toBe('PAID_OFF');

    // Reversing a use of the credit gives it back and re-opens the instalment it paid.
    const [use] = await queryRows<{ id: string }>(
      db,
      sql`select id from repayments where loan_id = ${second}::uuid and business_date = '2027-03-10'`,
    );
    const reversed = await reverseRepayment({ db, clock }, ops, {
      repaymentId: use!.id,
      reason: 'applied in error',
    });
    expect(reversed.ok).toBe(true);
    expect(await creditBalance(lineId)).toBe('774.27');
    expect(await loanState(second)).toMatchObject({ status: 'DELINQUENT', daysPastDue: 1 });
  });
});

describe('a recast: the schedule and termMonths agree', () => {
  // The file's business date is 2027-03-11 by now: these loans are drawn that day.
  test('REDUCE_TERM: 500.00 prepaid on the day of the drawdown leaves 4 instalments, termMonths 4', async () => {
    const drawn = await draw(await open(), '1200.00', 6, 'EQUAL_INSTALLMENT', 'recast-term');
    expect(await pay(drawn, '500.00', 'recast-term-p', 'REDUCE_TERM')).toEqual({
      principal: '500.00',
      interest: '0.00',
      excess: '0.00',
      interestReleased: '0.00',
    });
    // The model: [(195.91, 9.90), (201.65, 4.16), (203.31, 2.50), (99.13, 0.82)]
    expect(await loanState(drawn)).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      termMonths: 4,
      payoff: '700.00',
      schedule: [
        [1, '2027-04-11', '195.91', '9.90', '0.00', 'PENDING'],
        [2, '2027-05-11', '201.65', '4.16', '0.00', 'PENDING'],
        [3, '2027-06-11', '203.31', '2.50', '0.00', 'PENDING'],
        [4, '2027-07-11', '99.13', '0.82', '0.00', 'PENDING'],
      ],
    });
  });

  test('REDUCE_INSTALLMENT: the same 500.00 keeps 6 smaller instalments', async () => {
    const loanId = await draw(await open(), '1200.00', 6, 'EQUAL_INSTALLMENT', 'recast-inst');
    await pay(loanId, '500.00', 'recast-inst-p', 'REDUCE_INSTALLMENT');
    // The model: [(114.28, 9.90), (115.23, 4.83), (116.18, 3.88), (117.14, 2.92), (118.10, 1.96), (119.07, 0.98)]
    expect(await loanState(loanId)).toMatchObject({
      termMonths: 6,
      schedule: [
        [1, '2027-04-11', '114.28', '9.90', '0.00', 'PENDING'],
        [2, '2027-05-11', '115.23', '4.83', '0.00', 'PENDING'],
        [3, '2027-06-11', '116.18', '3.88', '0.00', 'PENDING'],
        [4, '2027-07-11', '117.14', '2.92', '0.00', 'PENDING'],
        [5, '2027-08-11', '118.10', '1.96', '0.00', 'PENDING'],
        [6, '2027-09-11', '119.07', '0.98', '0.00', 'PENDING'],
      ],
    });
  });

  test('an interest-only loan cannot shorten its term: a coded refusal, nothing written', async () => {
    const loanId = await draw(await open(), '1200.00', 6, 'INTEREST_ONLY_BULLET', 'bullet');
    const result = await makeRepayment({ db, clock }, ops, {
      loanId,
      amount: cny('100.00'),
      idempotencyKey: 'bullet-p',
      excessUse: 'REDUCE_TERM',
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ code: 'EXCESS_USE_NOT_AVAILABLE', field: ['excessUse'] }],
    });
    const [n] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from repayments where loan_id = ${loanId}::uuid`,
    );
    expect(n!.n).toBe(0);
  });
});

describe('the payoff amount early', () => {
  test('pays the loan off with the interest accrued to that day, and no interest after it', async () => {
    const who = await open();
    const loanId = await draw(who, '1200.00', 6, 'EQUAL_INSTALLMENT', 'payoff-early');
    await cob('2027-03-21'); // 10 of 31 days of period 1: round(990 x 10 / 31) = 3.19
    const state = await loanState(loanId);
    expect(state.payoff).toBe('1203.19');
    expect(await pay(loanId, '1203.19', 'payoff-early-p')).toEqual({
      principal: '1200.00',
      interest: '3.19',
      excess: '0.00',
      interestReleased: '0.00',
    });
    await cob('2027-05-01');
    const [accruals] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from journal_entries
          where loan_id = ${loanId}::uuid and kind = 'ACCRUAL' and business_date > '2027-03-21'`,
    );
    expect(accruals!.n).toBe(0);
    expect((await loanState(loanId)).status).toBe('PAID_OFF');
    expect(await net(loanId, 'INTEREST_INCOME')).toBe('-319');
    expect(await creditBalance(who.lineId)).toBe('0.00');
  });

  test('the journal balances in every currency, with the new account', async () => {
    const rows = await trialBalance(db, 'CNY');
    const debits = rows.reduce((s, a) => s + a.debits.minor, 0n);
    const credits = rows.reduce((s, a) => s + a.credits.minor, 0n);
    expect(debits).toBe(credits);
  });
});
