import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { Role, toGlobalId } from '@lending/kernel';
import { creditLineFactory } from '@lending/ledger/testing';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

let t: TestGateway;
let alice: { id: string };
let bob: { id: string };
let aliceLine: string;
let bobLine: string;
let aliceToken: string;

beforeAll(async () => {
  t = await startTestGateway();
  alice = await borrowerFactory(t.db.db, { displayName: 'Alice' });
  bob = await borrowerFactory(t.db.db, { displayName: 'Bob' });
  aliceLine = toGlobalId(
    'CreditLine',
    (await creditLineFactory(t.db.db, alice.id, { limit: '20000.00' })).id,
  );
  bobLine = toGlobalId('CreditLine', (await creditLineFactory(t.db.db, bob.id)).id);
  aliceToken = await t.borrowerToken(alice.id);
});
afterAll(() => t.stop());

const DRAWDOWN = `mutation ($input: DrawdownInput!) {
  drawdown(input: $input) {
    loan { id principal { amount currency } termMonths repaymentMethod disbursedOn status daysPastDue
      schedule { number dueDate principalDue { amount } interestDue { amount } paid { amount } status }
      outstanding { principal { amount } interest { amount } total { amount } }
      creditLine { available { amount currency } }
      transactions { edges { node { kind amount { amount currency } businessDate } } } }
    userErrors { field code message }
  }
}`;

const drawdownInput = (overrides: Record<string, unknown> = {}) => ({
  creditLineId: aliceLine,
  amount: { amount: '1000.00', currency: 'CNY' },
  termMonths: 3,
  repaymentMethod: 'EQUAL_PRINCIPAL',
  idempotencyKey: `key-${Math.random()}`,
  ...overrides,
});

type DrawdownData = {
  drawdown: {
    loan: Record<string, unknown> | null;
    userErrors: { field: string[]; code: string; message: string }[];
  };
};

