import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, newId, toGlobalId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import {
  CREDIT_LINES_PAGE_MAX,
  drawdown,
  getCreditLineActivity,
  getCreditLinesByIds,
  listCreditLinesPage,
  setCreditLineLimit,
  setCreditLineLimits,
  setCreditLineStatus,
  setCreditLineStatuses,
} from '../src/index.js';
import { creditLineFactory } from '../src/testing.js';

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-31' } });
const clock = new FixedClock('2026-01-15T09:00:00Z');
const cny = (s: string) => Money.parseOrThrow(s, 'CNY');
const lines: Record<string, string> = {};
const owners: Record<string, string> = {};
const d = (s: string) => BusinessDate.parseOrThrow(s);

async function openLine(db: Db, name: string, opened = clock, limit = '10000.00') {
  const borrowerId = (await borrowerFactory(db)).id;
  owners[name] = borrowerId;
  lines[name] = (await creditLineFactory(db, borrowerId, { limit }, opened)).id;
}

async function draw(db: Db, name: string, amount: string, termMonths: number, key = name) {
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

test.beforeAll(async ({ db }) => {
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) await openLine(db, name);
});

describe('setCreditLineLimit', () => {
  let lineId: string;
  const limitOf = async (db: Db) => {
    const [line] = await getCreditLinesByIds(db, [lineId]);
    return [line!.limit.format(), line!.drawn.format()];
  };

  test.beforeAll(async ({ db }) => {
    await openLine(db, 'limits', clock, '5000.00');
    lineId = lines['limits']!;
    const result = await draw(db, 'limits', '1000.00', 3);
    if (!result.ok) throw new Error(result.errors[0].code);
  });

  test('raises and lowers the limit, down to exactly what is drawn', async ({ db }) => {
    const raised = await setCreditLineLimit(db, lineId, cny('8000.00'));
    expect(raised.ok && raised.value.available.format()).toBe('7000.00');
    expect(await limitOf(db)).toEqual(['8000.00', '1000.00']);
    expect(await setCreditLineLimit(db, lineId, cny('1500.00'))).toMatchObject({
      ok: true,
    });
    expect(await limitOf(db)).toEqual(['1500.00', '1000.00']);
    const exact = await setCreditLineLimit(db, lineId, cny('1000.00'));
    expect(exact.ok && exact.value.available.format()).toBe('0.00');
    await setCreditLineLimit(db, lineId, cny('1500.00'));
  });

  test('refuses a limit below what is drawn and leaves the line as it was', async ({ db }) => {
    expect(await setCreditLineLimit(db, lineId, cny('999.99'))).toEqual({
      ok: false,
      errors: [
        {
          code: 'LIMIT_BELOW_DRAWN',
          message: 'The limit cannot be below what is drawn (1000.00 CNY).',
          field: ['limit'],
        },
      ],
    });
    expect(await limitOf(db)).toEqual(['1500.00', '1000.00']);
  });

  test('refuses another currency, an unknown line, and a limit that is not positive', async ({
    db,
  }) => {
    expect(await setCreditLineLimit(db, lineId, Money.parseOrThrow('9000.00', 'USD'))).toEqual({
      ok: false,
      errors: [{ code: 'CURRENCY_MISMATCH', message: 'This line lends in CNY.', field: ['limit'] }],
    });
    expect(await setCreditLineLimit(db, newId(), cny('9000.00'))).toEqual({
      ok: false,
      errors: [
        { code: 'CREDIT_LINE_NOT_FOUND', message: 'No such credit line.', field: ['creditLineId'] },
      ],
    });
    const notPositive = {
      ok: false,
      errors: [
        {
          code: 'INVALID_LIMIT',
          message: 'The limit must be a positive amount.',
          field: ['limit'],
        },
      ],
    };
    expect(await setCreditLineLimit(db, lineId, cny('0.00'))).toEqual(notPositive);
    const negative = Money.parseOrThrow('-1.00', 'CNY', { allowNegative: true });
    expect(await setCreditLineLimit(db, lineId, negative)).toEqual(notPositive);
    expect(await limitOf(db)).toEqual(['1500.00', '1000.00']);
  });

  test('with atLeastDrawn, sets a limit below what is drawn to the drawn amount instead of refusing it', async ({
    db,
  }) => {
    const clamped = await setCreditLineLimit(db, lineId, cny('600.00'), {
      atLeastDrawn: true,
    });
    expect(
      clamped.ok && [
        clamped.value.limit.format(),
        clamped.value.drawn.format(),
        clamped.value.available.format(),
      ],
    ).toEqual(['1000.00', '1000.00', '0.00']);
    expect(await limitOf(db)).toEqual(['1000.00', '1000.00']);
    // At or above what is drawn, the option changes nothing: the limit is the one asked for.
    const above = await setCreditLineLimit(db, lineId, cny('1500.00'), {
      atLeastDrawn: true,
    });
    expect(above.ok && [above.value.limit.format(), above.value.available.format()]).toEqual([
      '1500.00',
      '500.00',
    ]);
    expect(await limitOf(db)).toEqual(['1500.00', '1000.00']);
  });

  test('racing a drawdown: exactly one of them wins, and drawn never passes the limit', async ({
    db,
  }) => {
    // The new limit leaves 200.00 available: a 400.00 drawdown fits the old limit only.
    for (let round = 0; round < 5; round++) {
      await setCreditLineLimit(db, lineId, cny('5000.00'));
      const [line] = await getCreditLinesByIds(db, [lineId]);
      const target = line!.drawn.add(cny('200.00'));
      const [limited, drawn] = await Promise.all([
        setCreditLineLimit(db, lineId, target),
        draw(db, 'limits', '400.00', 3, `race-${round}`),
      ]);
      expect([limited.ok, drawn.ok].filter(Boolean)).toHaveLength(1);
      const [after] = await getCreditLinesByIds(db, [lineId]);
      expect(after!.drawn.lessThanOrEqual(after!.limit)).toBe(true);
    }
  });
});

