import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { Role, toGlobalId } from '@lending/kernel';
import { creditLineFactory } from '@lending/ledger/testing';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

// Issue 22 over GraphQL, with the loan: CNY 1,200.00 at 9.9 % over 6 months, equal
// instalments (205.81 a month: 195.91 + 9.90 first, 205.82 last; packages/ledger/test/model),
// drawn on the harness's first business day, 2026-01-15. Instalment 1 falls due on 02-15.

let t: TestGateway;
let borrowerId: string;
let token: string;
let lineId: string;

const LOAN = `loan { id termMonths status daysPastDue payoffAmount { amount }
  schedule { number dueDate principalDue { amount } interestDue { amount } paid { amount } outstanding { amount } status } }`;
const DRAW = `mutation ($input: DrawdownInput!) { drawdown(input: $input) { ${LOAN} userErrors { code } } }`;
const PAY = `mutation ($input: MakeRepaymentInput!) { makeRepayment(input: $input) {
  ${LOAN}
  allocation { principal { amount } interest { amount } excess { amount } interestReleased { amount } }
  userErrors { code field } } }`;
const STATE = `query ($id: ID!) { borrower(id: $id) {
  collectionCases { id status }
  creditLines { id creditBalance { amount currency } }
  loans { edges { node { id status daysPastDue termMonths payoffAmount { amount }
    schedule { number paid { amount } outstanding { amount } status } } } } } }`;

type Loan = {
  id: string;
  termMonths: number;
  status: string;
  daysPastDue: number;
  payoffAmount: { amount: string };
  schedule: { number: number; outstanding: { amount: string }; status: string }[];
};

const row = (
  n: number,
  due: string,
  principal: string,
  interest: string,
  paid: string,
  outstanding: string,
  status: string,
) => ({
  number: n,
  dueDate: due,
  principalDue: { amount: principal },
  interestDue: { amount: interest },
  paid: { amount: paid },
  outstanding: { amount: outstanding },
  status,
});

async function draw(key: string): Promise<Loan> {
  const res = await t.gql<{ drawdown: { loan: Loan } }>(DRAW, {
    token,
    variables: {
      input: {
        creditLineId: lineId,
        amount: { amount: '1200.00', currency: 'CNY' },
        termMonths: 6,
        repaymentMethod: 'EQUAL_INSTALLMENT',
        idempotencyKey: key,
      },
    },
  });
  return res.data!.drawdown.loan;
}

const pay = (loanId: string, amount: string, key: string, extra: Record<string, unknown> = {}) =>
  t.gql<{
    makeRepayment: {
      loan: Loan;
      allocation: Record<string, { amount: string }>;
      userErrors: unknown[];
    };
  }>(PAY, {
    token,
    variables: {
      input: { loanId, amount: { amount, currency: 'CNY' }, idempotencyKey: key, ...extra },
    },
  });

const cob = async (businessDate: string) => {
  const res = await t.gql(
    `mutation ($input: RunCloseOfBusinessInput!) { runCloseOfBusiness(input: $input) { businessDate userErrors { code } } }`,
    { variables: { input: { businessDate, waitSeconds: 120 } } },
  );
  expect(res.data).toEqual({ runCloseOfBusiness: { businessDate, userErrors: [] } });
};

const state = async (as = token) =>
  (
    await t.gql<{
      borrower: {
        collectionCases: { id: string; status: string }[];
        creditLines: { id: string; creditBalance: { amount: string; currency: string } }[];
        loans: { edges: { node: Loan }[] };
      };
    }>(STATE, { token: as, variables: { id: toGlobalId('Borrower', borrowerId) } })
  ).data!.borrower;

beforeAll(async () => {
  t = await startTestGateway();
  borrowerId = (await borrowerFactory(t.db.db, { displayName: 'Wang Fang' })).id;
  lineId = toGlobalId(
    'CreditLine',
    (await creditLineFactory(t.db.db, borrowerId, { limit: '5000.00', annualRate: '0.099' })).id,
  );
  token = await t.borrowerToken(borrowerId);
}, 60_000);
afterAll(() => t.stop());

