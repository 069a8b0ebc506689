import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundMessagesTable } from '@lending/collections/schema';
import { fromGlobalIdOfType, Money, Role, toGlobalId, unwrap } from '@lending/kernel';
import { makeRepayment } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { accessLog, grant } from './consent-fixtures.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from './harness.js';

// Issue 22: collections follows the money at once. A repayment that leaves
// nothing overdue resolves the loan's case in its own transaction (CURED,
// PAID_OFF), withdraws the case's planned messages and the reminders of the
// instalments it paid; one that leaves the loan behind moves the case to
// what is overdue now. From that moment no collector may contact the
// borrower about it, read their contact data for it or see it in the queue,
// and the outbox checks the same again at send time.
//
// Six borrowers in Asia/Shanghai (CN), each with the loan of the collections
// scenarios: 3,000.00 CNY at 18 %, EQUAL_PRINCIPAL over 3 months, disbursed
// on 2026-01-31. Instalments 1,045.00 (Feb 28), 1,030.00 (Mar 31), 1,015.00
// (Apr 30); penalty 16 fen a day on each overdue 1,000.00 of principal, so
// on Mar 28 the first instalment, 28 days past due, is 1,049.48. The clock
// is 10:00 in Shanghai (02:00Z) on each business date.

let t: TestGateway;
let opsToken: string;
/** The statements the gateway sends while `recording`. */
let statements: string[] = [];
let recording = false;

const WALK = 240_000;
const STEP = 60_000;

const morning = (date: string) => `${date}T02:00:00.000Z`;
const cny = (amount: string) => ({ amount, currency: 'CNY' });

/**
 * Moves the clock a minute on and returns the new instant: what a case
 * records in one instant is read in the order close of business writes it,
 * so an assignment and the repayment after it are a minute apart here.
 */
function tick(): string {
  t.clock.set(new Date(t.clock.now().getTime() + 60_000));
  return t.clock.now().toISOString();
}

async function ok<T>(res: Promise<GraphQLResponse<T>>): Promise<T> {
  const r = await res;
  expect(r.errors).toBeUndefined();
  return r.data!;
}

const RUN_COB = `mutation Cob($input: RunCloseOfBusinessInput!) {
  runCloseOfBusiness(input: $input) { businessDate userErrors { code message } }
}`;

let businessDate = '2026-01-15';
const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Closes every day up to `date` as OPS, each at 10:00 in Shanghai on that day. */
async function cob(date: string): Promise<void> {
  while (businessDate < date) {
    const day = nextDay(businessDate);
    t.clock.set(new Date(morning(day)));
    const data = await ok(
      t.gql<{ runCloseOfBusiness: unknown }>(RUN_COB, {
        token: opsToken,
        variables: { input: { businessDate: day } },
      }),
    );
    expect(data.runCloseOfBusiness).toEqual({ businessDate: day, userErrors: [] });
    businessDate = day;
  }
  t.clock.set(new Date(morning(date)));
}

const DELIVER = `mutation { deliverOutboundMessages { sent failed refused deferred withdrawn } }`;

async function deliver() {
  return (await ok(t.gql<{ deliverOutboundMessages: unknown }>(DELIVER, { token: opsToken })))
    .deliverOutboundMessages;
}

interface Borrower {
  name: string;
  id: string;
  gid: string;
  token: string;
  loanId: string;
  email: string;
}

const REGISTER = `mutation Register($input: RegisterBorrowerInput!) {
  registerBorrower(input: $input) { borrower { id } userErrors { code message } }
}`;

const DRAWDOWN = `mutation Draw($input: DrawdownInput!) {
  drawdown(input: $input) { loan { id disbursedOn } userErrors { code message } }
}`;

