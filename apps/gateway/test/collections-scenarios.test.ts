import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devDeliveriesTable } from '@lending/collections/schema';
import { fromGlobalIdOfType, Role, toGlobalId } from '@lending/kernel';
import { creditLineFactory } from '@lending/ledger/testing';
import { startTestGateway, type GraphQLResponse, type TestGateway } from './harness.js';

// A loan's life in collections, stepped by close of business over GraphQL, as
// the clients see it: OPS runs the day and the outbox, a collector works the
// case, the borrower pays, promises and accepts a plan, and reads it all.
//
// Three borrowers in Asia/Shanghai (CN rules), each with the loan of the
// service scenarios (packages/close-of-business/test/lifecycle.test.ts and
// hardship.test.ts), so their exact amounts apply: 3,000.00 CNY at 18 %,
// EQUAL_PRINCIPAL over 3 months, disbursed when the business date is
// 2026-01-31. Instalments 1,045.00 (Feb 28), 1,030.00 (Mar 31), 1,015.00
// (Apr 30). Penalty: 6 % a year (the 24 % cap less 18 %) on each overdue
// instalment's principal, 16 fen a day on 1,000.00. Interest accrues only
// within the schedule's periods.
//
// One business-date walk serves all three, in order:
// - Life (Jan 31 to Apr 4): reminded before the due date, a case from the first
//   day past due, a call, a promise broken, bucket moves, a promise kept, cured.
// - Plan (Apr 5 to Jul 6): a hardship plan offered, accepted, kept, completed.
// - Lost (to Aug 29): every bucket untouched, charged off at 180 days, recovered.
//
// The gateway's clock moves with the business date, to 10:00 in Shanghai
// (02:00Z) on that day: close of business, the outbox, attempts and
// payments all happen then.

let t: TestGateway;
let opsToken: string;

/** Per-test timeouts: a month or more of close of business, or a few days (generous under load). */
const WALK = 240_000;
const STEP = 90_000;

/** 10:00 in Asia/Shanghai (UTC+8, no daylight saving) on a civil date. */
const morning = (date: string) => `${date}T02:00:00.000Z`;
const cny = (amount: string) => ({ amount, currency: 'CNY' });

async function ok<T>(res: Promise<GraphQLResponse<T>>): Promise<T> {
  const r = await res;
  expect(r.errors).toBeUndefined();
  return r.data!;
}

// ------------------------------------------------------------------ operations

const RUN_COB = `mutation Cob($input: RunCloseOfBusinessInput!) {
  runCloseOfBusiness(input: $input) { businessDate loansProcessed userErrors { code message } }
}`;

let businessDate = '2026-01-15'; // the test gateway's

const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Closes every day up to `date` as OPS, one day per call, each at 10:00 in
 * Shanghai on that day: what each day writes (entries, case events, messages
 * and their not-before times) carries that day's time.
 */
async function cob(date: string): Promise<void> {
  while (businessDate < date) {
    const day = nextDay(businessDate);
    t.clock.set(new Date(morning(day)));
    const data = await ok(
      t.gql<{ runCloseOfBusiness: { businessDate: string; userErrors: unknown[] } }>(RUN_COB, {
        token: opsToken,
        variables: { input: { businessDate: day } },
      }),
    );
    expect(data.runCloseOfBusiness).toMatchObject({ businessDate: day, userErrors: [] });
    businessDate = day;
  }
  t.clock.set(new Date(morning(date)));
}

const DELIVER = `mutation { deliverOutboundMessages { sent failed refused deferred } }`;

async function deliver() {
  return (
    await ok(
      t.gql<{
        deliverOutboundMessages: {
          sent: number;
          failed: number;
          refused: number;
          deferred: number;
        };
      }>(DELIVER, { token: opsToken }),
    )
  ).deliverOutboundMessages;
}

/** What the development sender recorded for a borrower, oldest first. */
async function deliveredTo(borrower: Borrower) {
  const rows = await t.db.db
    .select()
    .from(devDeliveriesTable)
    .where(eq(devDeliveriesTable.borrowerId, borrower.id));
  return rows
    .sort((a, b) => a.deliveredAt.getTime() - b.deliveredAt.getTime())
    .map((r) => ({ channel: r.channel, body: r.body, deliveredAt: r.deliveredAt.toISOString() }));
}

const CASE_FIELDS = `
  id status bucket daysPastDue amountOverdue { amount currency } assignedTo brokenPromises
  openedOn resolution resolvedOn resolvedAt
  bucketHistory { bucket from to }
  history { kind actorId businessDate reason }
  attempts { channel target outcome refusedBy at }
  promises { amount { amount } dueDate status }
  hardshipPlans { id status extendTermMonths waivePenalties reducedAnnualRate expiresOn
    capitalised { amount } waived { amount } acceptedAt }
  messages { template channel status notBefore body }
  nextAction { channel earliestAt reason }
  loan { id status daysPastDue }`;

interface CaseView {
  id: string;
  status: string;
  bucket: string;
  daysPastDue: number;
  amountOverdue: { amount: string; currency: string };
  assignedTo: string | null;
  brokenPromises: number;
  openedOn: string;
  resolution: string | null;
  resolvedOn: string | null;
  resolvedAt: string | null;
  bucketHistory: { bucket: string; from: string; to: string | null }[];
  history: { kind: string; actorId: string; businessDate: string; reason: string | null }[];
  attempts: {
    channel: string;
    target: string;
    outcome: string;
    refusedBy: string | null;
    at: string;
  }[];
  promises: { amount: { amount: string }; dueDate: string; status: string }[];
  hardshipPlans: {
    id: string;
    status: string;
    extendTermMonths: number;
    waivePenalties: boolean;
    reducedAnnualRate: string | null;
    expiresOn: string;
    capitalised: { amount: string } | null;
    waived: { amount: string } | null;
    acceptedAt: string | null;
  }[];
  messages: {
    template: string;
    channel: string;
    status: string;
    notBefore: string;
    body: string;
  }[];
  nextAction: { channel: string; earliestAt: string; reason: string } | null;
  loan: { id: string; status: string; daysPastDue: number };
}

/** The borrower's own cases, read with the borrower's token. */
async function ownCases(borrower: Borrower): Promise<CaseView[]> {
  const data = await ok(
    t.gql<{ borrower: { collectionCases: CaseView[] } }>(
      `query Own($id: ID!) { borrower(id: $id) { collectionCases { ${CASE_FIELDS} } } }`,
      { token: borrower.token, variables: { id: borrower.gid } },
    ),
  );
  return data.borrower.collectionCases;
}

