import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory, borrowerFixtures } from '@lending/borrowers/testing';
import { queryRows, type Db } from '@lending/db';
import { FixedClock, Money, toGlobalId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import {
  drawdown,
  getCreditLinesByIds,
  listInstallments,
  getLoansByIds,
  loanBalances,
  setCreditLineStatus,
  trialBalance,
  type DrawdownInput,
} from '../src/index.js';
import { creditLineFactory, creditLineFixtures } from '../src/testing.js';

// Each test that asks gets a fresh borrower and an ACTIVE line of 50,000.00 CNY of theirs.
const test = dbTest
  .override({ dbOptions: { businessDate: '2026-01-15' } })
  .extend(borrowerFixtures)
  .extend(creditLineFixtures);

const clock = new FixedClock('2026-01-15T09:00:00Z');
const deps = (db: Db) => ({ db, clock });
const actorOf = (borrowerId: string) => ({ id: toGlobalId('Borrower', borrowerId), borrowerId });
const cny = (s: string) => Money.parseOrThrow(s, 'CNY');

const input = (creditLineId: string, overrides: Partial<DrawdownInput> = {}): DrawdownInput => ({
  creditLineId,
  amount: cny('12000.00'),
  termMonths: 12,
  repaymentMethod: 'EQUAL_INSTALLMENT',
  idempotencyKey: `k-${Math.random()}`,
  ...overrides,
});

describe('drawdown', () => {
  test('creates the loan, its schedule, and a balanced disbursement; the line loses that much availability', async ({
    db,
    borrower,
    line,
  }) => {
    const result = await drawdown(deps(db), actorOf(borrower.id), input(line.id));
    expect(result).toMatchObject({ ok: true, value: { replayed: false } });
    if (!result.ok) return;
    const [loan] = await getLoansByIds(db, [result.value.loanId]);
    expect(loan).toMatchObject({ status: 'ACTIVE', termMonths: 12, daysPastDue: 0 });
    expect(loan!.principal.format()).toBe('12000.00');
    expect(loan!.disbursedOn.toString()).toBe('2026-01-15');
    const schedule = (await listInstallments(db, [result.value.loanId])).get(result.value.loanId)!;
    expect(
      schedule.map((i) => [
        i.number,
        i.dueDate.toString(),
        i.principalDue.format(),
        i.interestDue.format(),
        i.status,
      ]),
    ).toEqual([
      [1, '2026-02-15', '920.16', '180.00', 'PENDING'],
      [2, '2026-03-15', '933.96', '166.20', 'PENDING'],
      [3, '2026-04-15', '947.97', '152.19', 'PENDING'],
      [4, '2026-05-15', '962.19', '137.97', 'PENDING'],
      [5, '2026-06-15', '976.62', '123.54', 'PENDING'],
      [6, '2026-07-15', '991.27', '108.89', 'PENDING'],
      [7, '2026-08-15', '1006.14', '94.02', 'PENDING'],
      [8, '2026-09-15', '1021.23', '78.93', 'PENDING'],
      [9, '2026-10-15', '1036.55', '63.61', 'PENDING'],
      [10, '2026-11-15', '1052.10', '48.06', 'PENDING'],
      [11, '2026-12-15', '1067.88', '32.28', 'PENDING'],
      [12, '2027-01-15', '1083.93', '16.26', 'PENDING'],
    ]);
    const balance = (await loanBalances(db, [loan!])).get(loan!.id)!;
    expect(
      [balance.principal, balance.interest, balance.fees, balance.penalty, balance.total].map((m) =>
        m.format(),
      ),
    ).toEqual(['12000.00', '0.00', '0.00', '0.00', '12000.00']);
    const [after] = await getCreditLinesByIds(db, [line.id]);
    expect(after!.available.format()).toBe('38000.00');
    const journal = await queryRows<{ account: string; debit: string; credit: string }>(
      db,
      sql`select p.account, p.debit_minor::text as debit, p.credit_minor::text as credit
          from postings p join journal_entries e on e.id = p.entry_id
          where e.loan_id = ${result.value.loanId} order by p.account`,
    );
    expect(journal).toEqual([
      { account: 'CASH', debit: '0', credit: '1200000' },
      { account: 'RECEIVABLE_PRINCIPAL', debit: '1200000', credit: '0' },
    ]);
  });

  test('replays an idempotency key with the same loan, and refuses it with other input', async ({
    db,
    borrower,
    line,
  }) => {
    const first = await drawdown(
      deps(db),
      actorOf(borrower.id),
      input(line.id, { idempotencyKey: 'dd-1' }),
    );
    const replay = await drawdown(
      deps(db),
      actorOf(borrower.id),
      input(line.id, { idempotencyKey: 'dd-1' }),
    );
    expect(
      first.ok && replay.ok && replay.value.loanId === first.value.loanId && replay.value.replayed,
    ).toBe(true);
    const other = await drawdown(
      deps(db),
      actorOf(borrower.id),
      input(line.id, { idempotencyKey: 'dd-1', termMonths: 6 }),
    );
    expect(other).toMatchObject({ ok: false, errors: [{ code: 'CONFLICT' }] });
    const [after] = await getCreditLinesByIds(db, [line.id]);
    expect(after!.available.format()).toBe('38000.00');
  });

  test.for<[Partial<DrawdownInput>, string]>([
    [{ amount: cny('50000.01') }, 'INSUFFICIENT_AVAILABLE'],
    [{ amount: cny('0.00') }, 'INVALID_AMOUNT'],
    [{ amount: Money.parseOrThrow('100.00', 'USD') }, 'CURRENCY_MISMATCH'],
    [{ termMonths: 7 }, 'INVALID_TERM'],
    [{ idempotencyKey: '' }, 'INVALID_IDEMPOTENCY_KEY'],
  ])(
    'refuses %o with %s and changes nothing',
    async ([overrides, code], { db, borrower, line }) => {
      expect(
        await drawdown(deps(db), actorOf(borrower.id), input(line.id, overrides)),
      ).toMatchObject({
        ok: false,
        errors: [{ code }],
      });
      const [after] = await getCreditLinesByIds(db, [line.id]);
      expect(after!.available.format()).toBe('50000.00');
    },
  );

  test('checks the input (through ownership and currency) before the idempotency key', async ({
    db,
    borrower,
    line,
  }) => {
    const badKey = { idempotencyKey: '' };
    expect(
      await drawdown(
        deps(db),
        actorOf(borrower.id),
        input(line.id, { ...badKey, amount: Money.parseOrThrow('100.00', 'USD') }),
      ),
    ).toMatchObject({ ok: false, errors: [{ code: 'CURRENCY_MISMATCH' }] });
    const stranger = await borrowerFactory(db);
    expect(await drawdown(deps(db), actorOf(stranger.id), input(line.id, badKey))).toMatchObject({
      ok: false,
      errors: [{ code: 'NOT_YOUR_CREDIT_LINE' }],
    });
  });

  test('lets an aborted key be used again once the input is fixed', async ({ db, borrower }) => {
    const line = await creditLineFactory(db, borrower.id, { limit: '1000.00' });
    const tooMuch = await drawdown(
      deps(db),
      actorOf(borrower.id),
      input(line.id, { idempotencyKey: 'retry', amount: cny('2000.00') }),
    );
    expect(tooMuch).toMatchObject({ ok: false, errors: [{ code: 'INSUFFICIENT_AVAILABLE' }] });
    const fixed = await drawdown(
      deps(db),
      actorOf(borrower.id),
      input(line.id, { idempotencyKey: 'retry', amount: cny('1000.00') }),
    );
    expect(fixed.ok).toBe(true);
  });

  test("refuses another borrower's line", async ({ db, line }) => {
    const stranger = await borrowerFactory(db);
    expect(await drawdown(deps(db), actorOf(stranger.id), input(line.id))).toMatchObject({
      ok: false,
      errors: [{ code: 'NOT_YOUR_CREDIT_LINE' }],
    });
  });

  test.for(['FROZEN', 'CLOSED'] as const)(
    'refuses a %s line',
    async (status, { db, borrower, line }) => {
      await setCreditLineStatus(db, line.id, status);
      expect(await drawdown(deps(db), actorOf(borrower.id), input(line.id))).toMatchObject({
        ok: false,
        errors: [{ code: 'LINE_NOT_ACTIVE' }],
      });
    },
  );

  test('never overdraws the line under concurrent drawdowns', async ({ db, borrower }) => {
    const line = await creditLineFactory(db, borrower.id, { limit: '10000.00' });
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        drawdown(
          deps(db),
          actorOf(borrower.id),
          input(line.id, { amount: cny('1500.00'), idempotencyKey: `race-${i}` }),
        ),
      ),
    );
    expect(attempts.filter((a) => a.ok)).toHaveLength(6); // 6 x 1500 = 9000 <= 10000 < 10500
    expect(
      attempts
        .filter((a) => !a.ok)
        .every((a) => !a.ok && a.errors[0].code === 'INSUFFICIENT_AVAILABLE'),
    ).toBe(true);
    const [after] = await getCreditLinesByIds(db, [line.id]);
    expect(after!.available.format()).toBe('1000.00');
  });

  test('posts with the same key only once under concurrency', async ({ db, borrower, line }) => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () =>
        drawdown(deps(db), actorOf(borrower.id), input(line.id, { idempotencyKey: 'same' })),
      ),
    );
    expect(new Set(attempts.map((a) => (a.ok ? a.value.loanId : 'x'))).size).toBe(1);
    const [after] = await getCreditLinesByIds(db, [line.id]);
    expect(after!.available.format()).toBe('38000.00');
  });
});

