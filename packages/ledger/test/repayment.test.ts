import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { getBusinessDate, queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, Role, toGlobalId } from '@lending/kernel';
import { waitUntilWaitingForLocks } from '@lending/testing';
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

// Fineract-style walk through one loan with exact amounts:
// 3,000.00 CNY at 18 % (cap 24 %, so penalty rate 6 %), EQUAL_PRINCIPAL over
// 3 months, disbursed 2026-01-15: 1,000.00 + 45.00 due 02-15,
// 1,000.00 + 30.00 due 03-15, 1,000.00 + 15.00 due 04-15.

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-15' } });
/** The file's database, from the fixture, for the helpers below: set as the timeline starts. */
let db: Db;
let borrowerId: string;
let lineId: string;
let loanId: string;
const clock = new FixedClock('2026-01-15T09:00:00Z');
const cny = (s: string) => Money.parseOrThrow(s, 'CNY');
const cob = async (date: string) => {
  const result = await closeLedgerThrough(db, clock, BusinessDate.parseOrThrow(date));
  if (!result.ok) throw new Error(result.errors[0].code);
};
const borrower = () => ({
  id: toGlobalId('Borrower', borrowerId),
  role: Role.BORROWER,
  borrowerId,
});
const pay = (amount: string, key: string, actor = borrower()) =>
  makeRepayment({ db, clock }, actor, {
    loanId,
    amount: cny(amount),
    idempotencyKey: key,
  });
const fmt = (a: {
  principal: Money;
  interest: Money;
  fees: Money;
  penalty: Money;
  excess: Money;
  recovery: Money;
}) => ({
  principal: a.principal.format(),
  interest: a.interest.format(),
  fees: a.fees.format(),
  penalty: a.penalty.format(),
  excess: a.excess.format(),
  recovery: a.recovery.format(),
});

test.beforeAll(async ({ db: fileDb }) => {
  db = fileDb;
  borrowerId = (await borrowerFactory(db)).id;
  lineId = (await creditLineFactory(db, borrowerId, { limit: '5000.00' })).id;
  const result = await drawdown(
    { db, clock },
    { id: toGlobalId('Borrower', borrowerId), borrowerId },
    {
      creditLineId: lineId,
      amount: cny('3000.00'),
      termMonths: 3,
      repaymentMethod: 'EQUAL_PRINCIPAL',
      idempotencyKey: 'walk',
    },
  );
  if (!result.ok) throw new Error(result.errors[0].code);
  loanId = result.value.loanId;
});

async function snapshot() {
  const [loan] = await getLoansByIds(db, [loanId]);
  const balance = (await loanBalances(db, [loan!])).get(loanId)!;
  const [line] = await getCreditLinesByIds(db, [lineId]);
  return {
    status: loan!.status,
    daysPastDue: loan!.daysPastDue,
    owed: [balance.principal, balance.interest, balance.penalty].map((m) => m.format()),
    available: line!.available.format(),
    schedule: (await listInstallments(db, [loanId]))
      .get(loanId)!
      .map((i) => [
        i.number,
        i.dueDate.toString(),
        i.principalDue.format(),
        i.interestDue.format(),
        i.penaltyDue.format(),
        i.paid.format(),
        i.status,
      ]),
  };
}