describe('listCreditLinesPage', () => {
  test('walks every ACTIVE and FROZEN line by id, without gaps or repeats', async ({ db }) => {
    await openLine(db, 'closed');
    await setCreditLineStatus(db, lines['closed']!, 'CLOSED');
    await openLine(db, 'frozen');
    await setCreditLineStatus(db, lines['frozen']!, 'FROZEN');
    const statuses = ['ACTIVE', 'FROZEN'] as const;
    const expected = (
      await queryRows<{ id: string }>(
        db,
        sql`select id from credit_lines where status in ('ACTIVE', 'FROZEN') order by id`,
      )
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(5);

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await listCreditLinesPage(db, {
        statuses: [...statuses],
        after,
        limit: 2,
      });
      pageSizes.push(page.length);
      seen.push(...page.map((l) => l.id));
      if (page.length < 2) break;
      after = page[page.length - 1]!.id;
    }
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pageSizes.slice(0, -1).every((n) => n === 2)).toBe(true);
    expect(seen).not.toContain(lines['closed']);
    expect(seen).toContain(lines['frozen']);
  });

  test('returns nothing for no statuses and refuses a page size out of range', async ({ db }) => {
    expect(await listCreditLinesPage(db, { statuses: [], after: null, limit: 10 })).toEqual([]);
    for (const limit of [0, 1.5, CREDIT_LINES_PAGE_MAX + 1]) {
      await expect(
        listCreditLinesPage(db, { statuses: ['ACTIVE'], after: null, limit }),
      ).rejects.toThrow(RangeError);
    }
  });
});

describe('getCreditLineActivity', () => {
  test('answers each line asked for, with its loans up to the date, in one batch', async ({
    db,
  }) => {
    await openLine(db, 'activity');
    const drawn = await draw(db, 'activity', '3000.00', 3);
    if (!drawn.ok) throw new Error(drawn.errors[0].code);
    const activity = await getCreditLineActivity(
      db,
      [lines['activity']!, lines['a']!, newId()],
      d('2026-01-31'),
    );
    expect([...activity.keys()].sort()).toEqual([lines['activity']!, lines['a']!].sort());
    const line = activity.get(lines['activity']!)!;
    expect(line).toMatchObject({ borrowerId: owners['activity'], currency: 'CNY' });
    expect(line.loans).toHaveLength(1);
    expect(line.loans[0]!.principal).toBe(300000n);
    expect(line.loans[0]!.installments.map((i) => [i.dueDate.toString(), i.scheduled])).toEqual([
      ['2026-02-28', 104500n],
      ['2026-03-31', 103000n],
      ['2026-04-30', 101500n],
    ]);
    expect(activity.get(lines['a']!)!.loans).toEqual([]);
    // Before the loan was disbursed it is not part of the line's activity.
    const before = await getCreditLineActivity(db, [lines['activity']!], d('2026-01-30'));
    expect(before.get(lines['activity']!)!.loans).toEqual([]);
  });
});

describe('setCreditLineLimits and setCreditLineStatuses (set-based, for the limit review)', () => {
  test('set each limit in one statement, never below what is drawn, and statuses likewise', async ({
    db,
  }) => {
    await openLine(db, 'many-1', clock, '8000.00');
    await openLine(db, 'many-2', clock, '8000.00');
    expect((await draw(db, 'many-1', '3000.00', 3)).ok).toBe(true);
    const set = await setCreditLineLimits(db, [
      { creditLineId: lines['many-1']!, limit: cny('2000.00') }, // below the 3,000.00 drawn
      { creditLineId: lines['many-2']!, limit: cny('9600.00') },
      { creditLineId: newId(), limit: cny('1.00') }, // no such line
      { creditLineId: lines['a']!, limit: Money.parseOrThrow('100.00', 'USD') }, // another currency
    ]);
    expect(new Map([...set].map(([id, m]) => [id, m.toString()]))).toEqual(
      new Map([
        [lines['many-1']!, '3000.00 CNY'],
        [lines['many-2']!, '9600.00 CNY'],
      ]),
    );
    const after = await getCreditLinesByIds(db, [lines['many-1']!, lines['many-2']!, lines['a']!]);
    expect(after.map((l) => [l!.limit.minor, l!.drawn.minor])).toEqual([
      [300000n, 300000n],
      [960000n, 0n],
      [1000000n, 0n],
    ]);
    const frozen = await setCreditLineStatuses(db, [
      { creditLineId: lines['many-1']!, status: 'FROZEN' },
      { creditLineId: newId(), status: 'FROZEN' },
    ]);
    expect([...frozen]).toEqual([lines['many-1']!]);
    expect((await getCreditLinesByIds(db, [lines['many-1']!]))[0]!.status).toBe('FROZEN');
    expect(await setCreditLineLimits(db, [])).toEqual(new Map());
  });
});
