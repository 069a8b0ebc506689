import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import {
  listBucketHistory,
  listCaseEvents,
  listCasesOfBorrowers,
  listPromisesOfCases,
  recordPromiseToPay,
  type CollectionCase,
} from '@lending/collections';
import { queryRows } from '@lending/db';
import { BusinessDate, FixedClock, Money, Role, toGlobalId } from '@lending/kernel';
import { drawdown, getLoansByIds, loanBalances, makeRepayment } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { createTestDb, type TestDb } from '@lending/testing';
import { BusinessCalendarMode, runCloseOfBusiness } from '../src/index.js';

const SIMULATED = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' } as const;

// A loan's life in collections, stepped by close of business, with exact amounts.
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

async function messages(borrowerId: string) {
  return queryRows<{ template: string; channel: string; body: string; not_before: string }>(
    handle.db,
    sql`select template, channel, body, to_char(not_before at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as not_before
        from outbound_messages where borrower_id = ${borrowerId} order by created_at, template`,
  );
}

let life: { borrowerId: string; loanId: string };
let lost: { borrowerId: string; loanId: string };

beforeAll(async () => {
  handle = await createTestDb({ businessDate: '2026-01-31', now: clock.now() });
  life = await newLoan('Life');
  lost = await newLoan('Lost');
}, 60_000);
afterAll(() => handle.close());

describe('a loan through collections, day by day', () => {
  it('reminds three days before the first due date, once, at 10:00 in the borrower’s zone', async () => {
    await cob('2026-02-25');
    await cob('2026-02-26');
    const planned = (await messages(life.borrowerId)).filter(
      (m) => m.template === 'PAYMENT_REMINDER',
    );
    expect(planned).toEqual([
      {
        template: 'PAYMENT_REMINDER',
        channel: 'PUSH',
        // 10:00 in Shanghai on 2026-02-25 is 02:00Z.
        not_before: '2026-02-25T02:00',
        body: '温馨提示：您有一期 1045.00 CNY 的还款将于 2026-02-28 到期。',
      },
    ]);
    expect(await caseOf(life.borrowerId)).toBeUndefined();
  });

  it('opens a case the first day past due, in DPD_1_30, and plans the overdue SMS', async () => {
    await cob('2026-03-01');
    expect(summary(await caseOf(life.borrowerId))).toEqual([
      'OPEN',
      'DPD_1_30',
      1,
      '1045.16',
      null,
    ]);
    const sms = (await messages(life.borrowerId)).find((m) => m.template === 'OVERDUE_NOTICE');
    expect(sms).toMatchObject({
      channel: 'SMS',
      body: '您的还款 1045.16 CNY 已逾期。请在应用中还款，或联系我们了解还款计划。',
    });
  });

  it('follows the loan: 30 days past due is still DPD_1_30; 31 moves to DPD_31_60 with its history', async () => {
    await cob('2026-03-30');
    expect(summary(await caseOf(life.borrowerId))).toEqual([
      'OPEN',
      'DPD_1_30',
      30,
      '1049.80',
      null,
    ]);
    await cob('2026-03-31');
    const c = (await caseOf(life.borrowerId))!;
    expect(summary(c)).toEqual(['OPEN', 'DPD_31_60', 31, '1049.96', null]);
    const history = (await listBucketHistory(handle.db, [c.id])).get(c.id)!;
    expect(history.map((h) => [h.bucket, h.from.toString(), h.to?.toString() ?? null])).toEqual([
      ['DPD_1_30', '2026-03-01', '2026-03-30'],
      ['DPD_31_60', '2026-03-31', null],
    ]);
    expect((await messages(life.borrowerId)).map((m) => m.template)).toContain('FORMAL_NOTICE');
  });

  it('re-running a closed day changes nothing', async () => {
    const before = await caseOf(life.borrowerId);
    const r = await runCloseOfBusiness(handle.db, clock, d('2026-03-31'), { calendar: SIMULATED });
    expect(r).toMatchObject({ ok: true, value: { daysClosed: 0, loansProcessed: 0 } });
    expect(await caseOf(life.borrowerId)).toEqual(before);
  });

  it('marks a promise KEPT when repayments made since reach it by its due date', async () => {
    const c = (await caseOf(life.borrowerId))!;
    clock.set(new Date('2026-03-31T10:00:00Z')); // during the business day, after its close
    const promise = await recordPromiseToPay({ db: handle.db, clock }, ops, {
      caseId: c.id,
      // What settles the first instalment on Apr 2: 1,045.00 and 33 days of penalty (5.28).
      amount: cny('1050.28'),
      dueDate: d('2026-04-03'),
    });
    expect(promise).toMatchObject({ ok: true, value: { status: 'PENDING' } });
    expect((await caseOf(life.borrowerId))!.status).toBe('PROMISED');
    await cob('2026-04-02');
    await pay(life.loanId, '1050.28', 'promise-1');
    await cob('2026-04-03');
    const promises = (await listPromisesOfCases(handle.db, [c.id])).get(c.id)!;
    expect(promises.map((p) => [p.amount.format(), p.status, p.resolvedOn?.toString()])).toEqual([
      ['1050.28', 'KEPT', '2026-04-03'],
    ]);
    // Still behind on the second instalment (due Mar 31): the case stays open.
    expect(summary(await caseOf(life.borrowerId))).toEqual([
      'OPEN',
      'DPD_1_30',
      3,
      '1030.48',
      null,
    ]);
  });

  it('marks a promise BROKEN the day after its due date passes unpaid, and counts it', async () => {
    const c = (await caseOf(life.borrowerId))!;
    clock.set(new Date('2026-04-03T10:00:00Z'));
    await recordPromiseToPay({ db: handle.db, clock }, ops, {
      caseId: c.id,
      amount: cny('500.00'),
      dueDate: d('2026-04-06'),
    });
    await cob('2026-04-06');
    expect((await caseOf(life.borrowerId))!.status).toBe('PROMISED');
    await cob('2026-04-07');
    const after = (await caseOf(life.borrowerId))!;
    expect([after.status, after.brokenPromises]).toEqual(['OPEN', 1]);
    const kinds = (await listCaseEvents(handle.db, [c.id])).get(c.id)!.map((e) => e.kind);
    expect(kinds).toEqual([
      'CASE_OPENED',
      'BUCKET_CHANGED',
      'PROMISE_RECORDED',
      'PROMISE_KEPT',
      'BUCKET_CHANGED',
      'PROMISE_RECORDED',
      'PROMISE_BROKEN',
    ]);
  });

  it('resolves the case as CURED once nothing is past due, closing its bucket history', async () => {
    // The second instalment and 7 days of penalty (Apr 1 to 7): 1,030.00 + 1.12.
    await pay(life.loanId, '1031.12', 'cure');
    await cob('2026-04-08');
    const c = await caseOf(life.borrowerId);
    expect(summary(c)).toEqual(['RESOLVED', 'DPD_1_30', 0, '0.00', 'CURED']);
    expect(c!.resolvedOn?.toString()).toBe('2026-04-08');
    const history = (await listBucketHistory(handle.db, [c!.id])).get(c!.id)!;
    expect(history.at(-1)).toMatchObject({ bucket: 'DPD_1_30' });
    expect(history.at(-1)!.to?.toString()).toBe('2026-04-07');
    const [loan] = await getLoansByIds(handle.db, [life.loanId]);
    // The third instalment is still to come: the loan goes on, current.
    expect([
      loan!.status,
      (await loanBalances(handle.db, [loan!])).get(life.loanId)!.principal.format(),
    ]).toEqual(['ACTIVE', '1000.00']);
  });
});

