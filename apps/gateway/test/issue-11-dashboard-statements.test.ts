import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { dashboardFactory } from '@lending/ledger/testing';
import { startTestGateway, type TestGateway } from './harness.js';

// Issue 11: the borrower dashboard reads one level of the tree per
// statement (DataLoader per level), so the statements a request sends do
// not grow with the number of lines, loans or instalments.

export const DASHBOARD = `query Dashboard { viewer { id borrower { id displayName
  creditLines { id limit { amount currency } available { amount currency } status
    loans { id principal { amount currency } termMonths status disbursedOn
      schedule { number dueDate principalDue { amount } interestDue { amount } paid { amount } status } } } } } }`;

let t: TestGateway;
let statements: string[] = [];
const tokens: Record<'small' | 'large', string> = { small: '', large: '' };

beforeAll(async () => {
  t = await startTestGateway({ onQuery: (query) => void statements.push(query) });
  const small = await borrowerFactory(t.db.db);
  await dashboardFactory(t.db.db, small.id, { lines: 1, loansPerLine: 1, termMonths: 3 });
  const large = await borrowerFactory(t.db.db);
  await dashboardFactory(t.db.db, large.id, { lines: 5, loansPerLine: 10, termMonths: 12 });
  tokens.small = await t.borrowerToken(small.id);
  tokens.large = await t.borrowerToken(large.id);
}, 120_000);
afterAll(() => t.stop());

interface Dashboard {
  viewer: {
    borrower: {
      creditLines: { loans: { schedule: unknown[] }[] }[];
    };
  };
}

/** The in-process worker's heartbeat (every 2 s) shares the handle: not the request's. */
const HOUSEKEEPING = /worker_heartbeats/;

async function dashboardOf(size: 'small' | 'large') {
  statements = [];
  const res = await t.gql<Dashboard>(DASHBOARD, { token: tokens[size] });
  expect(res.errors).toBeUndefined();
  return { res, sent: statements.filter((q) => !HOUSEKEEPING.test(q)) };
}

describe('the borrower dashboard', () => {
  it('sends the same statements for 1 line x 1 loan x 3 instalments as for 5 x 10 x 12', async () => {
    const small = await dashboardOf('small');
    const large = await dashboardOf('large');
    const lines = large.res.data!.viewer.borrower.creditLines;
    expect(lines).toHaveLength(5);
    expect(lines.flatMap((l) => l.loans)).toHaveLength(50);
    expect(lines.flatMap((l) => l.loans.flatMap((loan) => loan.schedule))).toHaveLength(600);
    const smallLines = small.res.data!.viewer.borrower.creditLines;
    expect(smallLines.flatMap((l) => l.loans.flatMap((loan) => loan.schedule))).toHaveLength(3);
    // One per level: the borrower, their credit lines, the lines' loans, the loans' schedules.
    expect(small.sent).toHaveLength(4);
    expect(large.sent).toHaveLength(small.sent.length);
  });
});