describe('a loan from disbursement to payoff', () => {
  test('on-time payment of the first instalment', async () => {
    await cob('2026-02-15');
    const result = await pay('1045.00', 'p1');
    expect(result.ok && fmt(result.value.allocation)).toEqual({
      principal: '1000.00',
      interest: '45.00',
      fees: '0.00',
      penalty: '0.00',
      excess: '0.00',
      recovery: '0.00',
    });
    expect(await snapshot()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      owed: ['2000.00', '0.00', '0.00'],
      available: '3000.00',
      schedule: [
        [1, '2026-02-15', '1000.00', '45.00', '0.00', '1045.00', 'PAID'],
        [2, '2026-03-15', '1000.00', '30.00', '0.00', '0.00', 'PENDING'],
        [3, '2026-04-15', '1000.00', '15.00', '0.00', '0.00', 'PENDING'],
      ],
    });
  });

  test('five days late: penalty of 0.16 a day on 1,000.00 overdue, partial payment through the waterfall', async () => {
    await cob('2026-03-20');
    // penalty/day = round(100000 fen x 0.06 / 365) = 16 fen; 5 days = 0.80
    // interest: period 2 complete (30.00) + period 3 for 5 of 31 days: round(1500 x 5 / 31) = 2.42
    expect(await snapshot()).toMatchObject({
      status: 'DELINQUENT',
      daysPastDue: 5,
      owed: ['2000.00', '32.42', '0.80'],
    });
    const result = await pay('500.00', 'p2');
    expect(result.ok && fmt(result.value.allocation)).toEqual({
      principal: '469.20',
      interest: '30.00',
      fees: '0.00',
      penalty: '0.80',
      excess: '0.00',
      recovery: '0.00',
    });
    expect(await snapshot()).toMatchObject({
      status: 'DELINQUENT',
      daysPastDue: 5,
      owed: ['1530.80', '2.42', '0.00'],
      schedule: [
        [1, '2026-02-15', '1000.00', '45.00', '0.00', '1045.00', 'PAID'],
        [2, '2026-03-15', '1000.00', '30.00', '0.80', '500.00', 'OVERDUE'],
        [3, '2026-04-15', '1000.00', '15.00', '0.00', '0.00', 'PENDING'],
      ],
    });
  });

  test('the rest of the late instalment, then the coming one: its interest first, paid ahead', async () => {
    const result = await pay('600.00', 'p3');
    // 530.80 settles instalment 2; the other 69.20 pays instalment 3 through the waterfall:
    // its 15.00 of interest (2.42 accrued in 5 of 31 days, 12.58 paid ahead), then 54.20 of principal.
    expect(result.ok && fmt(result.value.allocation)).toEqual({
      principal: '585.00',
      interest: '15.00',
      fees: '0.00',
      penalty: '0.00',
      excess: '0.00',
      recovery: '0.00',
    });
    expect(await snapshot()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      owed: ['945.80', '0.00', '0.00'],
      available: '4054.20',
      schedule: [
        [1, '2026-02-15', '1000.00', '45.00', '0.00', '1045.00', 'PAID'],
        [2, '2026-03-15', '1000.00', '30.00', '0.80', '1030.80', 'PAID'],
        [3, '2026-04-15', '1000.00', '15.00', '0.00', '69.20', 'PENDING'],
      ],
    });
  });

  test('payoff: remaining principal plus interest accrued to date; the rest is held as credit', async () => {
    await cob('2026-03-25'); // period 3 accrued for 10 of 31 days: round(1500 x 10 / 31) = 4.84
    const result = await pay('1000.00', 'p4');
    // Payoff 945.80 of principal; of the 15.00 interest paid ahead 4.84 is earned by today, so
    // 10.16 is returned: excess 1,000.00 + 10.16 - 945.80 = 64.36, the line's credit balance.
    expect(result.ok && fmt(result.value.allocation)).toEqual({
      principal: '945.80',
      interest: '0.00',
      fees: '0.00',
      penalty: '0.00',
      excess: '64.36',
      recovery: '0.00',
    });
    expect(result.ok && result.value.allocation.interestReleased.format()).toBe('10.16');
    const [line] = await getCreditLinesByIds(db, [lineId]);
    expect(line!.creditBalance.format()).toBe('64.36');
    expect(await snapshot()).toEqual({
      status: 'PAID_OFF',
      daysPastDue: 0,
      owed: ['0.00', '0.00', '0.00'],
      available: '5000.00',
      schedule: [
        [1, '2026-02-15', '1000.00', '45.00', '0.00', '1045.00', 'PAID'],
        [2, '2026-03-15', '1000.00', '30.00', '0.80', '1030.80', 'PAID'],
        [3, '2026-04-15', '1000.00', '4.84', '0.00', '1004.84', 'PAID'],
      ],
    });
  });

  test('stops accruing once paid off, and refuses further payments', async () => {
    await cob('2026-04-30');
    expect((await snapshot()).owed).toEqual(['0.00', '0.00', '0.00']);
    expect(await pay('1.00', 'p5')).toMatchObject({
      ok: false,
      errors: [{ code: 'LOAN_PAID_OFF' }],
    });
  });

  test('has every transaction and journal total, exactly', async () => {
    const kinds = await queryRows<{ kind: string; n: number; total: string }>(
      db,
      sql`select e.kind, count(distinct e.id)::int as n, sum(p.debit_minor)::text as total
          from journal_entries e join postings p on p.entry_id = e.id where e.loan_id = ${loanId}
          group by e.kind order by e.kind`,
    );
    expect(kinds).toEqual([
      { kind: 'ACCRUAL', n: 69, total: '7984' },
      { kind: 'DISBURSEMENT', n: 1, total: '300000' },
      { kind: 'PENALTY', n: 5, total: '80' },
      // 3,145.00 received, and the 10.16 of interest paid ahead the payoff returned (a debit)
      { kind: 'REPAYMENT', n: 4, total: '315516' },
    ]);
    const accounts = Object.fromEntries(
      (await trialBalance(db, 'CNY')).map((a) => [
        a.account,
        [a.debits.format(), a.credits.format()],
      ]),
    );
    expect(accounts).toEqual({
      BORROWER_CREDIT: ['0.00', '64.36'],
      CASH: ['3145.00', '3000.00'],
      INTEREST_INCOME: ['0.00', '79.84'],
      // 12.58 paid ahead on 03-20; 2.42 of it earned by 03-25, the 10.16 left returned at payoff
      INTEREST_PAID_IN_ADVANCE: ['12.58', '12.58'],
      PENALTY_INCOME: ['0.00', '0.80'],
      RECEIVABLE_INTEREST: ['77.42', '77.42'],
      RECEIVABLE_PENALTY: ['0.80', '0.80'],
      RECEIVABLE_PRINCIPAL: ['3000.00', '3000.00'],
    });
  });
});