describe('drawdown over HTTP', () => {
  it('creates a loan with its schedule, outstanding balance and disbursement transaction', async () => {
    const res = await t.gql<DrawdownData>(DRAWDOWN, {
      token: aliceToken,
      variables: { input: drawdownInput({ idempotencyKey: 'alice-1' }) },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.drawdown.userErrors).toEqual([]);
    expect(res.data?.drawdown.loan).toMatchObject({
      principal: { amount: '1000.00', currency: 'CNY' },
      termMonths: 3,
      repaymentMethod: 'EQUAL_PRINCIPAL',
      disbursedOn: '2026-01-15',
      status: 'ACTIVE',
      daysPastDue: 0,
      schedule: [
        {
          number: 1,
          dueDate: '2026-02-15',
          principalDue: { amount: '333.33' },
          interestDue: { amount: '15.00' },
          paid: { amount: '0.00' },
          status: 'PENDING',
        },
        {
          number: 2,
          dueDate: '2026-03-15',
          principalDue: { amount: '333.33' },
          interestDue: { amount: '10.00' },
          paid: { amount: '0.00' },
          status: 'PENDING',
        },
        {
          number: 3,
          dueDate: '2026-04-15',
          principalDue: { amount: '333.34' },
          interestDue: { amount: '5.00' },
          paid: { amount: '0.00' },
          status: 'PENDING',
        },
      ],
      outstanding: {
        principal: { amount: '1000.00' },
        interest: { amount: '0.00' },
        total: { amount: '1000.00' },
      },
      creditLine: { available: { amount: '19000.00', currency: 'CNY' } },
      transactions: {
        edges: [
          {
            node: {
              kind: 'DISBURSEMENT',
              amount: { amount: '1000.00', currency: 'CNY' },
              businessDate: '2026-01-15',
            },
          },
        ],
      },
    });
  });

  it('replays the same key with the same loan', async () => {
    const again = await t.gql<DrawdownData>(DRAWDOWN, {
      token: aliceToken,
      variables: { input: drawdownInput({ idempotencyKey: 'alice-1' }) },
    });
    const loans = await t.gql<{ borrower: { loans: { edges: unknown[] } } }>(
      `query ($id: ID!) { borrower(id: $id) { loans { edges { node { id } } } } }`,
      { token: aliceToken, variables: { id: toGlobalId('Borrower', alice.id) } },
    );
    expect(again.data?.drawdown.loan).not.toBeNull();
    expect(loans.data?.borrower.loans.edges).toHaveLength(1);
  });

  it.each([
    [{ amount: { amount: '10.001', currency: 'CNY' } }, 'TOO_MANY_DECIMALS', ['amount', 'amount']],
    [{ amount: { amount: '-5.00', currency: 'CNY' } }, 'NEGATIVE_AMOUNT', ['amount', 'amount']],
    [{ amount: { amount: '1e3', currency: 'CNY' } }, 'INVALID_AMOUNT', ['amount', 'amount']],
    [{ amount: { amount: '0', currency: 'CNY' } }, 'INVALID_AMOUNT', ['amount', 'amount']],
    [{ amount: { amount: '100.00', currency: 'XYZ' } }, 'UNKNOWN_CURRENCY', ['amount', 'currency']],
    [
      { amount: { amount: '100.00', currency: 'USD' } },
      'CURRENCY_MISMATCH',
      ['amount', 'currency'],
    ],
    [{ amount: { amount: '19000.01', currency: 'CNY' } }, 'INSUFFICIENT_AVAILABLE', ['amount']],
    [{ termMonths: 5 }, 'INVALID_TERM', ['termMonths']],
    [{ idempotencyKey: 'alice-1', termMonths: 6 }, 'CONFLICT', ['idempotencyKey']],
  ])('answers %o with userError %s and no loan', async (overrides, code, field) => {
    const res = await t.gql<DrawdownData>(DRAWDOWN, {
      token: aliceToken,
      variables: { input: drawdownInput(overrides) },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.drawdown.loan).toBeNull();
    expect(res.data?.drawdown.userErrors).toMatchObject([{ code, field }]);
  });

  it("refuses a borrower drawing on another borrower's line with FORBIDDEN", async () => {
    const res = await t.gql<DrawdownData>(DRAWDOWN, {
      token: aliceToken,
      variables: { input: drawdownInput({ creditLineId: bobLine }) },
    });
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect(res.data).toBeNull();
  });

  it.each([Role.OPS, Role.UNDERWRITER, Role.COLLECTOR, Role.COMPLIANCE])(
    'refuses %s: only the borrower draws',
    async (role) => {
      const res = await t.gql(DRAWDOWN, {
        token: await t.token(role),
        variables: { input: drawdownInput() },
      });
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    },
  );

  it('answers a malformed credit line id with NOT_FOUND', async () => {
    const res = await t.gql(DRAWDOWN, {
      token: aliceToken,
      variables: { input: drawdownInput({ creditLineId: 'nope' }) },
    });
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
  });
});

describe('reading the ledger', () => {
  const LINE = `query ($id: ID!) { creditLine(id: $id) { limit { amount } available { amount } annualRate status loans { principal { amount } } } }`;

  it('shows a borrower their own line, and staff who work on accounts', async () => {
    for (const token of [
      aliceToken,
      await t.token(Role.OPS),
      await t.token(Role.UNDERWRITER),
      await t.token(Role.COMPLIANCE),
    ]) {
      const res = await t.gql(LINE, { token, variables: { id: aliceLine } });
      expect(res.data).toEqual({
        creditLine: {
          limit: { amount: '20000.00' },
          available: { amount: '19000.00' },
          annualRate: '0.18',
          status: 'ACTIVE',
          loans: [{ principal: { amount: '1000.00' } }],
        },
      });
    }
  });

  it("refuses another borrower's line and a collector outside collections", async () => {
    for (const token of [await t.borrowerToken(bob.id), await t.token(Role.COLLECTOR)]) {
      const res = await t.gql(LINE, { token, variables: { id: aliceLine } });
      expect(res.data ?? { creditLine: null }).toEqual({ creditLine: null });
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    }
  });

  it('reaches a loan through node(id:) with the same rules', async () => {
    const loans = await t.gql<{ borrower: { loans: { edges: { node: { id: string } }[] } } }>(
      `query ($id: ID!) { borrower(id: $id) { loans { edges { node { id } } } } }`,
      { token: aliceToken, variables: { id: toGlobalId('Borrower', alice.id) } },
    );
    const loanId = loans.data!.borrower.loans.edges[0]!.node.id;
    const NODE = `query ($id: ID!) { node(id: $id) { ... on Loan { principal { amount } } } }`;
    expect((await t.gql(NODE, { token: aliceToken, variables: { id: loanId } })).data).toEqual({
      node: { principal: { amount: '1000.00' } },
    });
    const denied = await t.gql(NODE, {
      token: await t.borrowerToken(bob.id),
      variables: { id: loanId },
    });
    expect(errorCodes(denied)).toEqual(['FORBIDDEN']);
  });
});

describe('trialBalance', () => {
  const TB = `query { trialBalance(currency: "CNY") { currency accounts { account debits { amount } credits { amount } } totalDebits { amount } totalCredits { amount } } }`;

  it('balances, for OPS and COMPLIANCE', async () => {
    for (const role of [Role.OPS, Role.COMPLIANCE]) {
      const res = await t.gql<{
        trialBalance: {
          totalDebits: { amount: string };
          totalCredits: { amount: string };
          accounts: unknown[];
        };
      }>(TB, { token: await t.token(role) });
      expect(res.data?.trialBalance.totalDebits).toEqual(res.data?.trialBalance.totalCredits);
      expect(res.data?.trialBalance.accounts).toEqual([
        { account: 'CASH', debits: { amount: '0.00' }, credits: { amount: '1000.00' } },
        {
          account: 'RECEIVABLE_PRINCIPAL',
          debits: { amount: '1000.00' },
          credits: { amount: '0.00' },
        },
      ]);
    }
  });

  it.each([Role.UNDERWRITER, Role.COLLECTOR])('is FORBIDDEN to %s', async (role) => {
    expect(errorCodes(await t.gql(TB, { token: await t.token(role) }))).toEqual(['FORBIDDEN']);
  });

  it('is FORBIDDEN to a borrower', async () => {
    expect(errorCodes(await t.gql(TB, { token: aliceToken }))).toEqual(['FORBIDDEN']);
  });

  it('refuses an unknown currency with BAD_USER_INPUT', async () => {
    const res = await t.gql(`query { trialBalance(currency: "ZZZ") { currency } }`);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('runCloseOfBusiness', () => {
  const COB = `mutation ($input: RunCloseOfBusinessInput!) { runCloseOfBusiness(input: $input) { businessDate loansProcessed userErrors { code field } } }`;

  it('is FORBIDDEN to anyone but OPS', async () => {
    for (const token of [
      aliceToken,
      await t.token(Role.COMPLIANCE),
      await t.token(Role.UNDERWRITER),
    ]) {
      expect(
        errorCodes(
          await t.gql(COB, { token, variables: { input: { businessDate: '2026-01-16' } } }),
        ),
      ).toEqual(['FORBIDDEN']);
    }
  });

  it('advances the business date, accrues, and refuses to go back', async () => {
    const res = await t.gql(COB, { variables: { input: { businessDate: '2026-01-17' } } });
    expect(res.data).toEqual({
      runCloseOfBusiness: { businessDate: '2026-01-17', loansProcessed: 2, userErrors: [] },
    });
    expect((await t.gql('{ businessDate }')).data).toEqual({ businessDate: '2026-01-17' });
    const back = await t.gql(COB, { variables: { input: { businessDate: '2026-01-01' } } });
    expect(back.data).toEqual({
      runCloseOfBusiness: {
        businessDate: null,
        loansProcessed: 0,
        userErrors: [{ code: 'DATE_IN_THE_PAST', field: ['businessDate'] }],
      },
    });
  });

  it('answers a malformed date with BAD_USER_INPUT', async () => {
    const res = await t.gql(COB, { variables: { input: { businessDate: '2026-02-30' } } });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('makeRepayment over HTTP', () => {
  const PAY = `mutation ($input: MakeRepaymentInput!) {
    makeRepayment(input: $input) {
      loan { status outstanding { principal { amount } total { amount } } creditLine { available { amount } } }
      allocation { principal { amount } interest { amount } fees { amount } penalty { amount } excess { amount } }
      userErrors { code field }
    }
  }`;
  let loanId: string;

  beforeAll(async () => {
    const res = await t.gql<{ borrower: { loans: { edges: { node: { id: string } }[] } } }>(
      `query ($id: ID!) { borrower(id: $id) { loans { edges { node { id } } } } }`,
      { token: aliceToken, variables: { id: toGlobalId('Borrower', alice.id) } },
    );
    loanId = res.data!.borrower.loans.edges[0]!.node.id;
  });

  // Close of business has run to 2026-01-17: 2 of 31 days of the first period's 15.00 accrued,
  // round(1500 x 2 / 31) = 0.97, which a prepayment of principal leaves owed.
  it('prepays principal before anything is due when asked to (REDUCE_TERM) and restores availability', async () => {
    const res = await t.gql(PAY, {
      token: aliceToken,
      variables: {
        input: {
          loanId,
          amount: { amount: '100.00', currency: 'CNY' },
          idempotencyKey: 'pay-1',
          excessUse: 'REDUCE_TERM',
        },
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      makeRepayment: {
        loan: {
          status: 'ACTIVE',
          outstanding: { principal: { amount: '900.00' }, total: { amount: '900.97' } },
          creditLine: { available: { amount: '19100.00' } },
        },
        allocation: {
          principal: { amount: '100.00' },
          interest: { amount: '0.00' },
          fees: { amount: '0.00' },
          penalty: { amount: '0.00' },
          excess: { amount: '0.00' },
        },
        userErrors: [],
      },
    });
  });

  it.each([
    [{ amount: '0.00', currency: 'CNY' }, 'INVALID_AMOUNT'],
    [{ amount: '1.001', currency: 'CNY' }, 'TOO_MANY_DECIMALS'],
    [{ amount: '-1', currency: 'CNY' }, 'NEGATIVE_AMOUNT'],
    [{ amount: '1.00', currency: 'USD' }, 'CURRENCY_MISMATCH'],
  ])('answers %o with userError %s', async (amount, code) => {
    const res = await t.gql<{ makeRepayment: { userErrors: { code: string }[]; loan: unknown } }>(
      PAY,
      {
        token: aliceToken,
        variables: { input: { loanId, amount, idempotencyKey: `bad-${code}` } },
      },
    );
    expect(res.data?.makeRepayment.loan).toBeNull();
    expect(res.data?.makeRepayment.userErrors.map((e) => e.code)).toEqual([code]);
  });

  it("is FORBIDDEN on another borrower's loan and to staff other than OPS", async () => {
    const input = { loanId, amount: { amount: '1.00', currency: 'CNY' }, idempotencyKey: 'nope' };
    for (const token of [
      await t.borrowerToken(bob.id),
      await t.token(Role.UNDERWRITER),
      await t.token(Role.COMPLIANCE),
      await t.token(Role.COLLECTOR),
    ]) {
      expect(errorCodes(await t.gql(PAY, { token, variables: { input } }))).toEqual(['FORBIDDEN']);
    }
  });

  it('lets OPS record a received transfer', async () => {
    const res = await t.gql<{ makeRepayment: { userErrors: unknown[] } }>(PAY, {
      token: await t.token(Role.OPS),
      variables: {
        input: {
          loanId,
          amount: { amount: '1.00', currency: 'CNY' },
          idempotencyKey: 'ops-transfer-1',
        },
      },
    });
    expect(res.data?.makeRepayment.userErrors).toEqual([]);
  });
});

describe('reverseRepayment over HTTP', () => {
  it('reverses a repayment transaction for OPS, and is FORBIDDEN to others', async () => {
    const loans = await t.gql<{
      borrower: {
        loans: {
          edges: {
            node: { id: string; transactions: { edges: { node: { id: string; kind: string } }[] } };
          }[];
        };
      };
    }>(
      `query ($id: ID!) { borrower(id: $id) { loans { edges { node { id transactions { edges { node { id kind } } } } } } } }`,
      { token: aliceToken, variables: { id: toGlobalId('Borrower', alice.id) } },
    );
    const loan = loans.data!.borrower.loans.edges[0]!.node;
    const repayment = loan.transactions.edges.find((e) => e.node.kind === 'REPAYMENT')!.node;
    const REVERSE = `mutation ($input: ReverseRepaymentInput!) { reverseRepayment(input: $input) { loan { outstanding { principal { amount } } } userErrors { code } } }`;
    const input = { transactionId: repayment.id, reason: 'returned by the bank' };
    for (const token of [aliceToken, await t.token(Role.COMPLIANCE)]) {
      expect(errorCodes(await t.gql(REVERSE, { token, variables: { input } }))).toEqual([
        'FORBIDDEN',
      ]);
    }
    const res = await t.gql(REVERSE, { variables: { input } });
    expect(res.data).toEqual({
      reverseRepayment: {
        // The OPS transfer of 1.00 paid instalment 1's interest, not principal.
        loan: { outstanding: { principal: { amount: '1000.00' } } },
        userErrors: [],
      },
    });
    const disbursement = loan.transactions.edges.find((e) => e.node.kind === 'DISBURSEMENT')!.node;
    expect(
      errorCodes(
        await t.gql(REVERSE, {
          variables: { input: { ...input, transactionId: disbursement.id } },
        }),
      ),
    ).toEqual(['NOT_FOUND']);
  });
});

describe('payoff over HTTP', () => {
  it('quotes what settles the loan, and paying exactly that pays it off with nothing left over', async () => {
    const loans = await t.gql<{
      borrower: { loans: { edges: { node: { id: string; payoffAmount: { amount: string } } }[] } };
    }>(
      `query ($id: ID!) { borrower(id: $id) { loans { edges { node { id payoffAmount { amount } } } } } }`,
      { token: aliceToken, variables: { id: toGlobalId('Borrower', alice.id) } },
    );
    const loan = loans.data!.borrower.loans.edges[0]!.node;
    // 1,000.00 principal after the reversal above, and 2 of 31 days of the first period's 15.00
    // accrued (0.97), which the OPS transfer of 1.00 paid with 0.03 to spare (paid ahead).
    expect(loan.payoffAmount).toEqual({ amount: '999.97' });
    const res = await t.gql(
      `mutation ($input: MakeRepaymentInput!) { makeRepayment(input: $input) { loan { status payoffAmount { amount } } allocation { principal { amount } interest { amount } excess { amount } } userErrors { code } } }`,
      {
        token: aliceToken,
        variables: {
          input: {
            loanId: loan.id,
            amount: { amount: '999.97', currency: 'CNY' },
            idempotencyKey: 'payoff',
          },
        },
      },
    );
    expect(res.data).toEqual({
      makeRepayment: {
        loan: { status: 'PAID_OFF', payoffAmount: { amount: '0.00' } },
        allocation: {
          principal: { amount: '1000.00' },
          interest: { amount: '0.00' },
          excess: { amount: '0.00' },
        },
        userErrors: [],
      },
    });
  });
});