/** One case as `token` (OPS by default) sees it. */
async function readCase(id: string, token = opsToken): Promise<CaseView> {
  const data = await ok(
    t.gql<{ collectionCase: CaseView }>(
      `query Case($id: ID!) { collectionCase(id: $id) { ${CASE_FIELDS} } }`,
      { token, variables: { id } },
    ),
  );
  return data.collectionCase;
}

const summary = (c: CaseView) => [
  c.status,
  c.bucket,
  c.daysPastDue,
  c.amountOverdue.amount,
  c.resolution,
];

const QUEUE = `query Queue($bucket: DelinquencyBucket) {
  collectionsQueue(first: 100, bucket: $bucket) {
    edges { node { id bucket daysPastDue amountOverdue { amount } brokenPromises status } }
  }
}`;

async function queue(token = opsToken, bucket: string | null = null) {
  const data = await ok(
    t.gql<{
      collectionsQueue: {
        edges: {
          node: {
            id: string;
            bucket: string;
            daysPastDue: number;
            amountOverdue: { amount: string };
            brokenPromises: number;
            status: string;
          };
        }[];
      };
    }>(QUEUE, { token, variables: { bucket } }),
  );
  return data.collectionsQueue.edges.map((e) => e.node);
}

const REPAY = `mutation Repay($input: MakeRepaymentInput!) {
  makeRepayment(input: $input) {
    allocation { principal { amount } interest { amount } penalty { amount } fees { amount }
      excess { amount } recovery { amount } }
    loan { status daysPastDue }
    userErrors { code message }
  }
}`;

/** The borrower repays on their own loan. */
async function repay(borrower: Borrower, amount: string, key: string) {
  const data = await ok(
    t.gql<{
      makeRepayment: {
        allocation: Record<string, { amount: string }> | null;
        loan: { status: string; daysPastDue: number } | null;
        userErrors: unknown[];
      };
    }>(REPAY, {
      token: borrower.token,
      variables: { input: { loanId: borrower.loanId, amount: cny(amount), idempotencyKey: key } },
    }),
  );
  expect(data.makeRepayment.userErrors).toEqual([]);
  const a = data.makeRepayment.allocation!;
  return {
    allocation: Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.amount])),
    loan: data.makeRepayment.loan!,
  };
}

const LOAN = `query Loan($id: ID!) {
  loan(id: $id) {
    status daysPastDue annualRate termMonths payoffAmount { amount }
    outstanding { principal { amount } interest { amount } penalty { amount } total { amount } }
    schedule { number dueDate principalDue { amount } interestDue { amount } status }
  }
}`;

interface LoanView {
  status: string;
  daysPastDue: number;
  annualRate: string;
  termMonths: number;
  payoffAmount: { amount: string };
  outstanding: Record<'principal' | 'interest' | 'penalty' | 'total', { amount: string }>;
  schedule: {
    number: number;
    dueDate: string;
    principalDue: { amount: string };
    interestDue: { amount: string };
    status: string;
  }[];
}

async function loanOf(borrower: Borrower): Promise<LoanView> {
  return (
    await ok(
      t.gql<{ loan: LoanView }>(LOAN, {
        token: borrower.token,
        variables: { id: borrower.loanId },
      }),
    )
  ).loan;
}

