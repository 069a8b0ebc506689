import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { BusinessCalendarMode } from '@lending/close-of-business';
import { queryRows } from '@lending/db';
import { Money, Role, toGlobalId } from '@lending/kernel';
import { drawdown } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { announceBusinessCalendar } from '../src/business-calendar.js';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

// Issue 22: the business date follows the calendar in production. The harness clock
// starts at 2026-01-15T09:00Z (17:00 in Shanghai) on business date 2026-01-15.

const COB = `mutation ($input: RunCloseOfBusinessInput!) {
  runCloseOfBusiness(input: $input) {
    businessDate loansProcessed userErrors { code message field } job { state }
  }
}`;
const CALENDAR = `{ businessCalendar { mode timeZone today businessDate daysAhead } }`;

interface CobPayload {
  businessDate: string | null;
  loansProcessed: number;
  userErrors: { code: string; message: string; field: string[] }[];
  job: { state: string } | null;
}

async function withLoans(t: TestGateway): Promise<void> {
  for (const name of ['a', 'b']) {
    const b = await borrowerFactory(t.db.db, { displayName: name });
    const line = await creditLineFactory(t.db.db, b.id);
    const loan = await drawdown(
      { db: t.db.db, clock: t.clock },
      { id: toGlobalId('Borrower', b.id), borrowerId: b.id },
      {
        creditLineId: line.id,
        amount: Money.parseOrThrow('1000.00', 'CNY'),
        termMonths: 3,
        repaymentMethod: 'EQUAL_PRINCIPAL',
        idempotencyKey: `loan-${name}`,
      },
    );
    if (!loan.ok) throw new Error(loan.errors[0].code);
  }
}

const runCob = async (t: TestGateway, businessDate: string) =>
  (await t.gql<{ runCloseOfBusiness: CobPayload }>(COB, { variables: { input: { businessDate } } }))
    .data!.runCloseOfBusiness;
const businessCalendar = async (t: TestGateway) =>
  (await t.gql<{ businessCalendar: unknown }>(CALENDAR)).data!.businessCalendar;
const readyz = async (t: TestGateway) => {
  const res = await fetch(t.url.replace(/\/graphql$/, '/readyz'));
  return { status: res.status, body: (await res.json()) as { checks: Record<string, unknown> } };
};

/** The days closed, in order, with their loans, and each day's accrual entries. */
async function closedDays(t: TestGateway) {
  const days = await queryRows<{ day: string; loans: number }>(
    t.db.db,
    sql`select business_date::text as day, loans_processed as loans
        from close_of_business_days order by business_date`,
  );
  const accruals = await queryRows<{ day: string; n: number }>(
    t.db.db,
    sql`select business_date::text as day, count(*)::int as n from journal_entries
        where kind = 'ACCRUAL' group by business_date order by business_date`,
  );
  return { days: days.map((r) => [r.day, r.loans]), accruals: accruals.map((r) => [r.day, r.n]) };
}

