import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows } from '@lending/db';
import { Money, Role, toGlobalId } from '@lending/kernel';
import { drawdown } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

// Close of business and the limit review as jobs, seen through the API.
let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
  for (const name of ['a', 'b', 'c']) {
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
});
afterAll(() => t.stop());

const COB = `mutation ($input: RunCloseOfBusinessInput!) {
  runCloseOfBusiness(input: $input) {
    businessDate loansProcessed userErrors { code field }
    job { id kind state itemsDone itemsTotal attempts startedAt finishedAt error }
  }
}`;
const JOB = `query ($id: ID!) { job(id: $id) { id kind state itemsDone itemsTotal attempts error } }`;

interface CobPayload {
  businessDate: string | null;
  loansProcessed: number;
  userErrors: unknown[];
  job: {
    id: string;
    kind: string;
    state: string;
    itemsDone: number;
    itemsTotal: number | null;
  } | null;
}
const runCob = async (businessDate: string, waitSeconds?: number) =>
  (
    await t.gql<{ runCloseOfBusiness: CobPayload }>(COB, {
      variables: { input: { businessDate, ...(waitSeconds === undefined ? {} : { waitSeconds }) } },
    })
  ).data!.runCloseOfBusiness;

describe('close of business as a job', () => {
  it('answers with the finished job: its state, its progress in loan-days and the date reached', async () => {
    const run = await runCob('2026-01-17');
    expect(run).toMatchObject({
      businessDate: '2026-01-17',
      loansProcessed: 6,
      userErrors: [],
      job: {
        kind: 'close-of-business',
        state: 'SUCCEEDED',
        itemsDone: 6,
        itemsTotal: 6,
        attempts: 1,
      },
    });
    const seen = await t.gql<{ job: unknown }>(JOB, { variables: { id: run.job!.id } });
    expect(seen.data!.job).toMatchObject({ id: run.job!.id, state: 'SUCCEEDED', itemsDone: 6 });
  });

  it('with waitSeconds 0 answers at once with the queued job, which a client can watch finish', async () => {
    const run = await runCob('2026-01-18', 0);
    expect(run.businessDate).toBeNull();
    expect(['QUEUED', 'RUNNING', 'SUCCEEDED']).toContain(run.job!.state);
    let state = run.job!.state;
    for (let i = 0; i < 100 && state !== 'SUCCEEDED'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await t.gql<{ job: { state: string } }>(JOB, { variables: { id: run.job!.id } }))
        .data!.job.state;
    }
    expect(state).toBe('SUCCEEDED');
    expect((await t.gql('{ businessDate }')).data).toEqual({ businessDate: '2026-01-18' });
  });

  it('closes a day once when several OPS users start it at the same moment', async () => {
    const runs = await Promise.all([1, 2, 3, 4].map(() => runCob('2026-01-19')));
    expect(runs.every((r) => r.userErrors.length === 0 && r.businessDate === '2026-01-19')).toBe(
      true,
    );
    // Three loans, one day: whichever job did it, the others found it done. Callers
    // that got the same job (it was still queued) see the same output.
    const byJob = new Map(runs.map((r) => [r.job!.id, r.loansProcessed]));
    expect([...byJob.values()].reduce((sum, n) => sum + n, 0)).toBe(3);
    const [accruals] = await queryRows<{ n: number }>(
      t.db.db,
      sql`select count(*)::int as n from journal_entries where kind = 'ACCRUAL' and business_date = '2026-01-19'`,
    );
    expect(accruals?.n).toBe(3);
  });

  it('refuses a date in the past before queueing anything', async () => {
    const run = await runCob('2026-01-02');
    expect(run).toEqual({
      businessDate: null,
      loansProcessed: 0,
      userErrors: [{ code: 'DATE_IN_THE_PAST', field: ['businessDate'] }],
      job: null,
    });
  });

  it('answers a wait outside 0 to 300 seconds with BAD_USER_INPUT', async () => {
    for (const waitSeconds of [-1, 301]) {
      const res = await t.gql(COB, {
        variables: { input: { businessDate: '2026-01-20', waitSeconds } },
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    }
  });
});

describe('job(id)', () => {
  it('is FORBIDDEN to anyone but OPS', async () => {
    const run = await runCob('2026-01-20');
    for (const role of [Role.COMPLIANCE, Role.UNDERWRITER, Role.COLLECTOR]) {
      const res = await t.gql(JOB, { token: await t.token(role), variables: { id: run.job!.id } });
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    }
    const anonymous = await t.gql(JOB, { token: null, variables: { id: run.job!.id } });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers null for an id that is not a job, or no job', async () => {
    for (const id of [
      toGlobalId('Job', '0191f3a2-7b4c-7def-8123-456789012345'),
      toGlobalId('Loan', '0191f3a2-7b4c-7def-8123-456789012345'),
      'not-an-id',
    ]) {
      expect((await t.gql(JOB, { variables: { id } })).data).toEqual({ job: null });
    }
  });
});

describe('the limit review as a job', () => {
  it('runs once per business date and answers with its job', async () => {
    const RUN = `mutation { runCreditLimitReview { businessDate reviewed alreadyReviewed job { kind state } } }`;
    const first = await t.gql<{ runCreditLimitReview: Record<string, unknown> }>(RUN);
    expect(first.data!.runCreditLimitReview).toMatchObject({
      businessDate: '2026-01-20',
      job: { kind: 'credit-limit-review', state: 'SUCCEEDED' },
    });
    const second = await t.gql<{ runCreditLimitReview: Record<string, unknown> }>(RUN);
    expect(second.data!.runCreditLimitReview).toMatchObject({
      reviewed: 0,
      job: { state: 'SUCCEEDED' },
    });
  });
});