describe('makeRepayment rules', () => {
  async function freshLoan(amount = '1000.00') {
    const id = (await borrowerFactory(db)).id;
    const line = (await creditLineFactory(db, id)).id;
    const result = await drawdown(
      { db, clock },
      { id: toGlobalId('Borrower', id), borrowerId: id },
      {
        creditLineId: line,
        amount: cny(amount),
        termMonths: 3,
        repaymentMethod: 'EQUAL_INSTALLMENT',
        idempotencyKey: `l-${id}`,
      },
    );
    if (!result.ok) throw new Error(result.errors[0].code);
    return { borrowerId: id, loanId: result.value.loanId };
  }
  const actorFor = (id: string) => ({
    id: toGlobalId('Borrower', id),
    role: Role.BORROWER,
    borrowerId: id,
  });

  test("refuses another borrower's loan and lets OPS record a received transfer", async () => {
    const mine = await freshLoan();
    const stranger = await freshLoan();
    const input = { loanId: mine.loanId, amount: cny('10.00'), idempotencyKey: 'x' };
    expect(await makeRepayment({ db, clock }, actorFor(stranger.borrowerId), input)).toMatchObject({
      ok: false,
      errors: [{ code: 'NOT_YOUR_LOAN' }],
    });
    const ops = { id: 'ops-1', role: Role.OPS, borrowerId: null };
    expect(await makeRepayment({ db, clock }, ops, input)).toMatchObject({ ok: true });
  });

  test.each([
    ['0.00', 'INVALID_AMOUNT'],
    ['-5.00', 'INVALID_AMOUNT'],
  ])('refuses %s with %s', async (amount, code) => {
    const loan = await freshLoan();
    const money = Money.parseOrThrow(amount, 'CNY', { allowNegative: true });
    expect(
      await makeRepayment({ db, clock }, actorFor(loan.borrowerId), {
        loanId: loan.loanId,
        amount: money,
        idempotencyKey: 'k',
      }),
    ).toMatchObject({ ok: false, errors: [{ code }] });
  });

  test('refuses a malformed idempotency key and posts nothing', async () => {
    const loan = await freshLoan();
    expect(
      await makeRepayment({ db, clock }, actorFor(loan.borrowerId), {
        loanId: loan.loanId,
        amount: cny('10.00'),
        idempotencyKey: '',
      }),
    ).toMatchObject({
      ok: false,
      errors: [{ code: 'INVALID_IDEMPOTENCY_KEY', field: ['idempotencyKey'] }],
    });
    const [{ n } = { n: -1 }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from repayments where loan_id = ${loan.loanId}`,
    );
    expect(n).toBe(0);
  });

  test('refuses another currency', async () => {
    const loan = await freshLoan();
    expect(
      await makeRepayment({ db, clock }, actorFor(loan.borrowerId), {
        loanId: loan.loanId,
        amount: Money.parseOrThrow('10.00', 'USD'),
        idempotencyKey: 'k',
      }),
    ).toMatchObject({ ok: false, errors: [{ code: 'CURRENCY_MISMATCH' }] });
  });

  test('posts a repeated key once, even concurrently, and refuses it with another amount', async () => {
    const loan = await freshLoan();
    const input = { loanId: loan.loanId, amount: cny('100.00'), idempotencyKey: 'same' };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        makeRepayment({ db, clock }, actorFor(loan.borrowerId), input),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.value.replayed)).toHaveLength(1);
    const [{ n } = { n: -1 }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from repayments where loan_id = ${loan.loanId}`,
    );
    expect(n).toBe(1);
    expect(
      await makeRepayment({ db, clock }, actorFor(loan.borrowerId), {
        ...input,
        amount: cny('101.00'),
      }),
    ).toMatchObject({ ok: false, errors: [{ code: 'CONFLICT' }] });
  });

  test('repayments sent at once on one loan each see what the one before it paid', async ({
    testDb,
  }) => {
    // Each waits at the loan's lock for the one before; what it then reads of the schedule
    // must be what that one wrote, not what stood when it first asked.
    const loan = await freshLoan();
    const pay = () =>
      Promise.all(
        ['a', 'b', 'c', 'd'].map((key) =>
          makeRepayment({ db, clock }, actorFor(loan.borrowerId), {
            loanId: loan.loanId,
            amount: cny('100.00'),
            idempotencyKey: `one-loan-${key}`,
          }),
        ),
      );
    let paying: ReturnType<typeof pay> | undefined;
    if (testDb.driver === 'pglite') paying = pay();
    else {
      await db.transaction(async (tx) => {
        await tx.execute(sql`select id from loans where id = ${loan.loanId}::uuid for update`);
        paying = pay();
        // All four are at the loan's lock before it is let go.
        await waitUntilWaitingForLocks(db, 4);
      });
    }
    const results = await paying!;
    expect(results.every((r) => r.ok)).toBe(true);
    const [paid] = await queryRows<{ installments: string; journal: string }>(
      db,
      sql`select
            (select sum(principal_paid_minor + interest_paid_minor)::text from installments
              where loan_id = ${loan.loanId}::uuid) as installments,
            (select sum(credit_minor - debit_minor)::text from postings
              where loan_id = ${loan.loanId}::uuid
                and (account like 'RECEIVABLE%' or account = 'INTEREST_PAID_IN_ADVANCE')
                and entry_id in (select id from journal_entries where kind = 'REPAYMENT')) as journal`,
    );
    expect(paid).toEqual({ installments: '40000', journal: '40000' });
  });

  test('a repayment on a loan close of business has closed for the next day is booked on that day', async () => {
    // Close of business closes a day in batches: until the date moves, some loans are a day ahead.
    const loan = await freshLoan();
    const today = await getBusinessDate(db);
    const tomorrow = BusinessDate.parseOrThrow(today).addDays(1).toString();
    await db.execute(
      sql`update loans set closed_through = ${tomorrow}::date where id = ${loan.loanId}::uuid`,
    );
    const paid = await makeRepayment({ db, clock }, actorFor(loan.borrowerId), {
      loanId: loan.loanId,
      amount: cny('10.00'),
      idempotencyKey: 'ahead',
    });
    expect(paid.ok).toBe(true);
    const booked = await queryRows<{ repayment: string; entry: string }>(
      db,
      sql`select r.business_date::text as repayment, e.business_date::text as entry
          from repayments r join journal_entries e on e.id = r.entry_id
          where r.loan_id = ${loan.loanId}::uuid`,
    );
    expect(booked).toEqual([{ repayment: tomorrow, entry: tomorrow }]);
  });

  test('one key sent at once for two loans posts one repayment and refuses the other as CONFLICT', async ({
    testDb,
  }) => {
    // Both requests lock a different loan and find no key: the key is only claimed with the
    // writes, so the one that commits second finds it taken and must roll its writes back.
    // On a server both are held at their loan lock and released together, so they do race.
    const ops = { id: 'ops-race', role: Role.OPS, borrowerId: null };
    const loans = [await freshLoan(), await freshLoan()];
    const pay = () =>
      Promise.all(
        loans.map((loan) =>
          makeRepayment({ db, clock }, ops, {
            loanId: loan.loanId,
            amount: cny('10.00'),
            idempotencyKey: 'raced',
          }),
        ),
      );
    let paying: ReturnType<typeof pay> | undefined;
    if (testDb.driver === 'pglite') paying = pay();
    else {
      await db.transaction(async (tx) => {
        await tx.execute(sql`select id from loans
          where id in (${loans[0]!.loanId}::uuid, ${loans[1]!.loanId}::uuid) for update`);
        paying = pay();
        // Both are held at their loan's lock, so they are released together.
        await waitUntilWaitingForLocks(db, 2);
      });
    }
    const results = await paying!;
    expect(results.map((r) => (r.ok ? 'posted' : r.errors[0].code)).sort()).toEqual([
      'CONFLICT',
      'posted',
    ]);
    const [{ n } = { n: -1 }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from repayments
          where loan_id in (${loans[0]!.loanId}::uuid, ${loans[1]!.loanId}::uuid)`,
    );
    expect(n).toBe(1);
  });
});