describe('production: the business date follows the calendar (Asia/Shanghai)', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({
      production: true,
      calendar: { mode: BusinessCalendarMode.CALENDAR, timeZone: 'Asia/Shanghai' },
    });
    await withLoans(t);
  });
  afterAll(() => t.stop());

  it('refuses tomorrow with DATE_IN_THE_FUTURE, queues nothing and closes nothing', async () => {
    expect(await runCob(t, '2026-01-16')).toEqual({
      businessDate: null,
      loansProcessed: 0,
      userErrors: [
        {
          code: 'DATE_IN_THE_FUTURE',
          message:
            'Today is 2026-01-15 in Asia/Shanghai: close of business closes only days that have ended, so the business date can move at most to 2026-01-15.',
          field: ['businessDate'],
        },
      ],
      job: null,
    });
    // The incident: months ahead is refused for the same reason, not as too many days.
    expect((await runCob(t, '2027-06-30')).userErrors.map((e) => e.code)).toEqual([
      'DATE_IN_THE_FUTURE',
    ]);
    expect((await t.gql('{ businessDate }')).data).toEqual({ businessDate: '2026-01-15' });
    expect(await closedDays(t)).toEqual({ days: [], accruals: [] });
    expect(await businessCalendar(t)).toEqual({
      mode: 'CALENDAR',
      timeZone: 'Asia/Shanghai',
      today: '2026-01-15',
      businessDate: '2026-01-15',
      daysAhead: 0,
    });
  });

  it('reports a business date behind today on /readyz without failing it, then closes today', async () => {
    t.clock.set('2026-01-15T16:30:00Z'); // 00:30 on the 16th in Shanghai: the 15th has ended
    expect(await readyz(t)).toMatchObject({
      status: 200,
      body: {
        status: 'ready',
        checks: {
          businessDate: {
            businessDate: '2026-01-15',
            today: '2026-01-16',
            timeZone: 'Asia/Shanghai',
            calendar: 'calendar',
            daysAhead: -1,
          },
        },
      },
    });
    expect(await runCob(t, '2026-01-16')).toEqual({
      businessDate: '2026-01-16',
      loansProcessed: 2,
      userErrors: [],
      job: { state: 'SUCCEEDED' },
    });
    expect((await readyz(t)).body.checks['businessDate']).toMatchObject({ daysAhead: 0 });
  });

  it('closes a gap of several days day by day, up to today and no further', async () => {
    t.clock.set('2026-01-19T17:00:00Z'); // 01:00 on the 20th in Shanghai
    expect((await runCob(t, '2026-01-21')).userErrors).toEqual([
      expect.objectContaining({
        code: 'DATE_IN_THE_FUTURE',
        message: expect.stringContaining('Today is 2026-01-20 in Asia/Shanghai') as unknown,
      }),
    ]);
    expect(await runCob(t, '2026-01-20')).toMatchObject({
      businessDate: '2026-01-20',
      loansProcessed: 8,
      userErrors: [],
    });
    expect(await closedDays(t)).toEqual({
      days: [
        ['2026-01-16', 2],
        ['2026-01-17', 2],
        ['2026-01-18', 2],
        ['2026-01-19', 2],
        ['2026-01-20', 2],
      ],
      accruals: [
        ['2026-01-16', 2],
        ['2026-01-17', 2],
        ['2026-01-18', 2],
        ['2026-01-19', 2],
        ['2026-01-20', 2],
      ],
    });
  });

  it('shows the calendar to staff only', async () => {
    for (const role of [Role.UNDERWRITER, Role.COLLECTOR, Role.COMPLIANCE, Role.OPS]) {
      const res = await t.gql(CALENDAR, { token: await t.token(role) });
      expect(res.data).toEqual({
        businessCalendar: {
          mode: 'CALENDAR',
          timeZone: 'Asia/Shanghai',
          today: '2026-01-20',
          businessDate: '2026-01-20',
          daysAhead: 0,
        },
      });
    }
    const borrower = await t.gql(CALENDAR, {
      token: await t.borrowerToken('0191f3a2-7b4c-7def-8123-456789012345'),
    });
    expect(errorCodes(borrower)).toEqual(['FORBIDDEN']);
    expect((await t.gql(CALENDAR, { token: null })).status).toBe(401);
  });
});

describe('development: the business date may run ahead (simulated)', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
    await withLoans(t);
  });
  afterAll(() => t.stop());

  it('closes tomorrow and the day after, and says it is ahead on the field and on /readyz', async () => {
    expect(await runCob(t, '2026-01-17')).toEqual({
      businessDate: '2026-01-17',
      loansProcessed: 4,
      userErrors: [],
      job: { state: 'SUCCEEDED' },
    });
    expect(await businessCalendar(t)).toEqual({
      mode: 'SIMULATED',
      timeZone: 'Asia/Shanghai',
      today: '2026-01-15',
      businessDate: '2026-01-17',
      daysAhead: 2,
    });
    expect(await readyz(t)).toMatchObject({
      status: 200,
      body: {
        status: 'ready',
        checks: {
          businessDate: {
            businessDate: '2026-01-17',
            today: '2026-01-15',
            timeZone: 'Asia/Shanghai',
            calendar: 'simulated',
            daysAhead: 2,
          },
        },
      },
    });
  });

  it('says at start which calendar it follows, with today and the business date', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const announce = (mode: BusinessCalendarMode, production: boolean) =>
      announceBusinessCalendar({
        db: t.db.db,
        clock: t.clock,
        calendar: { mode, timeZone: 'Asia/Shanghai' },
        production,
        logger,
      });
    expect(await announce(BusinessCalendarMode.SIMULATED, false)).toBe(
      'Business calendar: simulated (Asia/Shanghai), today 2026-01-15, business date 2026-01-17 (2 days ahead); close of business may run ahead of the calendar',
    );
    expect(lines.at(-1)).toMatchObject({
      level: 30,
      businessCalendar: {
        mode: 'simulated',
        timeZone: 'Asia/Shanghai',
        today: '2026-01-15',
        businessDate: '2026-01-17',
        daysAhead: 2,
      },
    });
    // Ahead under the calendar, or simulated in production, is a warning.
    expect(await announce(BusinessCalendarMode.CALENDAR, true)).toContain(
      'Business calendar: calendar (Asia/Shanghai), today 2026-01-15, business date 2026-01-17 (2 days ahead); close of business closes only days that have ended',
    );
    expect(lines.at(-1)).toMatchObject({ level: 40 });
    await announce(BusinessCalendarMode.SIMULATED, true);
    expect(lines.at(-1)).toMatchObject({ level: 40 });
  });
});