describe('a borrower who pays early is never late (issue 22, over GraphQL)', () => {
  let loanId = '';

  it('observation 1: 205.81 on the day of the drawdown pays instalment 1; the schedule and term stay', async () => {
    loanId = (await draw('first')).id;
    const res = await pay(loanId, '205.81', 'early-1');
    expect(res.errors).toBeUndefined();
    expect(res.data!.makeRepayment).toEqual({
      loan: {
        id: loanId,
        termMonths: 6,
        status: 'ACTIVE',
        daysPastDue: 0,
        // 1,004.09 of principal less the 9.90 of interest paid ahead, none of it earned yet.
        payoffAmount: { amount: '994.19' },
        schedule: [
          row(1, '2026-02-15', '195.91', '9.90', '205.81', '0.00', 'PAID'),
          row(2, '2026-03-15', '197.53', '8.28', '0.00', '205.81', 'PENDING'),
          row(3, '2026-04-15', '199.16', '6.65', '0.00', '205.81', 'PENDING'),
          row(4, '2026-05-15', '200.80', '5.01', '0.00', '205.81', 'PENDING'),
          row(5, '2026-06-15', '202.46', '3.35', '0.00', '205.81', 'PENDING'),
          row(6, '2026-07-15', '204.14', '1.68', '0.00', '205.82', 'PENDING'),
        ],
      },
      allocation: {
        principal: { amount: '195.91' },
        interest: { amount: '9.90' },
        excess: { amount: '0.00' },
        interestReleased: { amount: '0.00' },
      },
      userErrors: [],
    });
  });

  it('observation 2: close of business past the due date leaves it current, with no case', async () => {
    await cob('2026-02-18');
    const s = await state();
    expect(s.collectionCases).toEqual([]);
    // Period 2 runs 02-15..03-15 (28 days): 3 days of 8.28 accrued, round(828 x 3 / 28) = 0.89.
    expect(s.loans.edges[0]!.node).toMatchObject({
      status: 'ACTIVE',
      daysPastDue: 0,
      payoffAmount: { amount: '1004.98' },
      schedule: [
        { number: 1, paid: { amount: '205.81' }, outstanding: { amount: '0.00' }, status: 'PAID' },
        {
          number: 2,
          paid: { amount: '0.00' },
          outstanding: { amount: '205.81' },
          status: 'PENDING',
        },
        { number: 3, status: 'PENDING' },
        { number: 4, status: 'PENDING' },
        { number: 5, status: 'PENDING' },
        { number: 6, status: 'PENDING' },
      ],
    });
  });

  it('observation 5: money beyond the payoff is the credit balance the borrower and OPS can see', async () => {
    const res = await pay(loanId, '1984.11', 'payoff-and-more');
    expect(res.data!.makeRepayment.allocation).toEqual({
      principal: { amount: '1004.09' },
      interest: { amount: '0.89' },
      excess: { amount: '979.13' },
      interestReleased: { amount: '0.00' },
    });
    expect(res.data!.makeRepayment.loan.status).toBe('PAID_OFF');
    const credit = { amount: '979.13', currency: 'CNY' };
    expect((await state()).creditLines).toEqual([{ id: lineId, creditBalance: credit }]);
    const opsView = await t.gql<{ creditLine: { creditBalance: unknown } }>(
      `query ($id: ID!) { creditLine(id: $id) { creditBalance { amount currency } } }`,
      { variables: { id: lineId } },
    );
    expect(opsView.data).toEqual({ creditLine: { creditBalance: credit } });
    // Another borrower and a collector without a case see nothing of it.
    const other = await borrowerFactory(t.db.db, { displayName: 'Someone Else' });
    for (const who of [await t.borrowerToken(other.id), await t.token(Role.COLLECTOR)]) {
      const denied = await t.gql(
        `query ($id: ID!) { creditLine(id: $id) { creditBalance { amount } } }`,
        {
          token: who,
          variables: { id: lineId },
        },
      );
      expect(errorCodes(denied)).toEqual(['FORBIDDEN']);
    }
  });

  it('a paid-off loan refuses more money with a coded error; the credit balance is untouched', async () => {
    const res = await pay(loanId, '1.00', 'after-payoff');
    expect(res.data!.makeRepayment.userErrors).toEqual([{ code: 'LOAN_PAID_OFF', field: null }]);
    expect((await state()).creditLines[0]!.creditBalance.amount).toBe('979.13');
  });
});

describe('excessUse: a recast the borrower asks for, where the schedule and termMonths agree', () => {
  it('REDUCE_TERM: 500.00 now leaves 4 instalments of the same size, termMonths 4', async () => {
    const loan = await draw('recast');
    const res = await pay(loan.id, '500.00', 'recast-1', { excessUse: 'REDUCE_TERM' });
    expect(res.data!.makeRepayment.userErrors).toEqual([]);
    expect(res.data!.makeRepayment.loan).toMatchObject({
      termMonths: 4,
      payoffAmount: { amount: '700.00' },
      schedule: [
        row(1, '2026-03-18', '195.91', '9.90', '0.00', '205.81', 'PENDING'),
        row(2, '2026-04-18', '201.65', '4.16', '0.00', '205.81', 'PENDING'),
        row(3, '2026-05-18', '203.31', '2.50', '0.00', '205.81', 'PENDING'),
        row(4, '2026-06-18', '99.13', '0.82', '0.00', '99.95', 'PENDING'),
      ],
    });
  });

  it('an unknown excessUse is a GraphQL validation error, not a write', async () => {
    const loan = await draw('recast-bad');
    const res = await pay(loan.id, '10.00', 'recast-bad-1', { excessUse: 'SOMETHING_ELSE' });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(res.errors)).not.toContain('SOMETHING_ELSE');
  });
});