async function newBorrowerWithLoan(name: string): Promise<Borrower> {
  const email = `${name.toLowerCase()}@example.cn`;
  const registered = await ok(
    t.gql<{ registerBorrower: { borrower: { id: string } | null; userErrors: unknown[] } }>(
      REGISTER,
      {
        token: opsToken,
        variables: {
          input: {
            displayName: name,
            timeZone: 'Asia/Shanghai',
            jurisdiction: 'CN',
            contactPoints: [{ kind: 'EMAIL', value: email }],
            idempotencyKey: `register-${name}`,
          },
        },
      },
    ),
  );
  const gid = registered.registerBorrower.borrower!.id;
  const id = fromGlobalIdOfType(gid, 'Borrower')!;
  const token = await t.borrowerToken(id);
  const line = await creditLineFactory(t.db.db, id, { limit: '10000.00' }, t.clock);
  const drawn = await ok(
    t.gql<{ drawdown: { loan: { id: string; disbursedOn: string } | null; userErrors: [] } }>(
      DRAWDOWN,
      {
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
      },
    ),
  );
  expect(drawn.drawdown).toMatchObject({ loan: { disbursedOn: '2026-01-31' }, userErrors: [] });
  return { name, id, gid, token, loanId: drawn.drawdown.loan!.id, email };
}

const OWN_CASES = `
  collectionCases { id status resolution resolvedOn resolvedAt daysPastDue amountOverdue { amount } bucket }`;

const REPAY = `mutation Repay($input: MakeRepaymentInput!) {
  makeRepayment(input: $input) {
    allocation { principal { amount } interest { amount } penalty { amount } excess { amount } }
    loan { status daysPastDue borrower { ${OWN_CASES} } }
    userErrors { code message }
  }
}`;

interface OwnCase {
  id: string;
  status: string;
  resolution: string | null;
  resolvedOn: string | null;
  resolvedAt: string | null;
  daysPastDue: number;
  amountOverdue: { amount: string };
  bucket: string;
}

const REPAY_ONLY = `mutation Repay($input: MakeRepaymentInput!) {
  makeRepayment(input: $input) { loan { status } userErrors { code } }
}`;

/** The borrower repays over GraphQL; the payload reads their cases after the repayment. */
async function repay(borrower: Borrower, amount: string, key: string) {
  const data = await ok(
    t.gql<{
      makeRepayment: {
        allocation: Record<string, { amount: string }> | null;
        loan: { status: string; daysPastDue: number; borrower: { collectionCases: OwnCase[] } };
        userErrors: unknown[];
      };
    }>(REPAY, {
      token: borrower.token,
      variables: { input: { loanId: borrower.loanId, amount: cny(amount), idempotencyKey: key } },
    }),
  );
  expect(data.makeRepayment.userErrors).toEqual([]);
  const a = data.makeRepayment.allocation!;
  const { borrower: owner, ...loan } = data.makeRepayment.loan;
  return {
    allocation: Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.amount])),
    loan,
    cases: owner.collectionCases,
  };
}

/** A repayment through the ledger alone, as a path that does not tell collections would make it. */
async function repayUnfollowed(borrower: Borrower, amount: string, key: string) {
  unwrap(
    await makeRepayment(
      { db: t.db.db, clock: t.clock },
      { id: borrower.gid, role: Role.BORROWER, borrowerId: borrower.id },
      {
        loanId: fromGlobalIdOfType(borrower.loanId, 'Loan')!,
        amount: Money.parseOrThrow(amount, 'CNY'),
        idempotencyKey: key,
      },
    ),
  );
}

const CASE = `query Case($id: ID!) {
  collectionCase(id: $id) {
    id status bucket daysPastDue amountOverdue { amount } assignedTo resolution resolvedOn resolvedAt
    bucketHistory { bucket from to }
    history { kind actorId businessDate }
    attempts { channel outcome refusedBy at }
    promises { status }
    messages { template status refusedBy finishedAt }
    nextAction { channel }
  }
}`;

interface CaseView {
  id: string;
  status: string;
  bucket: string;
  daysPastDue: number;
  amountOverdue: { amount: string };
  assignedTo: string | null;
  resolution: string | null;
  resolvedOn: string | null;
  resolvedAt: string | null;
  bucketHistory: { bucket: string; from: string; to: string | null }[];
  history: { kind: string; actorId: string; businessDate: string }[];
  attempts: { channel: string; outcome: string; refusedBy: string | null; at: string }[];
  promises: { status: string }[];
  messages: {
    template: string;
    status: string;
    refusedBy: string | null;
    finishedAt: string | null;
  }[];
  nextAction: { channel: string } | null;
}

