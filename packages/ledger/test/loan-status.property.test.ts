import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { queryRows, type Db } from '@lending/db';
import { BusinessDate } from '@lending/kernel';
import { dbTest as test } from '@lending/testing/fixtures';
import {
  delinquencyOf,
  delinquencySql,
  installmentStatusOf,
  installmentStatusSql,
  InstallmentStatus,
  isSettled,
  type InstallmentAmounts,
} from '../src/index.js';

// The status rules of loan-status.ts exist twice: in TypeScript (a repayment
// derives one loan's statuses) and in SQL (close of business derives every
// loan's at once). On random histories, both must give every instalment the
// same status, and a live loan the same status and days past due. The SQL is
// evaluated by the real database, over a VALUES list shaped like the
// `installments` rows it reads (aliased `i`), with the oldest OVERDUE due
// date taken as close of business takes it (updateStatuses).

const RUNS = 100;
const ANCHOR = BusinessDate.of(2026, 1, 15);

/** A due or paid amount in minor units: often zero (fees and penalty usually are). */
const minor = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 500_000n }));

/** One part of an instalment: paid exactly, overpaid, or short (sometimes nothing paid). */
const part = fc
  .record({
    due: minor,
    paid: fc.oneof(
      fc.constant('exact' as const),
      fc.bigInt({ min: 1n, max: 100_000n }).map((over) => ({ over })),
      fc.bigInt({ min: 1n, max: 500_000n }).map((short) => ({ short })),
    ),
  })
  .map(({ due, paid }) => ({
    due,
    paid:
      paid === 'exact'
        ? due
        : 'over' in paid
          ? due + paid.over
          : due > paid.short
            ? due - paid.short
            : 0n,
  }));

/** Due dates around the business day: the day before, of and after it are the edges of the rule. */
const dueOffset = fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -200, max: 200 }));

interface History {
  readonly day: BusinessDate;
  readonly installments: readonly InstallmentAmounts[];
}

const history: fc.Arbitrary<History> = fc
  .record({
    // Around two years either side, through the leap day of 2028 and month and year ends.
    day: fc.integer({ min: -800, max: 1200 }).map((n) => ANCHOR.addDays(n)),
    installments: fc.array(
      fc.record({
        dueOffset,
        principal: part,
        interest: part,
        fees: part,
        penalty: part,
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ day, installments }) => ({
    day,
    installments: installments.map((i) => ({
      dueDate: day.addDays(i.dueOffset),
      due: {
        principal: i.principal.due,
        interest: i.interest.due,
        fees: i.fees.due,
        penalty: i.penalty.due,
      },
      paid: {
        principal: i.principal.paid,
        interest: i.interest.paid,
        fees: i.fees.paid,
        penalty: i.penalty.paid,
      },
    })),
  }));

/** A loan close of business still works on: never every instalment settled. */
const liveLoanHistory = history.filter((h) => !h.installments.every(isSettled));

/**
 * The SQL twins on the database: each instalment's status by
 * installmentStatusSql, then the loan's status and days past due by
 * delinquencySql over the oldest due date of the OVERDUE ones.
 */
async function evaluateInSql(db: Db, h: History) {
  const day = h.day.toString();
  const rows = h.installments.map(
    (i, index) =>
      sql`(${index + 1}::int, ${i.due.principal}::bigint, ${i.due.interest}::bigint,
        ${i.due.fees}::bigint, ${i.due.penalty}::bigint, ${i.paid.principal}::bigint,
        ${i.paid.interest}::bigint, ${i.paid.fees}::bigint, ${i.paid.penalty}::bigint,
        ${i.dueDate.toString()}::date)`,
  );
  const delinquency = delinquencySql(sql`o.oldest`, day);
  const result = await queryRows<{
    number: number;
    status: string;
    loan_status: string;
    days_past_due: number;
  }>(
    db,
    sql`with statuses as (
          select i.number, i.due_date, ${installmentStatusSql(day)} as status
          from (values ${sql.join(rows, sql`, `)}) as i(number,
            principal_due_minor, interest_due_minor, fees_due_minor, penalty_due_minor,
            principal_paid_minor, interest_paid_minor, fees_paid_minor, penalty_paid_minor,
            due_date)
        ), o as (
          select min(s.due_date) filter (where s.status = ${InstallmentStatus.OVERDUE}) as oldest
          from statuses s
        )
        select s.number, s.status, ${delinquency.status} as loan_status,
               ${delinquency.daysPastDue} as days_past_due
        from statuses s cross join o
        order by s.number`,
  );
  const [first] = result;
  if (!first) throw new Error('no instalment came back');
  return {
    installmentStatuses: result.map((r) => r.status),
    delinquency: { status: first.loan_status, daysPastDue: first.days_past_due },
  };
}

describe('loan status rules: the TypeScript and SQL twins agree on random histories', () => {
  test('installmentStatusOf and installmentStatusSql give every instalment the same status', async ({
    db,
  }) => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        const expected = h.installments.map((i) => installmentStatusOf(i, h.day));
        for (const status of expected) seen.set(status, (seen.get(status) ?? 0) + 1);
        expect((await evaluateInSql(db, h)).installmentStatuses).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
    // The histories reach every status, so no rule went untested.
    expect([...seen.keys()].sort()).toEqual(Object.values(InstallmentStatus).sort());
  });

  test('delinquencyOf and delinquencySql give a live loan the same status and days past due', async ({
    db,
  }) => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(liveLoanHistory, async (h) => {
        const expected = delinquencyOf(h.installments, h.day);
        seen.add(expected.status);
        expect((await evaluateInSql(db, h)).delinquency).toEqual({
          status: expected.status,
          daysPastDue: expected.daysPastDue,
        });
      }),
      { numRuns: RUNS },
    );
    // Both live outcomes occur: current (ACTIVE, 0 days) and past due (DELINQUENT).
    expect([...seen].sort()).toEqual(['ACTIVE', 'DELINQUENT']);
  });
});
