import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, Role, toGlobalId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import {
  drawdown,
  getLoansByIds,
  listInstallments,
  loanBalances,
  makeRepayment,
  reverseRepayment,
  trialBalance,
  type ExcessUse,
  type RepaymentMethod,
} from '../src/index.js';
import { creditLineFactory, closeLedgerThrough } from '../src/testing.js';

// Fineract-style golden walks for EQUAL_INSTALLMENT and INTEREST_ONLY_BULLET,
// one loan each, in one database whose business date only moves forward.
//
// Every expected number below was computed independently of the code under
// test, by a small Python model of the README conventions (decimal,
// ROUND_HALF_EVEN, amounts in fen), and the key ones re-checked by hand:
// - r = 0.18 / 12 = 0.015; cap 24 %, so the penalty rate p = min(0.09, 0.06) = 0.06;
// - interest_k = round(opening balance × 0.015) (bullet: round(P × 0.015));
// - accrual on day d of a D-day period: round(I·d/D) − round(I·(d−1)/D);
// - penalty per overdue instalment per day: round(unpaid principal × 0.06 / 365);
// - waterfall penalty → fees → interest → principal over instalments due by
//   the business date, then payoff (principal left + current period's interest
//   accrued) or prepayment (principal on the current instalment, later rows
//   recomputed from the new balance, keeping the instalment amount);
// - a reversal re-derives the loan as if the payment never happened, and its
//   one REVERSAL entry moves each account from where it is to where that
//   history leaves it.
// Journal entries are [kind, business date, [[account, debit, credit], ...]]
// with postings sorted by account, amounts in minor units (fen) as bigint: read
// from the database as text, never through a JS number.

type Posting = [account: string, debit: bigint, credit: bigint];
type Entry = [kind: string, businessDate: string, postings: Posting[]];

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-15' } });
/** The file's database, from the fixture, for the helpers below: set as the timeline starts. */
let db: Db;
const clock = new FixedClock('2026-01-15T09:00:00Z');
const cny = (s: string) => Money.parseOrThrow(s, 'CNY');
const ops = { id: 'ops-1', role: Role.OPS, borrowerId: null };

const cob = async (date: string) => {
  const result = await closeLedgerThrough(db, clock, BusinessDate.parseOrThrow(date));
  if (!result.ok) throw new Error(result.errors[0].code);
};

/** Dr RECEIVABLE_INTEREST, Cr INTEREST_INCOME: one close-of-business day's interest. */
const acc = (date: string, amount: bigint): Entry => [
  'ACCRUAL',
  date,
  [
    ['INTEREST_INCOME', 0n, amount],
    ['RECEIVABLE_INTEREST', amount, 0n],
  ],
];
/** Dr RECEIVABLE_PENALTY, Cr PENALTY_INCOME: one close-of-business day's penalty. */
const pen = (date: string, amount: bigint): Entry => [
  'PENALTY',
  date,
  [
    ['PENALTY_INCOME', 0n, amount],
    ['RECEIVABLE_PENALTY', amount, 0n],
  ],
];
/** One entry per calendar day from `from` to `to`, inclusive. */
const daily = (from: string, to: string, entry: (date: string) => Entry): Entry[] => {
  const out: Entry[] = [];
  const end = BusinessDate.parseOrThrow(to);
  for (let d = BusinessDate.parseOrThrow(from); d.isOnOrBefore(end); d = d.addDays(1))
    out.push(entry(d.toString()));
  return out;
};

