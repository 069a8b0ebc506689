import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import {
  acceptHardshipPlan,
  listCaseEvents,
  listCasesOfBorrowers,
  offerHardshipPlan,
  type CollectionCase,
} from '@lending/collections';
import { queryRows } from '@lending/db';
import { BusinessDate, FixedClock, Money, Rate, Role, toGlobalId } from '@lending/kernel';
import {
  drawdown,
  getLoansByIds,
  listInstallments,
  loanBalances,
  makeRepayment,
} from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { createTestDb, type TestDb } from '@lending/testing';
import { BusinessCalendarMode, runCloseOfBusiness } from '../src/index.js';

const SIMULATED = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' } as const;

// A hardship plan on the same loan terms as lifecycle.test.ts, from offer to broken plan.
// 3,000.00 CNY at 18 %, EQUAL_PRINCIPAL over 3 months, disbursed 2026-01-31: instalments
// 1,045.00 (Feb 28), 1,030.00 (Mar 31), 1,015.00 (Apr 30). Penalty: 6 % a year on
// overdue principal (the 24 % cap less 18 %): 16 fen a day on 1,000.00.

let handle: TestDb;
const clock = new FixedClock('2026-01-31T09:00:00Z');
const cny = (s: string) => Money.parseOrThrow(s, 'CNY');
const d = (s: string) => BusinessDate.parseOrThrow(s);
const ops = { id: 'ops-1', role: Role.OPS, borrowerId: null };

async function cob(date: string) {
  clock.set(new Date(`${date}T00:05:00Z`));
  const r = await runCloseOfBusiness(handle.db, clock, d(date), { calendar: SIMULATED });
  if (!r.ok) throw new Error(r.errors[0].code);
}

async function newLoan(name: string) {
  const borrower = await borrowerFactory(handle.db, {
    displayName: name,
    timeZone: 'Asia/Shanghai',
  });
  const line = await creditLineFactory(handle.db, borrower.id, { limit: '10000.00' });
  const loan = await drawdown(
    { db: handle.db, clock },
    { id: toGlobalId('Borrower', borrower.id), borrowerId: borrower.id },
    {
      creditLineId: line.id,
      amount: cny('3000.00'),
      termMonths: 3,
      repaymentMethod: 'EQUAL_PRINCIPAL',
      idempotencyKey: name,
    },
  );
  if (!loan.ok) throw new Error(loan.errors[0].code);
  return { borrowerId: borrower.id, loanId: loan.value.loanId };
}

async function pay(loanId: string, amount: string, key: string) {
  const r = await makeRepayment({ db: handle.db, clock }, ops, {
    loanId,
    amount: cny(amount),
    idempotencyKey: key,
  });
  if (!r.ok) throw new Error(r.errors[0].code);
}

async function caseOf(borrowerId: string): Promise<CollectionCase | undefined> {
  return (await listCasesOfBorrowers(handle.db, [borrowerId])).get(borrowerId)?.[0];
}

const summary = (c: CollectionCase | undefined) =>
  c && [c.status, c.bucket, c.daysPastDue, c.amountOverdue.format(), c.resolution];

let plan: { borrowerId: string; loanId: string };

beforeAll(async () => {
  handle = await createTestDb({ businessDate: '2026-01-31', now: clock.now() });
  plan = await newLoan('Plan');
}, 60_000);
afterAll(() => handle.close());

