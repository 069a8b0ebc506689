import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { Role, toGlobalId } from '@lending/kernel';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

// Rows of the application scorecard's training file, submitted as they are.
const csv = readFileSync(
  fileURLToPath(new URL('../../../packages/credit/data/german_train.csv', import.meta.url)),
  'utf8',
).split('\n');
const header = csv[0]!.split(',');
const row = (n: number) => {
  const cells = csv[n]!.split(',');
  return header.map((name, i) => ({ name, value: cells[i]! }));
};
const APPROVED_A = row(1);
const DECLINED_E = row(2);
const REFERRED_D = row(6);

let t: TestGateway;
let alice: { id: string };
let bob: { id: string };
let aliceToken: string;
let bobToken: string;

beforeAll(async () => {
  t = await startTestGateway();
  alice = await borrowerFactory(t.db.db, { displayName: 'Alice' });
  bob = await borrowerFactory(t.db.db, { displayName: 'Bob' });
  aliceToken = await t.borrowerToken(alice.id);
  bobToken = await t.borrowerToken(bob.id);
});
afterAll(() => t.stop());

const APPLICATION_FIELDS = `id status submittedAt
  borrower { id }
  decision { outcome score probabilityOfDefault riskGrade approvedLimit { amount currency } proposedLimit { amount }
    annualRate reasons { code description } modelVersion challengerModelVersion challengerProbabilityOfDefault decidedAt }
  review { outcome reason }
  offer { limit { amount currency } annualRate expiresAt creditLine { id } }`;

const SUBMIT = `mutation ($input: SubmitCreditApplicationInput!) {
  submitCreditApplication(input: $input) { application { ${APPLICATION_FIELDS} } userErrors { field code message } }
}`;
const ACCEPT = `mutation ($input: AcceptCreditOfferInput!) {
  acceptCreditOffer(input: $input) {
    creditLine { id limit { amount currency } available { amount } annualRate status borrower { id } }
    userErrors { field code message }
  }
}`;
const REVIEW = `mutation ($input: ReviewCreditApplicationInput!) {
  reviewCreditApplication(input: $input) { application { ${APPLICATION_FIELDS} } userErrors { field code message } }
}`;

type Application = {
  id: string;
  status: string;
  decision: {
    outcome: string;
    score: number;
    riskGrade: string | null;
    approvedLimit: { amount: string } | null;
    annualRate: string | null;
    reasons: { code: string; description: string }[];
  };
  offer: { creditLine: { id: string } | null } | null;
};
type UserErrors = { field: string[]; code: string; message: string }[];
type SubmitData = {
  submitCreditApplication: { application: Application | null; userErrors: UserErrors };
};
type AcceptData = {
  acceptCreditOffer: {
    creditLine: { id: string; limit: { amount: string } } | null;
    userErrors: UserErrors;
  };
};
type ReviewData = {
  reviewCreditApplication: { application: Application | null; userErrors: UserErrors };
};

const input = (
  borrowerId: string,
  attributes = APPROVED_A,
  overrides: Record<string, unknown> = {},
) => ({
  borrowerId: toGlobalId('Borrower', borrowerId),
  requestedLimit: { amount: '50000.00', currency: 'CNY' },
  monthlyIncome: { amount: '20000.00', currency: 'CNY' },
  monthlyDebtPayments: { amount: '3000.00', currency: 'CNY' },
  attributes,
  idempotencyKey: `k-${Math.random()}`,
  ...overrides,
});

async function submit(token: string, variables: Record<string, unknown>) {
  const res = await t.gql<SubmitData>(SUBMIT, { token, variables: { input: variables } });
  expect(res.errors).toBeUndefined();
  return res.data!.submitCreditApplication;
}