/** One borrower, one line and one loan, observed step by step. */
function walk(method: RepaymentMethod, amount: string, termMonths: number) {
  let borrowerId = '';
  let loanId = '';
  const seen = new Set<string>();
  const borrower = () => ({
    id: toGlobalId('Borrower', borrowerId),
    role: Role.BORROWER,
    borrowerId,
  });
  return {
    async open() {
      borrowerId = (await borrowerFactory(db)).id;
      const lineId = (await creditLineFactory(db, borrowerId, { limit: '10000.00' })).id;
      const result = await drawdown(
        { db, clock },
        { id: toGlobalId('Borrower', borrowerId), borrowerId },
        {
          creditLineId: lineId,
          amount: cny(amount),
          termMonths,
          repaymentMethod: method,
          idempotencyKey: `walk-${method}`,
        },
      );
      if (!result.ok) throw new Error(result.errors[0].code);
      loanId = result.value.loanId;
    },
    async pay(amount: string, key: string, excessUse?: ExcessUse) {
      const result = await makeRepayment({ db, clock }, borrower(), {
        loanId,
        amount: cny(amount),
        idempotencyKey: key,
        ...(excessUse ? { excessUse } : {}),
      });
      if (!result.ok) throw new Error(result.errors[0].code);
    },
    /** OPS reverses the repayment of `amount` taken on `businessDate`. */
    async reverse(businessDate: string, amount: string) {
      const [row] = await queryRows<{ id: string }>(
        db,
        sql`select id from repayments where loan_id = ${loanId}
            and business_date = ${businessDate} and amount_minor = ${cny(amount).minor}`,
      );
      const result = await reverseRepayment({ db, clock }, ops, {
        repaymentId: row!.id,
        reason: 'payment returned by the bank',
      });
      if (!result.ok) throw new Error(result.errors[0].code);
    },
    /** The loan now, and the journal entries posted since the previous call. */
    async state() {
      const [loan] = await getLoansByIds(db, [loanId]);
      const b = (await loanBalances(db, [loan!])).get(loanId)!;
      const rows = await queryRows<{
        id: string;
        kind: string;
        business_date: string;
        account: string;
        debit: string;
        credit: string;
      }>(
        db,
        sql`select e.id, e.kind, e.business_date::text as business_date, p.account,
                   p.debit_minor::text as debit, p.credit_minor::text as credit
            from journal_entries e join postings p on p.entry_id = e.id
            where e.loan_id = ${loanId}
            order by e.business_date,
                     array_position(array['ACCRUAL', 'PENALTY', 'WRITE_OFF', 'DISBURSEMENT',
                                          'REPAYMENT', 'REVERSAL'], e.kind::text),
                     e.id, p.account`,
      );
      const journal: Entry[] = [];
      const fresh = new Map<string, Entry>();
      for (const r of rows) {
        if (seen.has(r.id)) continue;
        let entry = fresh.get(r.id);
        if (!entry) {
          entry = [r.kind, r.business_date, []];
          fresh.set(r.id, entry);
          journal.push(entry);
        }
        entry[2].push([r.account, BigInt(r.debit), BigInt(r.credit)]);
      }
      for (const id of fresh.keys()) seen.add(id);
      return {
        status: loan!.status,
        daysPastDue: loan!.daysPastDue,
        // principal, interest, penalty, total
        outstanding: [b.principal, b.interest, b.penalty, b.total].map((m) => m.format()),
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
        journal,
      };
    },
  };
}

const trialBalanceTable = async () =>
  Object.fromEntries(
    (await trialBalance(db, 'CNY')).map((a) => [
      a.account,
      [a.debits.format(), a.credits.format()],
    ]),
  );

test.beforeAll(async ({ db: fileDb }) => {
  db = fileDb;
});