describe('a hardship plan', () => {
  const borrower = () => ({
    id: toGlobalId('Borrower', plan.borrowerId),
    role: Role.BORROWER,
    borrowerId: plan.borrowerId,
  });

  it('restructures the loan on acceptance: interest capitalised, penalties waived, a longer term at a lower rate', async () => {
    // The plan loan missed its Feb 28 and Mar 31 instalments; the days up to Apr 5 are closed.
    await cob('2026-04-05');
    const c = (await caseOf(plan.borrowerId))!;
    expect(summary(c)).toEqual(['OPEN', 'DPD_31_60', 36, '2081.56', null]);
    clock.set(new Date('2026-04-05T10:00:00Z'));
    const offered = await offerHardshipPlan({ db: handle.db, clock }, ops, {
      caseId: c.id,
      extendTermMonths: 3,
      waivePenalties: true,
      reducedAnnualRate: Rate.of('0.12'),
      expiresInDays: 7,
      reason: 'lost her job in March',
    });
    if (!offered.ok) throw new Error(offered.errors[0].code);
    expect(offered.value).toMatchObject({ status: 'OFFERED', extendTermMonths: 3 });
    const accepted = await acceptHardshipPlan({ db: handle.db, clock }, borrower(), {
      planId: offered.value.id,
    });
    if (!accepted.ok) throw new Error(accepted.errors[0].code);
    // Interest owed: 45.00 + 30.00 overdue, and 5 of 30 days of the third period's 15.00 = 2.50.
    // Penalty: 36 days on the first 1,000.00 and 5 days on the second, 16 fen a day: 6.56.
    expect([
      accepted.value.status,
      accepted.value.capitalisedMinor,
      accepted.value.waivedMinor,
    ]).toEqual(['ACTIVE', 7750n, 656n]);
    expect((await caseOf(plan.borrowerId))!.status).toBe('HARDSHIP');
    const [loan] = await getLoansByIds(handle.db, [plan.loanId]);
    expect([
      loan!.status,
      loan!.annualRate.toString(),
      loan!.schedule.principal.format(),
      loan!.schedule.termMonths,
    ]).toEqual(['ACTIVE', '0.12', '3077.50', 6]);
    const schedule = (await listInstallments(handle.db, [plan.loanId])).get(plan.loanId)!;
    expect(
      schedule.map((i) => [
        i.number,
        i.dueDate.toString(),
        i.principalDue.format(),
        i.interestDue.format(),
      ]),
    ).toEqual([
      [1, '2026-05-05', '512.92', '30.78'],
      [2, '2026-06-05', '512.92', '25.65'],
      [3, '2026-07-05', '512.92', '20.52'],
      [4, '2026-08-05', '512.92', '15.39'],
      [5, '2026-09-05', '512.92', '10.26'],
      [6, '2026-10-05', '512.90', '5.13'],
    ]);
    const journal = await queryRows<{ account: string; debit: string; credit: string }>(
      handle.db,
      sql`select p.account, p.debit_minor::text as debit, p.credit_minor::text as credit
          from postings p join journal_entries e on e.id = p.entry_id
          where e.loan_id = ${plan.loanId} and e.kind = 'RESTRUCTURE' order by p.account`,
    );
    expect(journal).toEqual([
      { account: 'PENALTY_INCOME', debit: '656', credit: '0' },
      { account: 'RECEIVABLE_INTEREST', debit: '0', credit: '7750' },
      { account: 'RECEIVABLE_PENALTY', debit: '0', credit: '656' },
      { account: 'RECEIVABLE_PRINCIPAL', debit: '7750', credit: '0' },
    ]);
  });

  it('is kept while its instalments are paid: the case stays under the plan, CURRENT, with no penalty', async () => {
    await cob('2026-05-05');
    await pay(plan.loanId, '543.70', 'plan-1');
    await cob('2026-05-06');
    expect(summary(await caseOf(plan.borrowerId))).toEqual([
      'HARDSHIP',
      'CURRENT',
      0,
      '0.00',
      null,
    ]);
    const [loan] = await getLoansByIds(handle.db, [plan.loanId]);
    const balance = (await loanBalances(handle.db, [loan!])).get(plan.loanId)!;
    expect([balance.principal.format(), balance.penalty.format()]).toEqual(['2564.58', '0.00']);
  });

  it('breaks when a plan instalment is missed: the case returns to its bucket and the strategy', async () => {
    await cob('2026-06-06');
    const c = (await caseOf(plan.borrowerId))!;
    // The second plan instalment, 512.92 + 25.65, and a day of penalty on its principal at the
    // line's penalty rate (6 %): 8 fen.
    expect(summary(c)).toEqual(['OPEN', 'DPD_1_30', 1, '538.65', null]);
    const kinds = (await listCaseEvents(handle.db, [c.id])).get(c.id)!.map((e) => e.kind);
    // Into CURRENT under the plan, then back out of it when the plan breaks.
    expect(kinds.slice(-5)).toEqual([
      'PLAN_OFFERED',
      'PLAN_ACCEPTED',
      'BUCKET_CHANGED',
      'PLAN_BROKEN',
      'BUCKET_CHANGED',
    ]);
  });
});