describe('submitCreditApplication over HTTP', () => {
  it('approves a grade A applicant with limit, rate and an offer', async () => {
    const { application, userErrors } = await submit(aliceToken, input(alice.id));
    expect(userErrors).toEqual([]);
    expect(application).toMatchObject({
      status: 'APPROVED',
      borrower: { id: toGlobalId('Borrower', alice.id) },
      decision: {
        outcome: 'APPROVED',
        score: 579,
        probabilityOfDefault: '0.03983197',
        riskGrade: 'A',
        approvedLimit: { amount: '50000.00', currency: 'CNY' },
        proposedLimit: null,
        annualRate: '0.099',
        modelVersion: 'application-v2',
        // Scored beside the champion and recorded; it decided nothing.
        challengerModelVersion: 'application-challenger-v1',
        challengerProbabilityOfDefault: expect.stringMatching(/^0\.\d{8}$/),
        decidedAt: '2026-01-15T09:00:00.000Z',
      },
      review: null,
      offer: {
        limit: { amount: '50000.00', currency: 'CNY' },
        annualRate: '0.099',
        expiresAt: '2026-02-14T09:00:00.000Z',
        creditLine: null,
      },
    });
  });

  it('declines a grade E applicant with specific reasons and no offer', async () => {
    const { application } = await submit(aliceToken, input(alice.id, DECLINED_E));
    expect(application).toMatchObject({
      status: 'DECLINED',
      decision: {
        outcome: 'DECLINED',
        score: 471,
        riskGrade: 'E',
        approvedLimit: null,
        annualRate: null,
      },
      offer: null,
    });
    expect(application!.decision.reasons.map((r) => r.code)).toEqual([
      'DURATION_IN_MONTH',
      'STATUS_OF_EXISTING_CHECKING_ACCOUNT',
      'SAVINGS_ACCOUNT_BONDS',
      'AGE_IN_YEARS',
    ]);
  });

  it('declines on a policy rule before grading', async () => {
    const { application } = await submit(
      aliceToken,
      input(alice.id, APPROVED_A, { monthlyDebtPayments: { amount: '10000.01', currency: 'CNY' } }),
    );
    expect(application!.decision).toMatchObject({ outcome: 'DECLINED', riskGrade: null });
    expect(application!.decision.reasons.map((r) => r.code)).toEqual(['POLICY_DEBT_TO_INCOME']);
  });

  it('is idempotent: the same key and input return the same application; other input under it is a userError', async () => {
    const variables = input(alice.id, APPROVED_A, { idempotencyKey: 'alice-apply-1' });
    const first = await submit(aliceToken, variables);
    const again = await submit(aliceToken, variables);
    expect(again.application!.id).toBe(first.application!.id);
    const other = await submit(aliceToken, {
      ...variables,
      requestedLimit: { amount: '60000.00', currency: 'CNY' },
    });
    expect(other).toEqual({
      application: null,
      userErrors: [
        {
          field: ['idempotencyKey'],
          code: 'CONFLICT',
          message: 'This idempotency key was already used with different input.',
        },
      ],
    });
  });

  it('names each bad attribute in a userError and records nothing', async () => {
    const before = await t.gql<{ node: { creditApplications: unknown[] } }>(
      `query ($id: ID!) { node(id: $id) { ... on Borrower { creditApplications { id } } } }`,
      { token: bobToken, variables: { id: toGlobalId('Borrower', bob.id) } },
    );
    const attributes = APPROVED_A.filter((a) => a.name !== 'housing').map((a) =>
      a.name === 'purpose'
        ? { ...a, value: 'A99' }
        : a.name === 'credit_amount'
          ? { ...a, value: 'lots' }
          : a,
    );
    const { application, userErrors } = await submit(bobToken, {
      ...input(bob.id, [...attributes, { name: 'zodiac_sign', value: 'leo' }]),
      monthlyIncome: { amount: '-1', currency: 'CNY' },
    });
    expect(application).toBeNull();
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([
      ['NEGATIVE_AMOUNT', ['monthlyIncome', 'amount']],
    ]);
    const second = await submit(
      bobToken,
      input(bob.id, [...attributes, { name: 'zodiac_sign', value: 'leo' }]),
    );
    expect(second.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_ATTRIBUTE_VALUE', ['attributes', 'purpose']],
      ['INVALID_ATTRIBUTE_VALUE', ['attributes', 'credit_amount']],
      ['UNKNOWN_ATTRIBUTE', ['attributes', 'zodiac_sign']],
      ['MISSING_ATTRIBUTE', ['attributes', 'housing']],
    ]);
    const after = await t.gql<{ node: { creditApplications: unknown[] } }>(
      `query ($id: ID!) { node(id: $id) { ... on Borrower { creditApplications { id } } } }`,
      { token: bobToken, variables: { id: toGlobalId('Borrower', bob.id) } },
    );
    expect(after.data!.node.creditApplications).toEqual(before.data!.node.creditApplications);
  });

  it('refuses a borrower applying for someone else, and roles that do not apply', async () => {
    const res = await t.gql<SubmitData>(SUBMIT, {
      token: bobToken,
      variables: { input: input(alice.id) },
    });
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    for (const role of [Role.OPS, Role.COLLECTOR, Role.COMPLIANCE]) {
      const denied = await t.gql<SubmitData>(SUBMIT, {
        token: await t.token(role),
        variables: { input: input(alice.id) },
      });
      expect(errorCodes(denied)).toEqual(['FORBIDDEN']);
    }
  });

  it('lets an underwriter apply on a borrower’s behalf', async () => {
    const { application, userErrors } = await submit(
      await t.token(Role.UNDERWRITER),
      input(bob.id),
    );
    expect(userErrors).toEqual([]);
    expect(application!.status).toBe('APPROVED');
  });
});