describe('journal', () => {
  test('balances: total debits equal total credits in every currency', async ({ db }) => {
    const accounts = await trialBalance(db, 'CNY');
    const debits = Money.sum(
      accounts.map((a) => a.debits),
      'CNY',
    );
    const credits = Money.sum(
      accounts.map((a) => a.credits),
      'CNY',
    );
    expect(debits.isPositive()).toBe(true);
    expect(debits.equals(credits)).toBe(true);
  });

  test('refuses to change or delete a posting', async ({ db }) => {
    await expect(
      db.execute(sql`update postings set debit_minor = debit_minor + 1`),
    ).rejects.toThrow();
    await expect(db.execute(sql`delete from journal_entries`)).rejects.toThrow();
  });

  test('refuses an entry whose postings arrive one per statement (each must balance on its own)', async ({
    db,
  }) => {
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into journal_entries (id, borrower_id, kind, business_date, created_at)
          values ('01937a5e-0000-7000-8000-0000000e0101', '01937a5e-0000-7000-8000-0000000e0002', 'DISBURSEMENT', '2026-01-15', now())`);
        await tx.execute(sql`insert into postings (id, entry_id, borrower_id, account, currency, debit_minor, credit_minor) values
          ('01937a5e-0000-7000-8000-0000000e0103', '01937a5e-0000-7000-8000-0000000e0101', '01937a5e-0000-7000-8000-0000000e0002', 'CASH', 'CNY', 100, 0)`);
      }),
    ).rejects.toThrow();
  });

  test('refuses to commit an unbalanced entry written around the service', async ({ db }) => {
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into journal_entries (id, borrower_id, kind, business_date, created_at)
          values ('01937a5e-0000-7000-8000-0000000e0001', '01937a5e-0000-7000-8000-0000000e0002', 'DISBURSEMENT', '2026-01-15', now())`);
        await tx.execute(sql`insert into postings (id, entry_id, borrower_id, account, currency, debit_minor, credit_minor) values
          ('01937a5e-0000-7000-8000-0000000e0003', '01937a5e-0000-7000-8000-0000000e0001', '01937a5e-0000-7000-8000-0000000e0002', 'CASH', 'CNY', 100, 0),
          ('01937a5e-0000-7000-8000-0000000e0004', '01937a5e-0000-7000-8000-0000000e0001', '01937a5e-0000-7000-8000-0000000e0002', 'RECEIVABLE_PRINCIPAL', 'CNY', 0, 99)`);
      }),
    ).rejects.toThrow();
  });
  test('refuses an entry balanced in sum but not per currency, or whose halves come in two statements', async ({
    db,
  }) => {
    const entry = (id: string) =>
      sql`insert into journal_entries (id, borrower_id, kind, business_date, created_at)
          values (${id}::uuid, '01937a5e-0000-7000-8000-0000000e0002', 'DISBURSEMENT', '2026-01-15', now())`;
    const posting = (
      id: string,
      entryId: string,
      currency: string,
      debit: number,
      credit: number,
    ) =>
      sql`(${id}::uuid, ${entryId}::uuid, '01937a5e-0000-7000-8000-0000000e0002', 'CASH', ${currency}, ${debit}, ${credit})`;
    const insert = sql`insert into postings (id, entry_id, borrower_id, account, currency, debit_minor, credit_minor) values `;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(entry('01937a5e-0000-7000-8000-0000000e0201'));
        await tx.execute(sql`${insert}
          ${posting('01937a5e-0000-7000-8000-0000000e0202', '01937a5e-0000-7000-8000-0000000e0201', 'CNY', 100, 0)},
          ${posting('01937a5e-0000-7000-8000-0000000e0203', '01937a5e-0000-7000-8000-0000000e0201', 'USD', 0, 100)}`);
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/does not balance/) } });
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(entry('01937a5e-0000-7000-8000-0000000e0301'));
        await tx.execute(sql`${insert}
          ${posting('01937a5e-0000-7000-8000-0000000e0302', '01937a5e-0000-7000-8000-0000000e0301', 'CNY', 100, 0)},
          ${posting('01937a5e-0000-7000-8000-0000000e0303', '01937a5e-0000-7000-8000-0000000e0301', 'CNY', 0, 60)}`);
        await tx.execute(sql`${insert}
          ${posting('01937a5e-0000-7000-8000-0000000e0304', '01937a5e-0000-7000-8000-0000000e0301', 'CNY', 0, 40)}`);
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/does not balance/) } });
    const [left] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from journal_entries where id in
          ('01937a5e-0000-7000-8000-0000000e0201', '01937a5e-0000-7000-8000-0000000e0301')`,
    );
    expect(left?.n).toBe(0);
  });
  test('refuses an entry with a single posting, and keeps neither', async ({ db }) => {
    const entryId = '01937a5e-0000-7000-8000-0000000e0501';
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into journal_entries (id, borrower_id, kind, business_date, created_at)
          values (${entryId}::uuid, '01937a5e-0000-7000-8000-0000000e0002', 'DISBURSEMENT', '2026-01-15', now())`);
        await tx.execute(sql`insert into postings (id, entry_id, borrower_id, account, currency, debit_minor, credit_minor)
          values ('01937a5e-0000-7000-8000-0000000e0502', ${entryId}::uuid, '01937a5e-0000-7000-8000-0000000e0002', 'CASH', 'CNY', 100, 0)`);
      }),
    ).rejects.toMatchObject({
      cause: {
        code: '23514',
        message: expect.stringMatching(/does not balance or has fewer than two postings/),
      },
    });
    const [left] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from journal_entries where id = ${entryId}::uuid`,
    );
    expect(left?.n).toBe(0);
  });
  test('refuses balanced postings that name an entry which does not exist, and keeps none of them', async ({
    db,
  }) => {
    const missing = '01937a5e-0000-7000-8000-0000000e0401';
    await expect(
      db.execute(sql`insert into postings (id, entry_id, borrower_id, account, currency, debit_minor, credit_minor) values
        ('01937a5e-0000-7000-8000-0000000e0402', ${missing}::uuid, '01937a5e-0000-7000-8000-0000000e0002', 'CASH', 'CNY', 100, 0),
        ('01937a5e-0000-7000-8000-0000000e0403', ${missing}::uuid, '01937a5e-0000-7000-8000-0000000e0002', 'RECEIVABLE_PRINCIPAL', 'CNY', 0, 100)`),
    ).rejects.toMatchObject({
      cause: { code: '23503', message: expect.stringMatching(/does not exist/) },
    });
    const [left] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from postings where entry_id = ${missing}::uuid`,
    );
    expect(left?.n).toBe(0);
  });
});