async function readCase(id: string, token = opsToken): Promise<CaseView> {
  return (await ok(t.gql<{ collectionCase: CaseView }>(CASE, { token, variables: { id } })))
    .collectionCase;
}

const OWN = `query Own($id: ID!) { borrower(id: $id) { ${OWN_CASES} } }`;

async function caseOf(borrower: Borrower): Promise<OwnCase> {
  const data = await ok(
    t.gql<{ borrower: { collectionCases: OwnCase[] } }>(OWN, {
      token: borrower.token,
      variables: { id: borrower.gid },
    }),
  );
  expect(data.borrower.collectionCases).toHaveLength(1);
  return data.borrower.collectionCases[0]!;
}

const summary = (c: {
  status: string;
  bucket: string;
  daysPastDue: number;
  amountOverdue: { amount: string };
  resolution: string | null;
}) => [c.status, c.bucket, c.daysPastDue, c.amountOverdue.amount, c.resolution];

const QUEUE = `{ collectionsQueue(first: 100) { edges { node { id amountOverdue { amount } } } } }`;

async function queue(token = opsToken) {
  const data = await ok(
    t.gql<{
      collectionsQueue: { edges: { node: { id: string; amountOverdue: { amount: string } } }[] };
    }>(QUEUE, { token }),
  );
  return data.collectionsQueue.edges.map((e) => e.node);
}

const ASSIGN = `mutation Assign($input: AssignCollectionCaseInput!) {
  assignCollectionCase(input: $input) { userErrors { code } }
}`;

async function assign(caseId: string, collectorId: string): Promise<void> {
  const data = await ok(
    t.gql<{ assignCollectionCase: { userErrors: unknown[] } }>(ASSIGN, {
      token: opsToken,
      variables: { input: { caseId, collectorId } },
    }),
  );
  expect(data.assignCollectionCase.userErrors).toEqual([]);
}

const LOG = `mutation Log($input: LogContactAttemptInput!) {
  logContactAttempt(input: $input) {
    attempt { channel outcome refusedBy at }
    userErrors { code message field }
  }
}`;

async function log(token: string, caseId: string, channel = 'CALL', outcome = 'CONNECTED') {
  return (
    await ok(
      t.gql<{
        logContactAttempt: {
          attempt: {
            channel: string;
            outcome: string;
            refusedBy: string | null;
            at: string;
          } | null;
          userErrors: { code: string; message: string; field: string[] | null }[];
        };
      }>(LOG, {
        token,
        variables: { input: { caseId, channel, target: 'BORROWER', outcome } },
      }),
    )
  ).logContactAttempt;
}

const CONTACT = `query Contact($id: ID!) { borrower(id: $id) { displayName contactPoints(purpose: COLLECTIONS) { kind value } } }`;