describe('acceptCreditOffer over HTTP', () => {
  it('opens the offered line; accepting again returns the same line', async () => {
    const { application } = await submit(aliceToken, input(alice.id));
    const variables = { input: { applicationId: application!.id, idempotencyKey: 'accept-1' } };
    const first = await t.gql<AcceptData>(ACCEPT, { token: aliceToken, variables });
    expect(first.data!.acceptCreditOffer).toMatchObject({
      creditLine: {
        limit: { amount: '50000.00', currency: 'CNY' },
        available: { amount: '50000.00' },
        annualRate: '0.099',
        status: 'ACTIVE',
        borrower: { id: toGlobalId('Borrower', alice.id) },
      },
      userErrors: [],
    });
    const again = await t.gql<AcceptData>(ACCEPT, {
      token: aliceToken,
      variables: { input: { applicationId: application!.id, idempotencyKey: 'accept-2' } },
    });
    expect(again.data!.acceptCreditOffer.creditLine!.id).toBe(
      first.data!.acceptCreditOffer.creditLine!.id,
    );
    const read = await t.gql<{ creditApplication: Application }>(
      `query ($id: ID!) { creditApplication(id: $id) { offer { creditLine { id } } } }`,
      { token: aliceToken, variables: { id: application!.id } },
    );
    expect(read.data!.creditApplication.offer!.creditLine!.id).toBe(
      first.data!.acceptCreditOffer.creditLine!.id,
    );
  });

  it('is idempotent on its key: a replay returns the same line; the key for another application is a CONFLICT userError', async () => {
    const { application } = await submit(aliceToken, input(alice.id));
    const other = await submit(aliceToken, input(alice.id));
    const variables = { input: { applicationId: application!.id, idempotencyKey: 'accept-key-1' } };
    const first = await t.gql<AcceptData>(ACCEPT, { token: aliceToken, variables });
    expect(first.data!.acceptCreditOffer.userErrors).toEqual([]);
    const replay = await t.gql<AcceptData>(ACCEPT, { token: aliceToken, variables });
    expect(replay.data!.acceptCreditOffer).toEqual(first.data!.acceptCreditOffer);
    const conflict = await t.gql<AcceptData>(ACCEPT, {
      token: aliceToken,
      variables: {
        input: { applicationId: other.application!.id, idempotencyKey: 'accept-key-1' },
      },
    });
    expect(conflict.errors).toBeUndefined();
    expect(conflict.data!.acceptCreditOffer).toEqual({
      creditLine: null,
      userErrors: [
        {
          field: ['idempotencyKey'],
          code: 'CONFLICT',
          message: 'This idempotency key was already used with different input.',
        },
      ],
    });
    const read = await t.gql<{ creditApplication: Application }>(
      `query ($id: ID!) { creditApplication(id: $id) { status offer { creditLine { id } } } }`,
      { token: aliceToken, variables: { id: other.application!.id } },
    );
    expect(read.data!.creditApplication).toMatchObject({
      status: 'APPROVED',
      offer: { creditLine: null },
    });
  });

  it('refuses another borrower’s application, a declined one, and an expired offer', async () => {
    const { application } = await submit(aliceToken, input(alice.id));
    const accept = (token: string, applicationId: string) =>
      t.gql<AcceptData>(ACCEPT, {
        token,
        variables: { input: { applicationId, idempotencyKey: 'x' } },
      });
    expect(
      (await accept(bobToken, application!.id)).data!.acceptCreditOffer.userErrors[0]!.code,
    ).toBe('APPLICATION_NOT_FOUND');
    const declined = await submit(aliceToken, input(alice.id, DECLINED_E));
    expect(
      (await accept(aliceToken, declined.application!.id)).data!.acceptCreditOffer.userErrors[0]!
        .code,
    ).toBe('NO_OFFER');
    t.clock.set(new Date('2026-02-14T09:00:00Z'));
    try {
      expect(
        (await accept(aliceToken, application!.id)).data!.acceptCreditOffer.userErrors[0]!.code,
      ).toBe('OFFER_EXPIRED');
    } finally {
      t.clock.set(new Date('2026-01-15T09:00:00Z'));
    }
    expect(errorCodes(await accept(await t.token(Role.UNDERWRITER), application!.id))).toEqual([
      'FORBIDDEN',
    ]);
  });
});