// 6,000.00 CNY at 18 % over 6 months, disbursed 2026-01-15 (periods of 31, 28,
// 31, 30, 31, 30 days). payment = round(600000 × 0.015 / (1 − 1.015^−6)) =
// round(105315.13…) = 1,053.15; interest 1 = 90.00, principal 1 = 963.15;
// interest 2 = round(503685 × 0.015) = 75.55; … the last principal is the
// remaining 1,037.59 with interest round(103759 × 0.015) = 15.56.
describe('EQUAL_INSTALLMENT golden walk', () => {
  const loan = walk('EQUAL_INSTALLMENT', '6000.00', 6);
  test.beforeAll(() => loan.open());

  test('disbursement: the schedule, and Dr RECEIVABLE_PRINCIPAL / Cr CASH', async () => {
    expect(await loan.state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      outstanding: ['6000.00', '0.00', '0.00', '6000.00'],
      schedule: [
        [1, '2026-02-15', '963.15', '90.00', '0.00', '0.00', 'PENDING'],
        [2, '2026-03-15', '977.60', '75.55', '0.00', '0.00', 'PENDING'],
        [3, '2026-04-15', '992.26', '60.89', '0.00', '0.00', 'PENDING'],
        [4, '2026-05-15', '1007.15', '46.00', '0.00', '0.00', 'PENDING'],
        [5, '2026-06-15', '1022.25', '30.90', '0.00', '0.00', 'PENDING'],
        [6, '2026-07-15', '1037.59', '15.56', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        [
          'DISBURSEMENT',
          '2026-01-15',
          [
            ['CASH', 0n, 600000n],
            ['RECEIVABLE_PRINCIPAL', 600000n, 0n],
          ],
        ],
      ],
    });
  });

  test('on-time payment of instalment 1 on its due date', async () => {
    await cob('2026-02-15');
    await loan.pay('1053.15', 'a1');
    // Period 1 (31 days, I = 9000 fen) accrues round(9000·d/31) cumulatively,
    // 290 or 291 fen a day; the payment clears 90.00 interest + 963.15 principal.
    expect(await loan.state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      outstanding: ['5036.85', '0.00', '0.00', '5036.85'],
      schedule: [
        [1, '2026-02-15', '963.15', '90.00', '0.00', '1053.15', 'PAID'],
        [2, '2026-03-15', '977.60', '75.55', '0.00', '0.00', 'PENDING'],
        [3, '2026-04-15', '992.26', '60.89', '0.00', '0.00', 'PENDING'],
        [4, '2026-05-15', '1007.15', '46.00', '0.00', '0.00', 'PENDING'],
        [5, '2026-06-15', '1022.25', '30.90', '0.00', '0.00', 'PENDING'],
        [6, '2026-07-15', '1037.59', '15.56', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        acc('2026-01-16', 290n),
        acc('2026-01-17', 291n),
        acc('2026-01-18', 290n),
        acc('2026-01-19', 290n),
        acc('2026-01-20', 291n),
        acc('2026-01-21', 290n),
        acc('2026-01-22', 290n),
        acc('2026-01-23', 291n),
        acc('2026-01-24', 290n),
        acc('2026-01-25', 290n),
        acc('2026-01-26', 291n),
        acc('2026-01-27', 290n),
        acc('2026-01-28', 290n),
        acc('2026-01-29', 291n),
        acc('2026-01-30', 290n),
        acc('2026-01-31', 290n),
        acc('2026-02-01', 290n),
        acc('2026-02-02', 291n),
        acc('2026-02-03', 290n),
        acc('2026-02-04', 290n),
        acc('2026-02-05', 291n),
        acc('2026-02-06', 290n),
        acc('2026-02-07', 290n),
        acc('2026-02-08', 291n),
        acc('2026-02-09', 290n),
        acc('2026-02-10', 290n),
        acc('2026-02-11', 291n),
        acc('2026-02-12', 290n),
        acc('2026-02-13', 290n),
        acc('2026-02-14', 291n),
        acc('2026-02-15', 290n),
        [
          'REPAYMENT',
          '2026-02-15',
          [
            ['CASH', 105315n, 0n],
            ['RECEIVABLE_INTEREST', 0n, 9000n],
            ['RECEIVABLE_PRINCIPAL', 0n, 96315n],
          ],
        ],
      ],
    });
  });

  test('partial payment of 500.00 on the due date of instalment 2', async () => {
    await cob('2026-03-15');
    await loan.pay('500.00', 'a2');
    // Period 2 (28 days, I = 7555): round(7555·d/28) cumulatively. The 500.00 pays
    // interest 75.55 first, then 424.45 principal; 553.15 principal stays DUE.
    expect(await loan.state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      outstanding: ['4612.40', '0.00', '0.00', '4612.40'],
      schedule: [
        [1, '2026-02-15', '963.15', '90.00', '0.00', '1053.15', 'PAID'],
        [2, '2026-03-15', '977.60', '75.55', '0.00', '500.00', 'DUE'],
        [3, '2026-04-15', '992.26', '60.89', '0.00', '0.00', 'PENDING'],
        [4, '2026-05-15', '1007.15', '46.00', '0.00', '0.00', 'PENDING'],
        [5, '2026-06-15', '1022.25', '30.90', '0.00', '0.00', 'PENDING'],
        [6, '2026-07-15', '1037.59', '15.56', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        acc('2026-02-16', 270n),
        acc('2026-02-17', 270n),
        acc('2026-02-18', 269n),
        acc('2026-02-19', 270n),
        acc('2026-02-20', 270n),
        acc('2026-02-21', 270n),
        acc('2026-02-22', 270n),
        acc('2026-02-23', 270n),
        acc('2026-02-24', 269n),
        acc('2026-02-25', 270n),
        acc('2026-02-26', 270n),
        acc('2026-02-27', 270n),
        acc('2026-02-28', 270n),
        acc('2026-03-01', 270n),
        acc('2026-03-02', 269n),
        acc('2026-03-03', 270n),
        acc('2026-03-04', 270n),
        acc('2026-03-05', 270n),
        acc('2026-03-06', 270n),
        acc('2026-03-07', 269n),
        acc('2026-03-08', 270n),
        acc('2026-03-09', 270n),
        acc('2026-03-10', 270n),
        acc('2026-03-11', 270n),
        acc('2026-03-12', 270n),
        acc('2026-03-13', 269n),
        acc('2026-03-14', 270n),
        acc('2026-03-15', 270n),
        [
          'REPAYMENT',
          '2026-03-15',
          [
            ['CASH', 50000n, 0n],
            ['RECEIVABLE_INTEREST', 0n, 7555n],
            ['RECEIVABLE_PRINCIPAL', 0n, 42445n],
          ],
        ],
      ],
    });
  });

  test('ten days late: penalty of 0.09 a day on the 553.15 overdue', async () => {
    await cob('2026-03-25');
    // round(55315 × 0.06 / 365) = round(9.09) = 9 fen a day, 03-16..03-25 = 0.90;
    // days past due 03-25 − 03-15 = 10. Period 3 (31 days, I = 6089): round(6089·10/31) = 19.64.
    expect(await loan.state()).toEqual({
      status: 'DELINQUENT',
      daysPastDue: 10,
      outstanding: ['4612.40', '19.64', '0.90', '4632.94'],
      schedule: [
        [1, '2026-02-15', '963.15', '90.00', '0.00', '1053.15', 'PAID'],
        [2, '2026-03-15', '977.60', '75.55', '0.90', '500.00', 'OVERDUE'],
        [3, '2026-04-15', '992.26', '60.89', '0.00', '0.00', 'PENDING'],
        [4, '2026-05-15', '1007.15', '46.00', '0.00', '0.00', 'PENDING'],
        [5, '2026-06-15', '1022.25', '30.90', '0.00', '0.00', 'PENDING'],
        [6, '2026-07-15', '1037.59', '15.56', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        acc('2026-03-16', 196n),
        pen('2026-03-16', 9n),
        acc('2026-03-17', 197n),
        pen('2026-03-17', 9n),
        acc('2026-03-18', 196n),
        pen('2026-03-18', 9n),
        acc('2026-03-19', 197n),
        pen('2026-03-19', 9n),
        acc('2026-03-20', 196n),
        pen('2026-03-20', 9n),
        acc('2026-03-21', 197n),
        pen('2026-03-21', 9n),
        acc('2026-03-22', 196n),
        pen('2026-03-22', 9n),
        acc('2026-03-23', 196n),
        pen('2026-03-23', 9n),
        acc('2026-03-24', 197n),
        pen('2026-03-24', 9n),
        acc('2026-03-25', 196n),
        pen('2026-03-25', 9n),
      ],
    });
  });

  test('late payment of the rest: penalty 0.90 then principal 553.15', async () => {
    await loan.pay('554.05', 'a3');
    expect(await loan.state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      outstanding: ['4059.25', '19.64', '0.00', '4078.89'],
      schedule: [
        [1, '2026-02-15', '963.15', '90.00', '0.00', '1053.15', 'PAID'],
        [2, '2026-03-15', '977.60', '75.55', '0.90', '1054.05', 'PAID'],
        [3, '2026-04-15', '992.26', '60.89', '0.00', '0.00', 'PENDING'],
        [4, '2026-05-15', '1007.15', '46.00', '0.00', '0.00', 'PENDING'],
        [5, '2026-06-15', '1022.25', '30.90', '0.00', '0.00', 'PENDING'],
        [6, '2026-07-15', '1037.59', '15.56', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        [
          'REPAYMENT',
          '2026-03-25',
          [
            ['CASH', 55405n, 0n],
            ['RECEIVABLE_PENALTY', 0n, 90n],
            ['RECEIVABLE_PRINCIPAL', 0n, 55315n],
          ],
        ],
      ],
    });
  });

  test('prepayment of 1,500.00 before instalment 3 is due: the term shortens to 5', async () => {
    await cob('2026-04-05');
    await loan.pay('1500.00', 'a4', 'REDUCE_TERM');
    // Principal left 4,059.25 → 2,559.25 (REDUCE_TERM). Instalment 3 keeps its 60.89 interest
    // and 992.26 regular principal; the 1,500.00 prepaid leaves the schedule.
    // Opening 4: 405925 − 150000 − 99226 = 156699 → interest round(2350.485) = 23.50,
    // principal 1053.15 − 23.50 = 1,029.65; opening 5: 537.34 → interest round(806.01) = 8.06,
    // principal 537.34 (the balance), so instalment 6 is dropped.
    expect(await loan.state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      outstanding: ['2559.25', '41.25', '0.00', '2600.50'],
      schedule: [
        [1, '2026-02-15', '963.15', '90.00', '0.00', '1053.15', 'PAID'],
        [2, '2026-03-15', '977.60', '75.55', '0.90', '1054.05', 'PAID'],
        [3, '2026-04-15', '992.26', '60.89', '0.00', '0.00', 'PENDING'],
        [4, '2026-05-15', '1029.65', '23.50', '0.00', '0.00', 'PENDING'],
        [5, '2026-06-15', '537.34', '8.06', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        acc('2026-03-26', 197n),
        acc('2026-03-27', 196n),
        acc('2026-03-28', 196n),
        acc('2026-03-29', 197n),
        acc('2026-03-30', 196n),
        acc('2026-03-31', 197n),
        acc('2026-04-01', 196n),
        acc('2026-04-02', 197n),
        acc('2026-04-03', 196n),
        acc('2026-04-04', 196n),
        acc('2026-04-05', 197n),
        [
          'REPAYMENT',
          '2026-04-05',
          [
            ['CASH', 150000n, 0n],
            ['RECEIVABLE_PRINCIPAL', 0n, 150000n],
          ],
        ],
      ],
    });
  });

  test('OPS reverses the partial payment of 03-15: everything after it is re-derived', async () => {
    await cob('2026-04-10');
    await loan.reverse('2026-03-15', '500.00');
    // Without the 500.00: 977.60 principal overdue from 03-16, penalty
    // round(97760 × 0.06 / 365) = 16 fen a day × 10 = 1.60; on 03-25 the 554.05 pays
    // penalty 1.60, interest 75.55, principal 476.90, leaving 500.70 overdue:
    // round(50070 × 0.06 / 365) = 8 fen a day × 11 (03-26..04-05) = 0.88. On 04-05 the
    // 1,500.00 pays 0.88 + 500.70 and prepays 998.42: principal left 3,060.83.
    // Instalment 3 keeps 992.26 (the 998.42 prepaid leaves the schedule); opening 4: 2,068.57 → interest 31.03,
    // principal 1,022.12; opening 5: 1,046.45 → 15.70 (15.69675), 1,037.45; opening 6: 9.00 →
    // the last row takes 9.00, interest round(13.5 fen) = 14 (half-even tie, to even).
    // REVERSAL: Cr CASH 500.00; principal receivable +501.58 (3,060.83 − 2,559.25);
    // penalty income +1.58 (2.48 − 0.90); interest unchanged (period 3's I is the same).
    // Period 3 accrued round(6089·26/31) = 51.07.
    expect(await loan.state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      outstanding: ['3060.83', '51.07', '0.00', '3111.90'],
      schedule: [
        [1, '2026-02-15', '963.15', '90.00', '0.00', '1053.15', 'PAID'],
        [2, '2026-03-15', '977.60', '75.55', '2.48', '1055.63', 'PAID'],
        [3, '2026-04-15', '992.26', '60.89', '0.00', '0.00', 'PENDING'],
        [4, '2026-05-15', '1022.12', '31.03', '0.00', '0.00', 'PENDING'],
        [5, '2026-06-15', '1037.45', '15.70', '0.00', '0.00', 'PENDING'],
        [6, '2026-07-15', '9.00', '0.14', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        acc('2026-04-06', 196n),
        acc('2026-04-07', 197n),
        acc('2026-04-08', 196n),
        acc('2026-04-09', 196n),
        acc('2026-04-10', 197n),
        [
          'REVERSAL',
          '2026-04-10',
          [
            ['CASH', 0n, 50000n],
            ['PENALTY_INCOME', 0n, 158n],
            ['RECEIVABLE_PRINCIPAL', 50158n, 0n],
          ],
        ],
      ],
    });
  });

  test('payoff of 3,200.00: principal left plus interest accrued to date, the rest as credit', async () => {
    await cob('2026-04-12');
    await loan.pay('3200.00', 'a5');
    // Payoff = 3,060.83 + round(6089·28/31) = 3,060.83 + 55.00 = 3,115.83; excess 84.17.
    // Instalment 3's interest becomes 55.00; instalments 4-6 are settled by principal,
    // their interest never charged.
    expect(await loan.state()).toEqual({
      status: 'PAID_OFF',
      daysPastDue: 0,
      outstanding: ['0.00', '0.00', '0.00', '0.00'],
      schedule: [
        [1, '2026-02-15', '963.15', '90.00', '0.00', '1053.15', 'PAID'],
        [2, '2026-03-15', '977.60', '75.55', '2.48', '1055.63', 'PAID'],
        [3, '2026-04-15', '992.26', '55.00', '0.00', '1047.26', 'PAID'],
        [4, '2026-05-15', '1022.12', '0.00', '0.00', '1022.12', 'PAID'],
        [5, '2026-06-15', '1037.45', '0.00', '0.00', '1037.45', 'PAID'],
        [6, '2026-07-15', '9.00', '0.00', '0.00', '9.00', 'PAID'],
      ],
      journal: [
        acc('2026-04-11', 196n),
        acc('2026-04-12', 197n),
        [
          'REPAYMENT',
          '2026-04-12',
          [
            ['BORROWER_CREDIT', 0n, 8417n],
            ['CASH', 320000n, 0n],
            ['RECEIVABLE_INTEREST', 0n, 5500n],
            ['RECEIVABLE_PRINCIPAL', 0n, 306083n],
          ],
        ],
      ],
    });
  });

  test('accrues nothing once paid off, and the journal balances', async () => {
    await cob('2026-04-20');
    expect(await loan.state()).toEqual({
      status: 'PAID_OFF',
      daysPastDue: 0,
      outstanding: ['0.00', '0.00', '0.00', '0.00'],
      schedule: [
        [1, '2026-02-15', '963.15', '90.00', '0.00', '1053.15', 'PAID'],
        [2, '2026-03-15', '977.60', '75.55', '2.48', '1055.63', 'PAID'],
        [3, '2026-04-15', '992.26', '55.00', '0.00', '1047.26', 'PAID'],
        [4, '2026-05-15', '1022.12', '0.00', '0.00', '1022.12', 'PAID'],
        [5, '2026-06-15', '1037.45', '0.00', '0.00', '1037.45', 'PAID'],
        [6, '2026-07-15', '9.00', '0.00', '0.00', '9.00', 'PAID'],
      ],
      journal: [],
    });
    // Interest 90.00 + 75.55 + 55.00; penalty 2.48 (0.90 posted by COB, 1.58 by the
    // reversal); cash in 1,053.15 + 500.00 + 554.05 + 1,500.00 + 3,200.00 = 6,807.20,
    // out 6,000.00 + 500.00 returned.
    expect(await trialBalanceTable()).toEqual({
      BORROWER_CREDIT: ['0.00', '84.17'],
      CASH: ['6807.20', '6500.00'],
      INTEREST_INCOME: ['0.00', '220.55'],
      PENALTY_INCOME: ['0.00', '2.48'],
      RECEIVABLE_INTEREST: ['220.55', '220.55'],
      RECEIVABLE_PENALTY: ['0.90', '0.90'],
      RECEIVABLE_PRINCIPAL: ['6501.58', '6501.58'],
    });
  });
});

// 2,000.00 CNY at 18 % over 3 months, disbursed 2026-05-31: month-end rule gives
// due dates 06-30, 07-31, 08-31 (periods of 30, 31, 31 days); interest
// round(200000 × 0.015) = 30.00 every month, all principal in the last.
// Penalty accrues only on unpaid principal, so only after maturity.
describe('INTEREST_ONLY_BULLET golden walk', () => {
  const loan = walk('INTEREST_ONLY_BULLET', '2000.00', 3);
  test.beforeAll(async () => {
    await cob('2026-05-31');
    await loan.open();
  });

  test('disbursement on 05-31: month-end due dates', async () => {
    expect(await loan.state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      outstanding: ['2000.00', '0.00', '0.00', '2000.00'],
      schedule: [
        [1, '2026-06-30', '0.00', '30.00', '0.00', '0.00', 'PENDING'],
        [2, '2026-07-31', '0.00', '30.00', '0.00', '0.00', 'PENDING'],
        [3, '2026-08-31', '2000.00', '30.00', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        [
          'DISBURSEMENT',
          '2026-05-31',
          [
            ['CASH', 0n, 200000n],
            ['RECEIVABLE_PRINCIPAL', 200000n, 0n],
          ],
        ],
      ],
    });
  });

  test('on-time payment of the first 30.00 interest', async () => {
    await cob('2026-06-30');
    await loan.pay('30.00', 'b1');
    // Period 1 (30 days, I = 3000): 100 fen a day.
    expect(await loan.state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      outstanding: ['2000.00', '0.00', '0.00', '2000.00'],
      schedule: [
        [1, '2026-06-30', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [2, '2026-07-31', '0.00', '30.00', '0.00', '0.00', 'PENDING'],
        [3, '2026-08-31', '2000.00', '30.00', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        acc('2026-06-01', 100n),
        acc('2026-06-02', 100n),
        acc('2026-06-03', 100n),
        acc('2026-06-04', 100n),
        acc('2026-06-05', 100n),
        acc('2026-06-06', 100n),
        acc('2026-06-07', 100n),
        acc('2026-06-08', 100n),
        acc('2026-06-09', 100n),
        acc('2026-06-10', 100n),
        acc('2026-06-11', 100n),
        acc('2026-06-12', 100n),
        acc('2026-06-13', 100n),
        acc('2026-06-14', 100n),
        acc('2026-06-15', 100n),
        acc('2026-06-16', 100n),
        acc('2026-06-17', 100n),
        acc('2026-06-18', 100n),
        acc('2026-06-19', 100n),
        acc('2026-06-20', 100n),
        acc('2026-06-21', 100n),
        acc('2026-06-22', 100n),
        acc('2026-06-23', 100n),
        acc('2026-06-24', 100n),
        acc('2026-06-25', 100n),
        acc('2026-06-26', 100n),
        acc('2026-06-27', 100n),
        acc('2026-06-28', 100n),
        acc('2026-06-29', 100n),
        acc('2026-06-30', 100n),
        [
          'REPAYMENT',
          '2026-06-30',
          [
            ['CASH', 3000n, 0n],
            ['RECEIVABLE_INTEREST', 0n, 3000n],
          ],
        ],
      ],
    });
  });

  test('prepayment of 500.00 in period 2: the last instalment is recomputed on 1,500.00', async () => {
    await cob('2026-07-10');
    await loan.pay('500.00', 'b2', 'REDUCE_INSTALLMENT');
    // REDUCE_INSTALLMENT: instalment 2 keeps its 30.00 interest; the 500.00 prepaid leaves the
    // schedule; instalment 3: principal 1,500.00, interest round(150000 × 0.015) = 22.50.
    // Period 2 accrued round(3000·10/31) = 9.68.
    expect(await loan.state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      outstanding: ['1500.00', '9.68', '0.00', '1509.68'],
      schedule: [
        [1, '2026-06-30', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [2, '2026-07-31', '0.00', '30.00', '0.00', '0.00', 'PENDING'],
        [3, '2026-08-31', '1500.00', '22.50', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        acc('2026-07-01', 97n),
        acc('2026-07-02', 97n),
        acc('2026-07-03', 96n),
        acc('2026-07-04', 97n),
        acc('2026-07-05', 97n),
        acc('2026-07-06', 97n),
        acc('2026-07-07', 96n),
        acc('2026-07-08', 97n),
        acc('2026-07-09', 97n),
        acc('2026-07-10', 97n),
        [
          'REPAYMENT',
          '2026-07-10',
          [
            ['CASH', 50000n, 0n],
            ['RECEIVABLE_PRINCIPAL', 0n, 50000n],
          ],
        ],
      ],
    });
  });

  test('partial payment of 20.00 of the 30.00 due on 07-31', async () => {
    await cob('2026-07-31');
    await loan.pay('20.00', 'b3');
    expect(await loan.state()).toEqual({
      status: 'ACTIVE',
      daysPastDue: 0,
      outstanding: ['1500.00', '10.00', '0.00', '1510.00'],
      schedule: [
        [1, '2026-06-30', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [2, '2026-07-31', '0.00', '30.00', '0.00', '20.00', 'DUE'],
        [3, '2026-08-31', '1500.00', '22.50', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        acc('2026-07-11', 97n),
        acc('2026-07-12', 96n),
        acc('2026-07-13', 97n),
        acc('2026-07-14', 97n),
        acc('2026-07-15', 97n),
        acc('2026-07-16', 96n),
        acc('2026-07-17', 97n),
        acc('2026-07-18', 97n),
        acc('2026-07-19', 97n),
        acc('2026-07-20', 96n),
        acc('2026-07-21', 97n),
        acc('2026-07-22', 97n),
        acc('2026-07-23', 97n),
        acc('2026-07-24', 97n),
        acc('2026-07-25', 96n),
        acc('2026-07-26', 97n),
        acc('2026-07-27', 97n),
        acc('2026-07-28', 97n),
        acc('2026-07-29', 96n),
        acc('2026-07-30', 97n),
        acc('2026-07-31', 97n),
        [
          'REPAYMENT',
          '2026-07-31',
          [
            ['CASH', 2000n, 0n],
            ['RECEIVABLE_INTEREST', 0n, 2000n],
          ],
        ],
      ],
    });
  });

  test('OPS reverses the prepayment: instalment 3 is back to 2,000.00 + 30.00', async () => {
    await cob('2026-08-05');
    await loan.reverse('2026-07-10', '500.00');
    // Period 3 accrued on I = 2250 for 5 days: round(2250·5/31) = 3.63; re-derived on
    // I = 3000: round(3000·5/31) = 4.84, so the REVERSAL also posts 1.21 more interest.
    // Instalment 2 has 10.00 interest unpaid since 07-31: 5 days past due, no
    // penalty (no principal in it).
    expect(await loan.state()).toEqual({
      status: 'DELINQUENT',
      daysPastDue: 5,
      outstanding: ['2000.00', '14.84', '0.00', '2014.84'],
      schedule: [
        [1, '2026-06-30', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [2, '2026-07-31', '0.00', '30.00', '0.00', '20.00', 'OVERDUE'],
        [3, '2026-08-31', '2000.00', '30.00', '0.00', '0.00', 'PENDING'],
      ],
      journal: [
        acc('2026-08-01', 73n),
        acc('2026-08-02', 72n),
        acc('2026-08-03', 73n),
        acc('2026-08-04', 72n),
        acc('2026-08-05', 73n),
        [
          'REVERSAL',
          '2026-08-05',
          [
            ['CASH', 0n, 50000n],
            ['INTEREST_INCOME', 0n, 121n],
            ['RECEIVABLE_INTEREST', 121n, 0n],
            ['RECEIVABLE_PRINCIPAL', 50000n, 0n],
          ],
        ],
      ],
    });
  });

  test('ten days after maturity: penalty of 0.33 a day on 2,000.00', async () => {
    await cob('2026-09-10');
    // round(200000 × 0.06 / 365) = round(32.88) = 33 fen a day, 09-01..09-10 = 3.30;
    // days past due 09-10 − 07-31 = 41.
    expect(await loan.state()).toEqual({
      status: 'DELINQUENT',
      daysPastDue: 41,
      outstanding: ['2000.00', '40.00', '3.30', '2043.30'],
      schedule: [
        [1, '2026-06-30', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [2, '2026-07-31', '0.00', '30.00', '0.00', '20.00', 'OVERDUE'],
        [3, '2026-08-31', '2000.00', '30.00', '3.30', '0.00', 'OVERDUE'],
      ],
      journal: [
        acc('2026-08-06', 97n),
        acc('2026-08-07', 96n),
        acc('2026-08-08', 97n),
        acc('2026-08-09', 97n),
        acc('2026-08-10', 97n),
        acc('2026-08-11', 97n),
        acc('2026-08-12', 96n),
        acc('2026-08-13', 97n),
        acc('2026-08-14', 97n),
        acc('2026-08-15', 97n),
        acc('2026-08-16', 96n),
        acc('2026-08-17', 97n),
        acc('2026-08-18', 97n),
        acc('2026-08-19', 97n),
        acc('2026-08-20', 96n),
        acc('2026-08-21', 97n),
        acc('2026-08-22', 97n),
        acc('2026-08-23', 97n),
        acc('2026-08-24', 97n),
        acc('2026-08-25', 96n),
        acc('2026-08-26', 97n),
        acc('2026-08-27', 97n),
        acc('2026-08-28', 97n),
        acc('2026-08-29', 96n),
        acc('2026-08-30', 97n),
        acc('2026-08-31', 97n),
        ...daily('2026-09-01', '2026-09-10', (d) => pen(d, 33n)),
      ],
    });
  });

  test('late payment of 100.00 through the waterfall', async () => {
    await loan.pay('100.00', 'b4');
    // Instalment 2: interest 10.00. Instalment 3: penalty 3.30, interest 30.00,
    // principal 56.70; 1,943.30 still overdue since 08-31: 10 days past due.
    expect(await loan.state()).toEqual({
      status: 'DELINQUENT',
      daysPastDue: 10,
      outstanding: ['1943.30', '0.00', '0.00', '1943.30'],
      schedule: [
        [1, '2026-06-30', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [2, '2026-07-31', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [3, '2026-08-31', '2000.00', '30.00', '3.30', '90.00', 'OVERDUE'],
      ],
      journal: [
        [
          'REPAYMENT',
          '2026-09-10',
          [
            ['CASH', 10000n, 0n],
            ['RECEIVABLE_INTEREST', 0n, 4000n],
            ['RECEIVABLE_PENALTY', 0n, 330n],
            ['RECEIVABLE_PRINCIPAL', 0n, 5670n],
          ],
        ],
      ],
    });
  });

  test('179 days past due: still delinquent', async () => {
    await cob('2027-02-26');
    // round(194330 × 0.06 / 365) = round(31.94) = 32 fen a day for 09-11..02-26 (169 days)
    // = 54.08; penalty due 3.30 + 54.08 = 57.38.
    expect(await loan.state()).toEqual({
      status: 'DELINQUENT',
      daysPastDue: 179,
      outstanding: ['1943.30', '0.00', '54.08', '1997.38'],
      schedule: [
        [1, '2026-06-30', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [2, '2026-07-31', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [3, '2026-08-31', '2000.00', '30.00', '57.38', '90.00', 'OVERDUE'],
      ],
      journal: [...daily('2026-09-11', '2027-02-26', (d) => pen(d, 32n))],
    });
  });

  test('charge-off at 180 days past due writes off every open receivable', async () => {
    await cob('2027-02-27');
    // Penalty of the day first (0.32 → 54.40 open), then Dr LOSS_WRITE_OFF 1,997.70 =
    // principal 1,943.30 + penalty 54.40.
    expect(await loan.state()).toEqual({
      status: 'CHARGED_OFF',
      daysPastDue: 180,
      outstanding: ['0.00', '0.00', '0.00', '0.00'],
      schedule: [
        [1, '2026-06-30', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [2, '2026-07-31', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [3, '2026-08-31', '2000.00', '30.00', '57.70', '90.00', 'OVERDUE'],
      ],
      journal: [
        pen('2027-02-27', 32n),
        [
          'WRITE_OFF',
          '2027-02-27',
          [
            ['LOSS_WRITE_OFF', 199770n, 0n],
            ['RECEIVABLE_PENALTY', 0n, 5440n],
            ['RECEIVABLE_PRINCIPAL', 0n, 194330n],
          ],
        ],
      ],
    });
  });

  test('a recovery of 2,000.00: 1,997.70 against the loss, 2.30 held as credit', async () => {
    await cob('2027-03-10');
    await loan.pay('2000.00', 'b5');
    expect(await loan.state()).toEqual({
      status: 'CHARGED_OFF',
      daysPastDue: 180,
      outstanding: ['0.00', '0.00', '0.00', '0.00'],
      schedule: [
        [1, '2026-06-30', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [2, '2026-07-31', '0.00', '30.00', '0.00', '30.00', 'PAID'],
        [3, '2026-08-31', '2000.00', '30.00', '57.70', '90.00', 'OVERDUE'],
      ],
      journal: [
        [
          'REPAYMENT',
          '2027-03-10',
          [
            ['BORROWER_CREDIT', 0n, 230n],
            ['CASH', 200000n, 0n],
            ['LOSS_WRITE_OFF', 0n, 199770n],
          ],
        ],
      ],
    });
    // Both loans together. The bullet adds interest 90.00, penalty 57.70, cash in
    // 30.00 + 500.00 + 20.00 + 100.00 + 2,000.00, out 2,000.00 + 500.00 returned.
    expect(await trialBalanceTable()).toEqual({
      BORROWER_CREDIT: ['0.00', '86.47'],
      CASH: ['9457.20', '9000.00'],
      INTEREST_INCOME: ['0.00', '310.55'],
      LOSS_WRITE_OFF: ['1997.70', '1997.70'],
      PENALTY_INCOME: ['0.00', '60.18'],
      RECEIVABLE_INTEREST: ['310.55', '310.55'],
      RECEIVABLE_PENALTY: ['58.60', '58.60'],
      RECEIVABLE_PRINCIPAL: ['9001.58', '9001.58'],
    });
  });
});