/** The planned or finished payment reminders of a borrower's loan: not shown on any case. */
async function remindersOf(borrower: Borrower) {
  const rows = await t.db.db
    .select()
    .from(outboundMessagesTable)
    .where(
      and(
        eq(outboundMessagesTable.loanId, fromGlobalIdOfType(borrower.loanId, 'Loan')!),
        eq(outboundMessagesTable.template, 'PAYMENT_REMINDER'),
      ),
    );
  return rows
    .map((r) => ({
      key: r.dedupeKey.split(':').slice(2).join(':'),
      status: r.status,
      refusedBy: r.refusedBy,
      finishedAt: r.finishedAt?.toISOString() ?? null,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Statements naming collections' tables, of those sent while `run` ran. */
async function collectionsStatementsOf(run: () => Promise<unknown>): Promise<string[]> {
  statements = [];
  recording = true;
  try {
    await run();
  } finally {
    recording = false;
  }
  return statements.filter((q) =>
    /\b(collection_cases|collection_case_buckets|collection_case_events|promises_to_pay|hardship_plans|outbound_messages|contact_attempts)\b/.test(
      q,
    ),
  );
}

let onTime: Borrower;
let overnight: Borrower;
let cured: Borrower;
let paidOff: Borrower;
let partial: Borrower;
let quiet: Borrower;

beforeAll(async () => {
  t = await startTestGateway({
    onQuery: (query) => {
      if (recording) statements.push(query);
    },
  });
  opsToken = await t.token(Role.OPS);
  await cob('2026-01-31');
  onTime = await newBorrowerWithLoan('OnTime');
  overnight = await newBorrowerWithLoan('Overnight');
  cured = await newBorrowerWithLoan('Cured');
  paidOff = await newBorrowerWithLoan('PaidOff');
  partial = await newBorrowerWithLoan('Partial');
  quiet = await newBorrowerWithLoan('Quiet');
}, WALK);
afterAll(() => t.stop());

describe('a loan with no case', () => {
  it(
    'costs the follower one statement; a planned reminder of the instalment paid is withdrawn at once, in one more',
    async () => {
      // Three days before the first due date: a reminder planned for each of the six loans.
      await cob('2026-02-25');
      // A payload that reads nothing of collections: what is counted is the follower's.
      const repayOnly = (amount: string, key: string) =>
        ok(
          t.gql(REPAY_ONLY, {
            token: onTime.token,
            variables: {
              input: { loanId: onTime.loanId, amount: cny(amount), idempotencyKey: key },
            },
          }),
        );
      const first = await collectionsStatementsOf(async () => {
        expect(await repayOnly('1045.00', 'ontime-1')).toEqual({
          makeRepayment: { loan: { status: 'ACTIVE' }, userErrors: [] },
        });
      });
      // The probe (no open case, a reminder planned) and the withdrawal.
      expect(first).toHaveLength(2);
      expect(await remindersOf(onTime)).toEqual([
        {
          key: '1:2026-02-28',
          status: 'WITHDRAWN',
          refusedBy: 'INSTALLMENT_PAID',
          finishedAt: morning('2026-02-25'),
        },
      ]);
      // Nothing planned any more and no case: the probe alone.
      const second = await collectionsStatementsOf(() => repayOnly('100.00', 'ontime-2'));
      expect(second).toHaveLength(1);
      // The other five reminders go out; the withdrawn one is not even due.
      expect(await deliver()).toEqual({
        sent: 5,
        failed: 0,
        refused: 0,
        deferred: 0,
        withdrawn: 0,
      });
      expect(await remindersOf(overnight)).toEqual([
        { key: '1:2026-02-28', status: 'SENT', refusedBy: null, finishedAt: morning('2026-02-25') },
      ]);
    },
    WALK,
  );
});

describe('close of business resolving a case the money cured', () => {
  it(
    'sets resolvedAt to its own moment and withdraws the messages the case had planned',
    async () => {
      await cob('2026-03-27');
      const before = await caseOf(overnight);
      expect(summary(before)).toEqual(['OPEN', 'DPD_1_30', 27, '1049.32', null]);
      // Paid where collections is not told (the ledger alone): the case stays as it was until the close.
      await repayUnfollowed(overnight, '1049.32', 'overnight-cure');
      expect(await caseOf(overnight)).toEqual(before);
      await cob('2026-03-28');
      const c = await readCase(before.id);
      expect(summary(c)).toEqual(['RESOLVED', 'DPD_1_30', 0, '0.00', 'CURED']);
      expect([c.resolvedOn, c.resolvedAt]).toEqual(['2026-03-28', morning('2026-03-28')]);
      expect(c.messages).toEqual([
        {
          template: 'OVERDUE_NOTICE',
          status: 'WITHDRAWN',
          refusedBy: 'CURED',
          finishedAt: morning('2026-03-28'),
        },
        {
          template: 'OVERDUE_REMINDER',
          status: 'WITHDRAWN',
          refusedBy: 'CURED',
          finishedAt: morning('2026-03-28'),
        },
      ]);
      expect(c.history.at(-1)).toEqual({
        kind: 'CASE_RESOLVED',
        actorId: 'close-of-business',
        businessDate: '2026-03-28',
      });
      expect(c.bucketHistory).toEqual([
        { bucket: 'DPD_1_30', from: '2026-03-01', to: '2026-03-27' },
      ]);
    },
    WALK,
  );
});

describe('on Mar 28, 28 days past due', () => {
  const COLLECTOR = 'collector-cured';
  const OTHER = 'collector-other';

  it(
    'resolves a late payer’s case as CURED in the repayment’s own response; the collector’s next attempt, contact-data read and queue are refused',
    async () => {
      const before = await caseOf(cured);
      expect(summary(before)).toEqual(['OPEN', 'DPD_1_30', 28, '1049.48', null]);
      await assign(before.id, COLLECTOR);
      await grant(t, cured, 'SELF_CONTACT', 'COLLECTIONS', Role.COLLECTOR);
      const collector = await t.token(Role.COLLECTOR, COLLECTOR);
      // While the borrower owes: the collector reads the contact points and calls.
      const reading = await t.gql(CONTACT, { token: collector, variables: { id: cured.gid } });
      expect(reading.errors).toBeUndefined();
      expect(reading.data).toEqual({
        borrower: { displayName: 'Cured', contactPoints: [{ kind: 'EMAIL', value: cured.email }] },
      });
      const call = await log(collector, before.id, 'CALL', 'NO_ANSWER');
      expect(call.userErrors).toEqual([]);
      expect((await queue(collector)).map((n) => n.id)).toContain(before.id);

      const at = tick();
      const paid = await repay(cured, '1049.48', 'cured-1');
      expect(paid.allocation).toEqual({
        principal: '1000.00',
        interest: '45.00',
        penalty: '4.48',
        excess: '0.00',
      });
      expect(paid.loan).toEqual({ status: 'ACTIVE', daysPastDue: 0 });
      // The repayment's own response already reads the case resolved, at its moment.
      expect(paid.cases).toEqual([
        {
          id: before.id,
          status: 'RESOLVED',
          resolution: 'CURED',
          resolvedOn: '2026-03-28',
          resolvedAt: at,
          daysPastDue: 0,
          amountOverdue: { amount: '0.00' },
          bucket: 'DPD_1_30',
        },
      ]);
      const c = await readCase(before.id);
      expect(c.nextAction).toBeNull();
      expect(c.messages).toEqual(
        ['OVERDUE_NOTICE', 'OVERDUE_REMINDER'].map((template) => ({
          template,
          status: 'WITHDRAWN',
          refusedBy: 'CURED',
          finishedAt: at,
        })),
      );
      expect(c.history.map((e) => [e.kind, e.actorId, e.businessDate])).toEqual([
        ['CASE_OPENED', 'close-of-business', '2026-03-01'],
        ['ASSIGNED', 'ops-1', '2026-03-28'],
        ['CASE_RESOLVED', 'repayment', '2026-03-28'],
      ]);
      expect(c.bucketHistory).toEqual([
        { bucket: 'DPD_1_30', from: '2026-03-01', to: '2026-03-27' },
      ]);
      // The second instalment is still to be paid: its reminder stays planned.
      expect((await remindersOf(cured)).map((r) => [r.key, r.status])).toEqual([
        ['1:2026-02-28', 'SENT'],
        ['2:2026-03-31', 'PLANNED'],
      ]);

      // The collector's next call is refused, and recorded.
      const refused = await log(collector, before.id);
      expect(refused).toEqual({
        attempt: { channel: 'CALL', outcome: 'REFUSED', refusedBy: 'CASE_RESOLVED', at },
        userErrors: [
          { code: 'CASE_RESOLVED', message: 'This case is resolved.', field: ['caseId'] },
        ],
      });
      // Another collector learns only that it is not theirs.
      const other = await log(await t.token(Role.COLLECTOR, OTHER), before.id);
      expect(other.attempt?.refusedBy).toBe('NOT_ASSIGNED');
      expect(other.userErrors.map((e) => e.code)).toEqual(['NOT_ASSIGNED']);
      expect((await readCase(before.id)).attempts.map((a) => [a.outcome, a.refusedBy])).toEqual([
        ['NO_ANSWER', null],
        ['REFUSED', 'CASE_RESOLVED'],
        ['REFUSED', 'NOT_ASSIGNED'],
      ]);

      // Need-to-know ended with the case: the borrower is out of the collector's reach, and nothing is logged.
      const logged = (await accessLog(t, cured.id)).length;
      const denied = await t.gql(CONTACT, { token: collector, variables: { id: cured.gid } });
      expect(denied.data).toEqual({ borrower: null });
      expect(denied.errors?.map((e) => [e.path, e.extensions?.['code']])).toEqual([
        [['borrower'], 'FORBIDDEN'],
      ]);
      expect(JSON.stringify(denied)).not.toContain(cured.email);
      expect((await accessLog(t, cured.id)).length).toBe(logged);
      // Out of every queue.
      expect((await queue(collector)).map((n) => n.id)).not.toContain(before.id);
      expect((await queue()).map((n) => n.id)).not.toContain(before.id);
    },
    STEP,
  );

  it(
    'resolves a case as PAID_OFF at once when the loan is paid off, withdrawing its messages and the coming reminder; a CALL is then refused',
    async () => {
      const before = await caseOf(paidOff);
      await assign(before.id, 'collector-paid');
      const loan = await ok(
        t.gql<{ loan: { payoffAmount: { amount: string } } }>(
          'query ($id: ID!) { loan(id: $id) { payoffAmount { amount } } }',
          { token: paidOff.token, variables: { id: paidOff.loanId } },
        ),
      );
      // 3,000.00 of principal, the first period's 45.00, 4.48 of penalty and what has accrued of
      // the second period's 30.00: 28 of its 31 days, 27.10.
      expect(loan.loan.payoffAmount.amount).toBe('3076.58');
      const at = tick();
      const paid = await repay(paidOff, '3076.58', 'paid-off');
      expect(paid.loan).toEqual({ status: 'PAID_OFF', daysPastDue: 0 });
      expect(paid.cases.map((c) => [c.status, c.resolution, c.resolvedOn, c.resolvedAt])).toEqual([
        ['RESOLVED', 'PAID_OFF', '2026-03-28', at],
      ]);
      const c = await readCase(before.id);
      expect(c.messages.map((m) => [m.template, m.status, m.refusedBy])).toEqual([
        ['OVERDUE_NOTICE', 'WITHDRAWN', 'PAID_OFF'],
        ['OVERDUE_REMINDER', 'WITHDRAWN', 'PAID_OFF'],
      ]);
      expect(c.history.at(-1)).toEqual({
        kind: 'CASE_RESOLVED',
        actorId: 'repayment',
        businessDate: '2026-03-28',
      });
      expect(await remindersOf(paidOff)).toEqual([
        { key: '1:2026-02-28', status: 'SENT', refusedBy: null, finishedAt: morning('2026-02-25') },
        { key: '2:2026-03-31', status: 'WITHDRAWN', refusedBy: 'INSTALLMENT_PAID', finishedAt: at },
      ]);
      for (const token of [await t.token(Role.COLLECTOR, 'collector-paid'), opsToken]) {
        const refused = await log(token, before.id, 'CALL', 'CONNECTED');
        expect(refused.attempt).toMatchObject({ outcome: 'REFUSED', refusedBy: 'CASE_RESOLVED' });
        expect(refused.userErrors.map((e) => e.code)).toEqual(['CASE_RESOLVED']);
      }
    },
    STEP,
  );

  it(
    'moves the case’s amount overdue at once when a partial payment leaves the loan behind',
    async () => {
      const before = await caseOf(partial);
      expect(summary(before)).toEqual(['OPEN', 'DPD_1_30', 28, '1049.48', null]);
      const paid = await repay(partial, '500.00', 'partial-1');
      // Penalty, interest, then principal of the first instalment: 549.48 of its principal is left.
      expect(paid.allocation).toEqual({
        principal: '450.52',
        interest: '45.00',
        penalty: '4.48',
        excess: '0.00',
      });
      expect(paid.loan).toEqual({ status: 'DELINQUENT', daysPastDue: 28 });
      expect(paid.cases.map(summary)).toEqual([['OPEN', 'DPD_1_30', 28, '549.48', null]]);
      expect((await queue()).find((n) => n.id === before.id)?.amountOverdue.amount).toBe('549.48');
      const c = await readCase(before.id);
      // Same bucket: no event, no history row; the messages still stand.
      expect(c.history.map((e) => e.kind)).toEqual(['CASE_OPENED']);
      expect(c.bucketHistory).toEqual([{ bucket: 'DPD_1_30', from: '2026-03-01', to: null }]);
      expect(c.messages.map((m) => m.status)).toEqual(['PLANNED', 'PLANNED']);
      // Something is still overdue: OPS may call.
      const call = await log(opsToken, before.id, 'CALL', 'NO_ANSWER');
      expect(call.userErrors).toEqual([]);
    },
    STEP,
  );

  it(
    'refuses contact on an open case whose loan the ledger has current (NOTHING_OVERDUE), and the outbox re-checks every message at send time',
    async () => {
      const before = await caseOf(quiet);
      await assign(before.id, 'collector-quiet');
      const at = tick();
      // The first instalment and, ahead, the second, paid where collections is not told.
      await repayUnfollowed(quiet, '2079.48', 'quiet-1');
      expect(summary(await caseOf(quiet))).toEqual(['OPEN', 'DPD_1_30', 28, '1049.48', null]);

      const refused = await log(await t.token(Role.COLLECTOR, 'collector-quiet'), before.id);
      expect(refused).toEqual({
        attempt: {
          channel: 'CALL',
          outcome: 'REFUSED',
          refusedBy: 'NOTHING_OVERDUE',
          at,
        },
        userErrors: [
          {
            code: 'NOTHING_OVERDUE',
            message: 'Nothing is overdue on this loan now: the borrower is not contacted about it.',
            field: ['caseId'],
          },
        ],
      });
      const other = await log(await t.token(Role.COLLECTOR, OTHER), before.id);
      expect(other.userErrors.map((e) => e.code)).toEqual(['NOT_ASSIGNED']);
      expect((await readCase(before.id)).attempts.map((a) => a.refusedBy)).toEqual([
        'NOTHING_OVERDUE',
        'NOT_ASSIGNED',
      ]);

      // A message planned on a resolved case anyway (a plan that raced the resolution).
      const curedCase = await caseOf(cured);
      await t.db.db
        .update(outboundMessagesTable)
        .set({ status: 'PLANNED', refusedBy: null, finishedAt: null })
        .where(
          and(
            eq(outboundMessagesTable.caseId, fromGlobalIdOfType(curedCase.id, 'CollectionCase')!),
            eq(outboundMessagesTable.template, 'OVERDUE_REMINDER'),
          ),
        );

      // Due now: the second-instalment reminders of OnTime, Overnight, Cured and Partial and
      // Partial's two notices go out (6); Quiet's two notices are refused and Cured's raced one
      // too (3); Quiet's reminder is withdrawn, its instalment paid (1).
      expect(await deliver()).toEqual({
        sent: 6,
        failed: 0,
        refused: 3,
        deferred: 0,
        withdrawn: 1,
      });
      expect((await readCase(before.id)).messages).toEqual(
        ['OVERDUE_NOTICE', 'OVERDUE_REMINDER'].map((template) => ({
          template,
          status: 'REFUSED',
          refusedBy: 'NOTHING_OVERDUE',
          finishedAt: at,
        })),
      );
      expect((await readCase(curedCase.id)).messages.map((m) => [m.status, m.refusedBy])).toEqual([
        ['WITHDRAWN', 'CURED'],
        ['REFUSED', 'CASE_RESOLVED'],
      ]);
      expect((await remindersOf(quiet)).at(-1)).toEqual({
        key: '2:2026-03-31',
        status: 'WITHDRAWN',
        refusedBy: 'INSTALLMENT_PAID',
        finishedAt: at,
      });
      expect((await readCase((await caseOf(partial)).id)).messages.map((m) => m.status)).toEqual([
        'SENT',
        'SENT',
      ]);

      // The next close resolves it, as it always did.
      await cob('2026-03-29');
      const next = await caseOf(quiet);
      expect([next.status, next.resolution, next.resolvedAt]).toEqual([
        'RESOLVED',
        'CURED',
        morning('2026-03-29'),
      ]);
    },
    STEP,
  );
});