describe('reviewCreditApplication over HTTP', () => {
  it('an underwriter approves a referral with a reason; then the borrower can accept it', async () => {
    const { application } = await submit(aliceToken, input(alice.id, REFERRED_D));
    expect(application).toMatchObject({
      status: 'REFERRED',
      decision: {
        outcome: 'REFERRED',
        riskGrade: 'D',
        approvedLimit: null,
        proposedLimit: { amount: '40000.00' },
        annualRate: '0.219',
      },
      offer: null,
    });
    const underwriter = await t.token(Role.UNDERWRITER, 'underwriter-7');
    const res = await t.gql<ReviewData>(REVIEW, {
      token: underwriter,
      variables: {
        input: {
          applicationId: application!.id,
          outcome: 'APPROVED',
          reason: 'Verified two years of salary slips.',
        },
      },
    });
    expect(res.data!.reviewCreditApplication).toMatchObject({
      application: {
        status: 'APPROVED',
        decision: { outcome: 'REFERRED' },
        review: { outcome: 'APPROVED', reason: 'Verified two years of salary slips.' },
        offer: { limit: { amount: '40000.00' }, annualRate: '0.219' },
      },
      userErrors: [],
    });
    const accepted = await t.gql<AcceptData>(ACCEPT, {
      token: aliceToken,
      variables: { input: { applicationId: application!.id, idempotencyKey: 'after-review' } },
    });
    expect(accepted.data!.acceptCreditOffer.creditLine!.limit.amount).toBe('40000.00');
  });

  it('only an underwriter reviews, never their own submission', async () => {
    const underwriter = await t.token(Role.UNDERWRITER, 'underwriter-9');
    const { application } = await submit(underwriter, input(bob.id, REFERRED_D));
    const variables = {
      input: {
        applicationId: application!.id,
        outcome: 'DECLINED',
        reason: 'Income could not be verified.',
      },
    };
    for (const token of [aliceToken, await t.token(Role.OPS), await t.token(Role.COMPLIANCE)]) {
      expect(errorCodes(await t.gql<ReviewData>(REVIEW, { token, variables }))).toEqual([
        'FORBIDDEN',
      ]);
    }
    const self = await t.gql<ReviewData>(REVIEW, { token: underwriter, variables });
    expect(self.data!.reviewCreditApplication.userErrors[0]!.code).toBe('SELF_REVIEW');
  });
});