describe('charge-off and recovery', () => {
  it('keeps the case through charge-off, then resolves it RECOVERED when the write-off is repaid', async () => {
    await cob('2026-08-26');
    // Nothing ever paid: the three instalments (3,090.00) and 16 fen a day of penalty on
    // each instalment's 1,000.00 from the day after it fell due to Aug 26: 179 days
    // (from Mar 1), 148 (from Apr 1) and 118 (from May 1), 445 days in all, 71.20.
    expect(summary(await caseOf(lost.borrowerId))).toEqual([
      'OPEN',
      'DPD_90_PLUS',
      179,
      '3161.20',
      null,
    ]);
    await cob('2026-08-27');
    const [loan] = await getLoansByIds(handle.db, [lost.loanId]);
    expect(loan!.status).toBe('CHARGED_OFF');
    // Day 180 adds one more day on each instalment (0.48) before the charge-off.
    expect(summary(await caseOf(lost.borrowerId))).toEqual([
      'OPEN',
      'DPD_90_PLUS',
      180,
      '3161.68',
      null,
    ]);
    await pay(lost.loanId, '100.00', 'recovery-1');
    await cob('2026-08-28');
    // A charged-off loan accrues nothing more: what is left is the write-off less 100.00.
    expect((await caseOf(lost.borrowerId))!.amountOverdue.format()).toBe('3061.68');
    await pay(lost.loanId, '3061.68', 'recovery-2');
    await cob('2026-08-29');
    expect(summary(await caseOf(lost.borrowerId))).toEqual([
      'RESOLVED',
      'DPD_90_PLUS',
      0,
      '0.00',
      'RECOVERED',
    ]);
  }, 120_000); // 150 days of close of business
});