const TRANSACTIONS = `query Txs($id: ID!, $after: String) {
  loan(id: $id) {
    transactions(first: 100, after: $after) {
      edges { node { kind amount { amount } businessDate } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** Every transaction on the borrower's loan, through every page. */
async function transactionsOf(borrower: Borrower) {
  const all: { kind: string; amount: string; businessDate: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const data: {
      loan: {
        transactions: {
          edges: { node: { kind: string; amount: { amount: string }; businessDate: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
    } = await ok(
      t.gql(TRANSACTIONS, { token: borrower.token, variables: { id: borrower.loanId, after } }),
    );
    const page = data.loan.transactions;
    all.push(...page.edges.map(({ node: n }) => ({ ...n, amount: n.amount.amount })));
    if (!page.pageInfo.hasNextPage) return all;
    after = page.pageInfo.endCursor;
  }
}

const TRIAL_BALANCE = `{ trialBalance(currency: "CNY") {
  accounts { account debits { amount } credits { amount } } totalDebits { amount } totalCredits { amount }
} }`;

async function trialBalance() {
  const data = await ok(
    t.gql<{
      trialBalance: {
        accounts: { account: string; debits: { amount: string }; credits: { amount: string } }[];
        totalDebits: { amount: string };
        totalCredits: { amount: string };
      };
    }>(TRIAL_BALANCE, { token: opsToken }),
  );
  return data.trialBalance;
}

// ------------------------------------------------------------------ borrowers

interface Borrower {
  name: string;
  id: string;
  gid: string;
  token: string;
  loanId: string;
}

const REGISTER = `mutation Register($input: RegisterBorrowerInput!) {
  registerBorrower(input: $input) { borrower { id jurisdiction timeZone } userErrors { code message } }
}`;

const DRAWDOWN = `mutation Draw($input: DrawdownInput!) {
  drawdown(input: $input) {
    loan { id disbursedOn status schedule { number dueDate principalDue { amount } interestDue { amount } } }
    userErrors { code message }
  }
}`;

/** Registered by OPS over GraphQL; the line from the ledger's factory; the drawdown by the borrower. */
async function newBorrowerWithLoan(name: string): Promise<Borrower> {
  const registered = await ok(
    t.gql<{
      registerBorrower: {
        borrower: { id: string; jurisdiction: string; timeZone: string } | null;
        userErrors: unknown[];
      };
    }>(REGISTER, {
      token: opsToken,
      variables: {
        input: {
          displayName: name,
          timeZone: 'Asia/Shanghai',
          jurisdiction: 'CN',
          contactPoints: [{ kind: 'EMAIL', value: `${name.toLowerCase()}@example.cn` }],
          idempotencyKey: `register-${name}`,
        },
      },
    }),
  );
  expect(registered.registerBorrower).toMatchObject({
    borrower: { jurisdiction: 'CN', timeZone: 'Asia/Shanghai' },
    userErrors: [],
  });
  const gid = registered.registerBorrower.borrower!.id;
  const id = fromGlobalIdOfType(gid, 'Borrower')!;
  const token = await t.borrowerToken(id);
  // No mutation opens a line without an approved application: the factory does.
  const line = await creditLineFactory(t.db.db, id, { limit: '10000.00' }, t.clock);
  const drawn = await ok(
    t.gql<{
      drawdown: {
        loan: {
          id: string;
          disbursedOn: string;
          status: string;
          schedule: unknown[];
        } | null;
        userErrors: unknown[];
      };
    }>(DRAWDOWN, {
      token,
      variables: {
        input: {
          creditLineId: toGlobalId('CreditLine', line.id),
          amount: cny('3000.00'),
          termMonths: 3,
          repaymentMethod: 'EQUAL_PRINCIPAL',
          idempotencyKey: `draw-${name}`,
        },
      },
    }),
  );
  expect(drawn.drawdown.userErrors).toEqual([]);
  expect(drawn.drawdown.loan).toMatchObject({
    disbursedOn: '2026-01-31',
    status: 'ACTIVE',
    schedule: [
      {
        number: 1,
        dueDate: '2026-02-28',
        principalDue: { amount: '1000.00' },
        interestDue: { amount: '45.00' },
      },
      {
        number: 2,
        dueDate: '2026-03-31',
        principalDue: { amount: '1000.00' },
        interestDue: { amount: '30.00' },
      },
      {
        number: 3,
        dueDate: '2026-04-30',
        principalDue: { amount: '1000.00' },
        interestDue: { amount: '15.00' },
      },
    ],
  });
  return { name, id, gid, token, loanId: drawn.drawdown.loan!.id };
}

let life: Borrower;
let plan: Borrower;
let lost: Borrower;

beforeAll(async () => {
  t = await startTestGateway();
  opsToken = await t.token(Role.OPS);
  await cob('2026-01-31');
  life = await newBorrowerWithLoan('Life');
  plan = await newBorrowerWithLoan('Plan');
  lost = await newBorrowerWithLoan('Lost');
}, WALK);
afterAll(() => t.stop());

// ------------------------------------------------------------------ Life

const COLLECTOR = 'collector-life';

const ASSIGN = `mutation Assign($input: AssignCollectionCaseInput!) {
  assignCollectionCase(input: $input) { collectionCase { id assignedTo } userErrors { code message } }
}`;

const LOG = `mutation Log($input: LogContactAttemptInput!) {
  logContactAttempt(input: $input) {
    attempt { channel target outcome refusedBy at }
    userErrors { code message field }
  }
}`;

const PROMISE = `mutation Promise($input: RecordPromiseToPayInput!) {
  recordPromiseToPay(input: $input) {
    promise { amount { amount } dueDate status }
    userErrors { code message }
  }
}`;

async function promise(token: string, caseId: string, amount: string, dueDate: string) {
  const data = await ok(
    t.gql<{
      recordPromiseToPay: {
        promise: { amount: { amount: string }; dueDate: string; status: string } | null;
        userErrors: unknown[];
      };
    }>(PROMISE, { token, variables: { input: { caseId, amount: cny(amount), dueDate } } }),
  );
  expect(data.recordPromiseToPay.userErrors).toEqual([]);
  return data.recordPromiseToPay.promise;
}

describe('a loan through collections, day by day', () => {
  let caseId: string;

  it(
    'reminds three days before the first due date, once, at 10:00 in the borrower’s zone, through the dev sender',
    async () => {
      await cob('2026-02-25');
      // The three borrowers' first instalments fall due on Feb 28: one push reminder each.
      expect(await deliver()).toEqual({ sent: 3, failed: 0, refused: 0, deferred: 0 });
      const reminder = {
        channel: 'PUSH',
        body: '温馨提示：您有一期 1045.00 CNY 的还款将于 2026-02-28 到期。',
        deliveredAt: morning('2026-02-25'),
      };
      expect(await deliveredTo(life)).toEqual([reminder]);
      await cob('2026-02-26');
      expect(await deliver()).toEqual({ sent: 0, failed: 0, refused: 0, deferred: 0 });
      expect(await deliveredTo(life)).toEqual([reminder]);
      // Not past due yet: no case.
      expect(await ownCases(life)).toEqual([]);
    },
    WALK,
  );

  it(
    'opens a case the first day past due, in DPD_1_30, and sends the overdue SMS it planned',
    async () => {
      await cob('2026-03-01');
      const own = await ownCases(life);
      expect(own.map(summary)).toEqual([['OPEN', 'DPD_1_30', 1, '1045.16', null]]);
      caseId = own[0]!.id;
      const c = await readCase(caseId);
      expect(c).toMatchObject({
        openedOn: '2026-03-01',
        assignedTo: null,
        bucketHistory: [{ bucket: 'DPD_1_30', from: '2026-03-01', to: null }],
        history: [
          { kind: 'CASE_OPENED', actorId: 'close-of-business', businessDate: '2026-03-01' },
        ],
        loan: { id: life.loanId, status: 'DELINQUENT', daysPastDue: 1 },
        messages: [
          {
            template: 'OVERDUE_NOTICE',
            channel: 'SMS',
            status: 'PLANNED',
            notBefore: morning('2026-03-01'),
            body: '您的还款 1045.16 CNY 已逾期。请在应用中还款，或联系我们了解还款计划。',
          },
        ],
        nextAction: {
          channel: 'SMS',
          earliestAt: morning('2026-03-01'),
          reason: 'Tell the borrower the payment is overdue',
        },
      });
      // The three loans are alike: three cases in the queue, all in DPD_1_30.
      expect((await queue()).map((n) => [n.bucket, n.daysPastDue, n.amountOverdue.amount])).toEqual(
        Array(3).fill(['DPD_1_30', 1, '1045.16']),
      );

      expect(await deliver()).toEqual({ sent: 3, failed: 0, refused: 0, deferred: 0 });
      const sent = await readCase(caseId);
      expect(sent.messages.map((m) => [m.template, m.status])).toEqual([
        ['OVERDUE_NOTICE', 'SENT'],
      ]);
      expect((await deliveredTo(life)).at(-1)).toEqual({
        channel: 'SMS',
        body: '您的还款 1045.16 CNY 已逾期。请在应用中还款，或联系我们了解还款计划。',
        deliveredAt: morning('2026-03-01'),
      });
      // Sent: nothing else is due at 1 day past due.
      expect(sent.nextAction).toBeNull();
    },
    STEP,
  );

  it(
    'pushes a reminder at 3 days past due and, from 8, asks for a call: a collector takes the case and calls within the rules',
    async () => {
      await cob('2026-03-03');
      expect(await deliver()).toEqual({ sent: 3, failed: 0, refused: 0, deferred: 0 });
      expect((await deliveredTo(life)).at(-1)).toEqual({
        channel: 'PUSH',
        body: '您有 1045.48 CNY 逾期未还。如有困难，我们可以提供帮助。',
        deliveredAt: morning('2026-03-03'),
      });

      await cob('2026-03-08');
      const before = await readCase(caseId);
      expect(summary(before)).toEqual(['OPEN', 'DPD_1_30', 8, '1046.28', null]);
      expect(before.nextAction).toEqual({
        channel: 'CALL',
        earliestAt: morning('2026-03-08'),
        reason: 'Call the borrower',
      });

      const collector = await t.token(Role.COLLECTOR, COLLECTOR);
      // Unassigned, the case is in the collector's queue; they take it for themself.
      expect((await queue(collector)).map((n) => n.id)).toContain(caseId);
      const taken = await ok(
        t.gql<{ assignCollectionCase: { collectionCase: { assignedTo: string }; userErrors: [] } }>(
          ASSIGN,
          { token: collector, variables: { input: { caseId, collectorId: COLLECTOR } } },
        ),
      );
      expect(taken.assignCollectionCase).toEqual({
        collectionCase: { id: caseId, assignedTo: COLLECTOR },
        userErrors: [],
      });

      // A call logged at 07:30 in Shanghai is refused by the quiet hours, and recorded.
      const early = await ok(
        t.gql<{ logContactAttempt: { attempt: unknown; userErrors: { code: string }[] } }>(LOG, {
          token: collector,
          variables: {
            input: {
              caseId,
              channel: 'CALL',
              target: 'BORROWER',
              outcome: 'NO_ANSWER',
              at: '2026-03-07T23:30:00Z',
            },
          },
        }),
      );
      expect(early.logContactAttempt.attempt).toEqual({
        channel: 'CALL',
        target: 'BORROWER',
        outcome: 'REFUSED',
        refusedBy: 'QUIET_HOURS',
        at: '2026-03-07T23:30:00.000Z',
      });
      expect(early.logContactAttempt.userErrors.map((e) => e.code)).toEqual(['QUIET_HOURS']);
      // At 10:00 (now) the call is allowed: the borrower answers.
      const call = await ok(
        t.gql<{ logContactAttempt: { attempt: unknown; userErrors: unknown[] } }>(LOG, {
          token: collector,
          variables: {
            input: { caseId, channel: 'CALL', target: 'BORROWER', outcome: 'CONNECTED' },
          },
        }),
      );
      expect(call.logContactAttempt).toEqual({
        attempt: {
          channel: 'CALL',
          target: 'BORROWER',
          outcome: 'CONNECTED',
          refusedBy: null,
          at: morning('2026-03-08'),
        },
        userErrors: [],
      });
      // Just contacted, the case goes behind the two never contacted.
      expect((await queue(opsToken, 'DPD_1_30')).map((n) => n.id).indexOf(caseId)).toBe(2);
    },
    STEP,
  );

  it(
    'records a promise made on the call; unpaid by its due date it is BROKEN, raises the case’s priority and the strategy resumes',
    async () => {
      const collector = await t.token(Role.COLLECTOR, COLLECTOR);
      expect(await promise(collector, caseId, '500.00', '2026-03-10')).toEqual({
        amount: { amount: '500.00' },
        dueDate: '2026-03-10',
        status: 'PENDING',
      });
      const promised = await readCase(caseId, collector);
      expect(promised.status).toBe('PROMISED');
      // Under a promise the strategy only reminds of it, from 08:00 on its due date.
      expect(promised.nextAction).toEqual({
        channel: 'PUSH',
        earliestAt: '2026-03-10T00:00:00.000Z',
        reason: 'Remind of the promise to pay 500.00 CNY due 2026-03-10',
      });

      await cob('2026-03-10');
      expect((await readCase(caseId)).promises.map((p) => p.status)).toEqual(['PENDING']);
      await cob('2026-03-11');
      const broken = await readCase(caseId);
      expect([broken.status, broken.brokenPromises, broken.promises]).toEqual([
        'OPEN',
        1,
        [{ amount: { amount: '500.00' }, dueDate: '2026-03-10', status: 'BROKEN' }],
      ]);
      expect(summary(broken)).toEqual(['OPEN', 'DPD_1_30', 11, '1046.76', null]);
      expect(broken.nextAction).toEqual({
        channel: 'CALL',
        earliestAt: morning('2026-03-11'),
        reason: 'Call the borrower',
      });
      // Same bucket and amount as the other two: the broken promise puts it first.
      expect((await queue(opsToken, 'DPD_1_30')).map((n) => n.id).indexOf(caseId)).toBe(0);
      expect(broken.history.map((e) => [e.kind, e.actorId, e.businessDate])).toEqual([
        ['CASE_OPENED', 'close-of-business', '2026-03-01'],
        ['ASSIGNED', COLLECTOR, '2026-03-08'],
        ['PROMISE_RECORDED', COLLECTOR, '2026-03-08'],
        ['PROMISE_BROKEN', 'close-of-business', '2026-03-11'],
      ]);
    },
    STEP,
  );

  it(
    'follows the loan: 30 days past due is still DPD_1_30; 31 moves to DPD_31_60, with a formal notice offering a hardship plan',
    async () => {
      await cob('2026-03-30');
      expect(summary(await readCase(caseId))).toEqual(['OPEN', 'DPD_1_30', 30, '1049.80', null]);
      await cob('2026-03-31');
      const c = await readCase(caseId);
      expect(summary(c)).toEqual(['OPEN', 'DPD_31_60', 31, '1049.96', null]);
      expect(c.bucketHistory).toEqual([
        { bucket: 'DPD_1_30', from: '2026-03-01', to: '2026-03-30' },
        { bucket: 'DPD_31_60', from: '2026-03-31', to: null },
      ]);
      // Running the closed day again changes nothing.
      const again = await ok(
        t.gql<{ runCloseOfBusiness: unknown }>(RUN_COB, {
          token: opsToken,
          variables: { input: { businessDate: '2026-03-31' } },
        }),
      );
      expect(again.runCloseOfBusiness).toEqual({
        businessDate: '2026-03-31',
        loansProcessed: 0,
        userErrors: [],
      });
      expect(await readCase(caseId)).toEqual(c);
      const notice =
        '正式通知：您的借款已逾期 31 天，逾期金额 1049.96 CNY。如您经济困难，可申请困难还款计划（延长期限、减免罚息）。';
      expect(c.messages.at(-1)).toEqual({
        template: 'FORMAL_NOTICE',
        channel: 'LETTER',
        status: 'PLANNED',
        notBefore: morning('2026-03-31'),
        body: notice,
      });
      expect(c.nextAction).toEqual({
        channel: 'LETTER',
        earliestAt: morning('2026-03-31'),
        reason: 'Formal notice with a hardship offer',
      });
      // Three formal notices, and the reminders planned on Mar 28 for the second instalment.
      expect(await deliver()).toEqual({ sent: 6, failed: 0, refused: 0, deferred: 0 });
      expect((await deliveredTo(life)).slice(-2)).toEqual([
        {
          channel: 'PUSH',
          body: '温馨提示：您有一期 1030.00 CNY 的还款将于 2026-03-31 到期。',
          deliveredAt: morning('2026-03-31'),
        },
        { channel: 'LETTER', body: notice, deliveredAt: morning('2026-03-31') },
      ]);
      expect((await readCase(caseId)).nextAction).toEqual({
        channel: 'CALL',
        earliestAt: morning('2026-03-31'),
        reason: 'Call the borrower about a hardship plan',
      });
    },
    WALK,
  );

  it(
    'keeps a promise the borrower makes: what settles the first instalment, paid before its due date; the case returns to DPD_1_30',
    async () => {
      // What settles the first instalment on Apr 2: 1,045.00 and 33 days of penalty (5.28).
      expect(await promise(life.token, caseId, '1050.28', '2026-04-03')).toMatchObject({
        status: 'PENDING',
      });
      expect((await readCase(caseId)).status).toBe('PROMISED');
      await cob('2026-04-02');
      expect((await repay(life, '1050.28', 'life-promise')).allocation).toEqual({
        principal: '1000.00',
        interest: '45.00',
        penalty: '5.28',
        fees: '0.00',
        excess: '0.00',
        recovery: '0.00',
      });
      // At once, not at the next close: the promise is kept and the case follows the loan.
      const paid = await readCase(caseId);
      expect(paid.promises.map((p) => [p.amount.amount, p.dueDate, p.status])).toEqual([
        ['500.00', '2026-03-10', 'BROKEN'],
        ['1050.28', '2026-04-03', 'KEPT'],
      ]);
      // Still behind on the second instalment (due Mar 31), 2 days of penalty on it.
      expect(summary(paid)).toEqual(['OPEN', 'DPD_1_30', 2, '1030.32', null]);
      expect(paid.bucketHistory).toEqual([
        { bucket: 'DPD_1_30', from: '2026-03-01', to: '2026-03-30' },
        { bucket: 'DPD_31_60', from: '2026-03-31', to: '2026-04-01' },
        { bucket: 'DPD_1_30', from: '2026-04-02', to: null },
      ]);
      expect(paid.history.slice(-2).map((e) => [e.kind, e.actorId, e.businessDate])).toEqual([
        ['PROMISE_KEPT', 'repayment', '2026-04-02'],
        ['BUCKET_CHANGED', 'repayment', '2026-04-02'],
      ]);
      await cob('2026-04-03');
      const c = await readCase(caseId);
      // A day later, 3 days of penalty on it; the bucket is where the repayment put it.
      expect(summary(c)).toEqual(['OPEN', 'DPD_1_30', 3, '1030.48', null]);
      expect(c.bucketHistory).toEqual(paid.bucketHistory);
    },
    STEP,
  );

  it(
    'resolves the case as CURED once nothing is past due; the borrower sees it all',
    async () => {
      expect((await repay(life, '1030.48', 'life-cure')).allocation).toMatchObject({
        principal: '1000.00',
        interest: '30.00',
        penalty: '0.48',
      });
      // Resolved by the repayment itself, at its moment: the next read shows it.
      const [c] = await ownCases(life);
      expect(summary(c!)).toEqual(['RESOLVED', 'DPD_1_30', 0, '0.00', 'CURED']);
      expect(c).toMatchObject({
        id: caseId,
        resolvedOn: '2026-04-03',
        resolvedAt: morning('2026-04-03'),
        assignedTo: COLLECTOR,
        nextAction: null,
        // The borrower sees every attempt made about them, the refused one too, and their promises.
        attempts: [
          { channel: 'CALL', outcome: 'REFUSED', refusedBy: 'QUIET_HOURS' },
          { channel: 'CALL', outcome: 'CONNECTED', refusedBy: null },
        ],
        promises: [{ status: 'BROKEN' }, { status: 'KEPT' }],
      });
      // Entered on Apr 2 and left on Apr 3, when the case was resolved: Apr 2 was its last full day there.
      expect(c!.bucketHistory.at(-1)).toEqual({
        bucket: 'DPD_1_30',
        from: '2026-04-02',
        to: '2026-04-02',
      });
      // Every action on the case, with who did it and on which business date.
      expect(c!.history.map((e) => [e.kind, e.actorId, e.businessDate])).toEqual([
        ['CASE_OPENED', 'close-of-business', '2026-03-01'],
        ['ASSIGNED', COLLECTOR, '2026-03-08'],
        ['PROMISE_RECORDED', COLLECTOR, '2026-03-08'],
        ['PROMISE_BROKEN', 'close-of-business', '2026-03-11'],
        ['BUCKET_CHANGED', 'close-of-business', '2026-03-31'],
        ['PROMISE_RECORDED', life.gid, '2026-03-31'],
        ['PROMISE_KEPT', 'repayment', '2026-04-02'],
        ['BUCKET_CHANGED', 'repayment', '2026-04-02'],
        ['CASE_RESOLVED', 'repayment', '2026-04-03'],
      ]);
      // Resolved: out of the queue.
      expect((await queue()).map((n) => n.id)).not.toContain(caseId);
      await cob('2026-04-04');
      // The loan goes on, current: its third instalment is still to come.
      const loan = await loanOf(life);
      expect([loan.status, loan.daysPastDue, loan.outstanding.principal.amount]).toEqual([
        'ACTIVE',
        0,
        '1000.00',
      ]);
      // Paid off early: 1,000.00 and the 4 days of the period's 15.00 accrued so far.
      expect(loan.payoffAmount.amount).toBe('1002.00');
      expect(await repay(life, '1002.00', 'life-payoff')).toEqual({
        allocation: {
          principal: '1000.00',
          interest: '2.00',
          penalty: '0.00',
          fees: '0.00',
          excess: '0.00',
          recovery: '0.00',
        },
        loan: { status: 'PAID_OFF', daysPastDue: 0 },
      });
    },
    STEP,
  );
});

// ------------------------------------------------------------------ Plan

const PLAN_COLLECTOR = 'collector-plan';

const OFFER = `mutation Offer($input: OfferHardshipPlanInput!) {
  offerHardshipPlan(input: $input) {
    plan { id status extendTermMonths waivePenalties reducedAnnualRate expiresOn capitalised { amount } waived { amount } acceptedAt }
    userErrors { code message field }
  }
}`;

const ACCEPT = `mutation Accept($input: AcceptHardshipPlanInput!) {
  acceptHardshipPlan(input: $input) {
    plan { id status capitalised { amount } waived { amount } acceptedAt }
    userErrors { code message field }
  }
}`;

describe('a hardship plan, accepted and kept', () => {
  let caseId: string;
  let planId: string;

  it(
    'is offered by the assigned collector on the overdue loan, and the borrower sees the option',
    async () => {
      // The plan loan missed its Feb 28 and Mar 31 instalments; the days up to Apr 5 are closed.
      await cob('2026-04-05');
      const [own] = await ownCases(plan);
      caseId = own!.id;
      expect(summary(own!)).toEqual(['OPEN', 'DPD_31_60', 36, '2081.56', null]);
      const assigned = await ok(
        t.gql<{ assignCollectionCase: { userErrors: unknown[] } }>(ASSIGN, {
          token: opsToken,
          variables: { input: { caseId, collectorId: PLAN_COLLECTOR } },
        }),
      );
      expect(assigned.assignCollectionCase.userErrors).toEqual([]);
      const offered = await ok(
        t.gql<{ offerHardshipPlan: { plan: { id: string } | null; userErrors: unknown[] } }>(
          OFFER,
          {
            token: await t.token(Role.COLLECTOR, PLAN_COLLECTOR),
            variables: {
              input: {
                caseId,
                extendTermMonths: 3,
                waivePenalties: true,
                reducedAnnualRate: '0.12',
                expiresInDays: 7,
                reason: 'lost her job in March',
              },
            },
          },
        ),
      );
      expect(offered.offerHardshipPlan).toEqual({
        plan: {
          id: expect.any(String),
          status: 'OFFERED',
          extendTermMonths: 3,
          waivePenalties: true,
          reducedAnnualRate: '0.12',
          expiresOn: '2026-04-12',
          capitalised: null,
          waived: null,
          acceptedAt: null,
        },
        userErrors: [],
      });
      planId = offered.offerHardshipPlan.plan!.id;
      const [seen] = await ownCases(plan);
      expect(seen!.hardshipPlans).toEqual([offered.offerHardshipPlan.plan]);
    },
    STEP,
  );

  it(
    'restructures the loan when the borrower accepts: interest capitalised, penalties waived, a longer term at a lower rate',
    async () => {
      const accepted = await ok(
        t.gql<{ acceptHardshipPlan: unknown }>(ACCEPT, {
          token: plan.token,
          variables: { input: { planId } },
        }),
      );
      // Interest owed: 45.00 + 30.00 overdue, and 5 of 30 days of the third period's 15.00 = 2.50.
      // Penalty: 36 days on the first 1,000.00 and 5 days on the second, 16 fen a day: 6.56.
      expect(accepted.acceptHardshipPlan).toEqual({
        plan: {
          id: planId,
          status: 'ACTIVE',
          capitalised: { amount: '77.50' },
          waived: { amount: '6.56' },
          acceptedAt: morning('2026-04-05'),
        },
        userErrors: [],
      });
      const c = await readCase(caseId);
      expect([c.status, c.nextAction, c.hardshipPlans.map((p) => p.status)]).toEqual([
        'HARDSHIP',
        null,
        ['ACTIVE'],
      ]);
      expect(c.history.slice(-3).map((e) => [e.kind, e.actorId, e.reason])).toEqual([
        ['ASSIGNED', 'ops-1', null],
        ['PLAN_OFFERED', PLAN_COLLECTOR, 'lost her job in March'],
        ['PLAN_ACCEPTED', plan.gid, null],
      ]);
      // 3,000.00 and the 77.50 capitalised, over the 1 instalment left and 3 more months, at 12 %.
      const loan = await loanOf(plan);
      expect([loan.status, loan.daysPastDue, loan.annualRate]).toEqual(['ACTIVE', 0, '0.12']);
      expect(loan.outstanding).toEqual({
        principal: { amount: '3077.50' },
        interest: { amount: '0.00' },
        penalty: { amount: '0.00' },
        total: { amount: '3077.50' },
      });
      expect(
        loan.schedule.map((i) => [
          i.number,
          i.dueDate,
          i.principalDue.amount,
          i.interestDue.amount,
          i.status,
        ]),
      ).toEqual([
        [1, '2026-05-05', '512.92', '30.78', 'PENDING'],
        [2, '2026-06-05', '512.92', '25.65', 'PENDING'],
        [3, '2026-07-05', '512.92', '20.52', 'PENDING'],
        [4, '2026-08-05', '512.92', '15.39', 'PENDING'],
        [5, '2026-09-05', '512.92', '10.26', 'PENDING'],
        [6, '2026-10-05', '512.90', '5.13', 'PENDING'],
      ]);
      // Posted as one RESTRUCTURE entry (77.50 capitalised, 6.56 waived) that keeps the books balanced.
      expect((await transactionsOf(plan)).filter((n) => n.kind === 'RESTRUCTURE')).toEqual([
        { kind: 'RESTRUCTURE', amount: '84.06', businessDate: '2026-04-05' },
      ]);
      const tb = await trialBalance();
      expect(tb.totalDebits).toEqual(tb.totalCredits);
    },
    STEP,
  );

  // After the restructure the Loan shows the schedule in force: the plan's rate and term.
  it('shows the restructured term on Loan.termMonths, as it shows the reduced rate on annualRate', async () => {
    const loan = await loanOf(plan);
    expect([loan.annualRate, loan.termMonths, loan.schedule.length]).toEqual(['0.12', 6, 6]);
  });

  it(
    'is kept while its instalments are paid on their due dates: the case stays under the plan, CURRENT, with no penalty',
    async () => {
      await cob('2026-04-06');
      const current = await readCase(caseId);
      expect(summary(current)).toEqual(['HARDSHIP', 'CURRENT', 0, '0.00', null]);
      expect(current.bucketHistory).toEqual([
        { bucket: 'DPD_1_30', from: '2026-03-01', to: '2026-03-30' },
        { bucket: 'DPD_31_60', from: '2026-03-31', to: '2026-04-05' },
        { bucket: 'CURRENT', from: '2026-04-06', to: null },
      ]);

      const instalments: [string, string, string, string, string, number][] = [
        // due date, paid, principal, interest, principal outstanding after, messages sent that day
        // (May 5: this reminder and Lost's of Apr 27; Jun 5: this one and Lost's pre-legal notice)
        ['2026-05-05', '543.70', '512.92', '30.78', '2564.58', 2],
        ['2026-06-05', '538.57', '512.92', '25.65', '2051.66', 2],
      ];
      for (const [due, amount, principal, interest, left, sent] of instalments) {
        await cob(due);
        expect(await deliver()).toEqual({ sent, failed: 0, refused: 0, deferred: 0 });
        // Reminded three days before the due date (planned for 10:00 then, sent today).
        expect((await deliveredTo(plan)).at(-1)).toEqual({
          channel: 'PUSH',
          body: `温馨提示：您有一期 ${amount} CNY 的还款将于 ${due} 到期。`,
          deliveredAt: morning(due),
        });
        expect((await repay(plan, amount, `plan-${due}`)).allocation).toEqual({
          principal,
          interest,
          penalty: '0.00',
          fees: '0.00',
          excess: '0.00',
          recovery: '0.00',
        });
        await cob(nextDay(due));
        expect(summary(await readCase(caseId))).toEqual(['HARDSHIP', 'CURRENT', 0, '0.00', null]);
        const loan = await loanOf(plan);
        expect([
          loan.daysPastDue,
          loan.outstanding.principal.amount,
          loan.outstanding.penalty.amount,
        ]).toEqual([0, left, '0.00']);
      }
    },
    WALK,
  );

  it(
    'completes when the borrower pays the loan off: the plan COMPLETED, the case RESOLVED as PAID_OFF',
    async () => {
      await cob('2026-07-05');
      expect(await deliver()).toEqual({ sent: 1, failed: 0, refused: 0, deferred: 0 });
      expect((await deliveredTo(plan)).at(-1)?.body).toBe(
        '温馨提示：您有一期 533.44 CNY 的还款将于 2026-07-05 到期。',
      );
      // The third plan instalment is due today: 2,051.66 of principal and its 20.52 of interest;
      // nothing of the next period has accrued yet.
      expect((await loanOf(plan)).payoffAmount.amount).toBe('2072.18');
      expect(await repay(plan, '2072.18', 'plan-payoff')).toEqual({
        allocation: {
          principal: '2051.66',
          interest: '20.52',
          penalty: '0.00',
          fees: '0.00',
          excess: '0.00',
          recovery: '0.00',
        },
        loan: { status: 'PAID_OFF', daysPastDue: 0 },
      });
      // At once: the same business date, the repayment's moment.
      const [c] = await ownCases(plan);
      expect(summary(c!)).toEqual(['RESOLVED', 'CURRENT', 0, '0.00', 'PAID_OFF']);
      expect(c).toMatchObject({
        id: caseId,
        resolvedOn: '2026-07-05',
        resolvedAt: morning('2026-07-05'),
        nextAction: null,
        hardshipPlans: [
          {
            id: planId,
            status: 'COMPLETED',
            capitalised: { amount: '77.50' },
            waived: { amount: '6.56' },
          },
        ],
      });
      expect(c!.bucketHistory.at(-1)).toEqual({
        bucket: 'CURRENT',
        from: '2026-04-06',
        to: '2026-07-04',
      });
      expect(c!.history.slice(-5).map((e) => [e.kind, e.actorId, e.businessDate])).toEqual([
        ['PLAN_OFFERED', PLAN_COLLECTOR, '2026-04-05'],
        ['PLAN_ACCEPTED', plan.gid, '2026-04-05'],
        ['BUCKET_CHANGED', 'close-of-business', '2026-04-06'],
        ['PLAN_COMPLETED', 'repayment', '2026-07-05'],
        ['CASE_RESOLVED', 'repayment', '2026-07-05'],
      ]);
    },
    WALK,
  );
});

// ------------------------------------------------------------------ Lost

describe('charge-off and recovery', () => {
  let caseId: string;

  it(
    'follows the untouched case through every bucket, with the letters of the strategy',
    async () => {
      await cob('2026-08-26');
      const [own] = await ownCases(lost);
      caseId = own!.id;
      // 3,000.00 and 90.00 of interest overdue; penalty days: 179 on the first 1,000.00 (from
      // Mar 1), 148 on the second (from Apr 1), 118 on the third (from May 1): 445 × 0.16 = 71.20.
      expect(summary(own!)).toEqual(['OPEN', 'DPD_90_PLUS', 179, '3161.20', null]);
      expect(own!.bucketHistory).toEqual([
        { bucket: 'DPD_1_30', from: '2026-03-01', to: '2026-03-30' },
        { bucket: 'DPD_31_60', from: '2026-03-31', to: '2026-04-29' },
        { bucket: 'DPD_61_90', from: '2026-04-30', to: '2026-05-29' },
        { bucket: 'DPD_90_PLUS', from: '2026-05-30', to: null },
      ]);
      expect(own!.history.map((e) => [e.kind, e.businessDate])).toEqual([
        ['CASE_OPENED', '2026-03-01'],
        ['BUCKET_CHANGED', '2026-03-31'],
        ['BUCKET_CHANGED', '2026-04-30'],
        ['BUCKET_CHANGED', '2026-05-30'],
      ]);
      // At 91 days past due: 3,090.00 and 181 penalty days (91 + 60 + 30) × 0.16 = 28.96.
      expect(own!.messages.map((m) => [m.template, m.channel, m.status, m.notBefore])).toEqual([
        ['OVERDUE_NOTICE', 'SMS', 'SENT', morning('2026-03-01')],
        ['OVERDUE_REMINDER', 'PUSH', 'SENT', morning('2026-03-03')],
        ['FORMAL_NOTICE', 'LETTER', 'SENT', morning('2026-03-31')],
        ['PRE_LEGAL_NOTICE', 'LETTER', 'SENT', morning('2026-05-30')],
      ]);
      // Planned on May 30; OPS next ran the outbox on Jun 5.
      expect((await deliveredTo(lost)).filter((d) => d.channel === 'LETTER').at(-1)).toEqual({
        channel: 'LETTER',
        body: '通知：您的借款已逾期 91 天，逾期金额 3118.96 CNY。如仍未还款或联系我们，此事可能转交法律程序。',
        deliveredAt: morning('2026-06-05'),
      });
      expect(own!.nextAction).toEqual({
        channel: 'CALL',
        earliestAt: morning('2026-08-26'),
        reason: 'Last call before OPS decides on legal referral',
      });
    },
    WALK,
  );

  it(
    'charges the loan off at 180 days past due; the case stays open on what was written off',
    async () => {
      await cob('2026-08-27');
      const c = await readCase(caseId);
      // A 180th day of penalty on each instalment (0.48) before the write-off: 3,161.68.
      expect(summary(c)).toEqual(['OPEN', 'DPD_90_PLUS', 180, '3161.68', null]);
      expect(c.loan).toEqual({ id: lost.loanId, status: 'CHARGED_OFF', daysPastDue: 180 });
      // Every receivable still open is written off, and the line is frozen.
      expect((await transactionsOf(lost)).filter((n) => n.kind === 'WRITE_OFF')).toEqual([
        { kind: 'WRITE_OFF', amount: '3161.68', businessDate: '2026-08-27' },
      ]);
      const line = await ok(
        t.gql<{ loan: { creditLine: { status: string } } }>(
          'query ($id: ID!) { loan(id: $id) { creditLine { status } } }',
          { token: lost.token, variables: { id: lost.loanId } },
        ),
      );
      expect(line.loan.creditLine.status).toBe('FROZEN');
      // The strategy goes on: the case is still worked after the write-off.
      expect(c.nextAction).toEqual({
        channel: 'CALL',
        earliestAt: morning('2026-08-27'),
        reason: 'Last call before OPS decides on legal referral',
      });
      const tb = await trialBalance();
      expect(tb.totalDebits).toEqual(tb.totalCredits);
    },
    STEP,
  );

  it(
    'takes recoveries, and resolves the case as RECOVERED when the write-off is repaid',
    async () => {
      expect(await repay(lost, '100.00', 'lost-recovery-1')).toEqual({
        allocation: {
          principal: '0.00',
          interest: '0.00',
          penalty: '0.00',
          fees: '0.00',
          excess: '0.00',
          recovery: '100.00',
        },
        loan: { status: 'CHARGED_OFF', daysPastDue: 180 },
      });
      await cob('2026-08-28');
      expect(summary(await readCase(caseId))).toEqual([
        'OPEN',
        'DPD_90_PLUS',
        180,
        '3061.68',
        null,
      ]);
      expect((await repay(lost, '3061.68', 'lost-recovery-2')).allocation.recovery).toBe('3061.68');
      // The write-off is recovered: resolved by that repayment, at its moment.
      const [c] = await ownCases(lost);
      expect(summary(c!)).toEqual(['RESOLVED', 'DPD_90_PLUS', 0, '0.00', 'RECOVERED']);
      expect(c).toMatchObject({
        id: caseId,
        resolvedOn: '2026-08-28',
        resolvedAt: morning('2026-08-28'),
        nextAction: null,
      });
      expect(c!.bucketHistory.at(-1)).toEqual({
        bucket: 'DPD_90_PLUS',
        from: '2026-05-30',
        to: '2026-08-27',
      });
      expect(c!.history.at(-1)).toMatchObject({
        kind: 'CASE_RESOLVED',
        actorId: 'repayment',
        businessDate: '2026-08-28',
      });
      await cob('2026-08-29');
      expect(await ownCases(lost)).toEqual([c]);
    },
    STEP,
  );
});

describe('at the end of the walk', () => {
  it('leaves every case resolved, out of the queue, each with its resolution', async () => {
    expect(await queue()).toEqual([]);
    const own = await ok(
      t.gql<{
        viewer: { borrower: { collectionCases: { status: string; resolution: string }[] } };
      }>('{ viewer { borrower { collectionCases { status resolution } } } }', {
        token: lost.token,
      }),
    );
    expect(own.viewer.borrower.collectionCases).toEqual([
      { status: 'RESOLVED', resolution: 'RECOVERED' },
    ]);
    expect([(await ownCases(life))[0]!.resolution, (await ownCases(plan))[0]!.resolution]).toEqual([
      'CURED',
      'PAID_OFF',
    ]);
  });

  it('balances the trial balance, every receivable settled or written off', async () => {
    // Disbursed 9,000.00; repaid 3,082.76 (Life) + 3,154.45 (Plan) + 3,161.68 recovered (Lost).
    // Interest 77.00 (Life) + 154.45 (Plan) + 90.00 (Lost); penalties 5.76 + 6.56 + 71.68, of
    // which Plan's 6.56 waived; Lost's 3,161.68 written off and then recovered in full.
    expect(await trialBalance()).toEqual({
      accounts: [
        ['CASH', '9398.89', '9000.00'],
        ['INTEREST_INCOME', '0.00', '321.45'],
        ['LOSS_WRITE_OFF', '3161.68', '3161.68'],
        ['PENALTY_INCOME', '6.56', '84.00'],
        ['RECEIVABLE_INTEREST', '321.45', '321.45'],
        ['RECEIVABLE_PENALTY', '84.00', '84.00'],
        ['RECEIVABLE_PRINCIPAL', '9077.50', '9077.50'],
      ].map(([account, debits, credits]) => ({
        account,
        debits: { amount: debits },
        credits: { amount: credits },
      })),
      totalDebits: { amount: '22050.08' },
      totalCredits: { amount: '22050.08' },
    });
  });
});