describe('reading applications', () => {
  it('the borrower and credit staff read them; another borrower and collectors cannot', async () => {
    const { application } = await submit(aliceToken, input(alice.id));
    const READ = `query ($id: ID!) { creditApplication(id: $id) { id status } }`;
    for (const token of [
      aliceToken,
      await t.token(Role.UNDERWRITER),
      await t.token(Role.OPS),
      await t.token(Role.COMPLIANCE),
    ]) {
      const res = await t.gql<{ creditApplication: { id: string } }>(READ, {
        token,
        variables: { id: application!.id },
      });
      expect(res.data!.creditApplication.id).toBe(application!.id);
    }
    for (const token of [bobToken, await t.token(Role.COLLECTOR)]) {
      expect(errorCodes(await t.gql(READ, { token, variables: { id: application!.id } }))).toEqual([
        'FORBIDDEN',
      ]);
    }
    expect(
      errorCodes(await t.gql(READ, { token: aliceToken, variables: { id: 'not-an-id' } })),
    ).toEqual(['NOT_FOUND']);
    const node = await t.gql<{ node: { id: string } }>(
      `query ($id: ID!) { node(id: $id) { id ... on CreditApplication { status } } }`,
      { token: aliceToken, variables: { id: application!.id } },
    );
    expect(node.data!.node.id).toBe(application!.id);
  });

  it('lists a borrower’s applications newest first', async () => {
    const carol = await borrowerFactory(t.db.db, { displayName: 'Carol' });
    const token = await t.borrowerToken(carol.id);
    const first = await submit(token, input(carol.id));
    t.clock.set(new Date('2026-01-15T10:00:00Z'));
    const second = await submit(token, input(carol.id, DECLINED_E));
    t.clock.set(new Date('2026-01-15T09:00:00Z'));
    const res = await t.gql<{ node: { creditApplications: { id: string }[] } }>(
      `query ($id: ID!) { node(id: $id) { ... on Borrower { creditApplications { id } } } }`,
      { token, variables: { id: toGlobalId('Borrower', carol.id) } },
    );
    expect(res.data!.node.creditApplications.map((a) => a.id)).toEqual([
      second.application!.id,
      first.application!.id,
    ]);
  });
});

describe('limit management over HTTP', () => {
  const RUN = `mutation { runCreditLimitReview { businessDate reviewed kept alreadyReviewed } }`;

  it('only OPS runs it; a second run the same business day reviews nothing again', async () => {
    for (const token of [
      aliceToken,
      await t.token(Role.UNDERWRITER),
      await t.token(Role.COMPLIANCE),
    ]) {
      expect(errorCodes(await t.gql(RUN, { token }))).toEqual(['FORBIDDEN']);
    }
    const first = await t.gql<{ runCreditLimitReview: Record<string, unknown> }>(RUN, {
      token: await t.token(Role.OPS),
    });
    expect(first.errors).toBeUndefined();
    const run = first.data!.runCreditLimitReview as { reviewed: number; kept: number };
    // The lines opened by accepted offers above have no use yet: reviewed and kept as they are.
    expect(run).toMatchObject({ businessDate: '2026-01-15', alreadyReviewed: 0 });
    expect(run.reviewed).toBeGreaterThan(0);
    expect(run.kept).toBe(run.reviewed);
    const second = await t.gql<{ runCreditLimitReview: Record<string, unknown> }>(RUN, {
      token: await t.token(Role.OPS),
    });
    expect(second.data!.runCreditLimitReview).toMatchObject({
      reviewed: 0,
      alreadyReviewed: run.reviewed,
    });
  });

  it('shows the borrower the limit changes on their line (none here: nothing changed)', async () => {
    const res = await t.gql<{ node: { creditLines: { limitChanges: unknown[] }[] } }>(
      `query ($id: ID!) { node(id: $id) { ... on Borrower { creditLines { limitChanges { action } } } } }`,
      { token: aliceToken, variables: { id: toGlobalId('Borrower', alice.id) } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.node.creditLines.length).toBeGreaterThan(0);
    for (const line of res.data!.node.creditLines) expect(line.limitChanges).toEqual([]);
  });
});
