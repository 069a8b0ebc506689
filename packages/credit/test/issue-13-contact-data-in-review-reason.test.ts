import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { borrowerFactory, borrowerFixtures } from '@lending/borrowers/testing';
import type { Db } from '@lending/db';
import { FixedClock, Money } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import {
  getCreditApplicationsByIds,
  parseCsv,
  reviewCreditApplication,
  submitCreditApplication,
} from '../src/index.js';

// Issue 13: a review reason is stored and shown in the clear, so a phone
// number or e-mail typed into it would escape the consent vault.

const rows = parseCsv(
  readFileSync(fileURLToPath(new URL('../data/german_train.csv', import.meta.url)), 'utf8'),
).rows;
const cny = (s: string) => Money.parseOrThrow(s, 'CNY');
const test = dbTest
  .override({ dbOptions: { businessDate: '2026-03-01' } })
  .extend(borrowerFixtures);
const clock = new FixedClock('2026-03-01T09:00:00Z');
const deps = (db: Db) => ({ db, clock });

async function referred(db: Db) {
  const borrower = await borrowerFactory(db);
  const result = await submitCreditApplication(
    deps(db),
    { id: 'underwriter-a' },
    {
      borrowerId: borrower.id,
      requestedLimit: cny('50000'),
      monthlyIncome: cny('20000'),
      monthlyDebtPayments: cny('3000'),
      attributes: Object.entries(rows[5]!).map(([name, value]) => ({ name, value })),
      idempotencyKey: `k-${Math.random()}`,
    },
  );
  if (!result.ok || result.value.status !== 'REFERRED') throw new Error('expected a referral');
  return result.value;
}

describe('reviewCreditApplication refuses contact data in the reason', () => {
  test.for([
    'Verified with employer, call +86 138 0013 8000',
    'Applicant reachable on 13800138000 in the evening',
    'Manager confirmed income at (212) 555-0100',
    'HR confirmed by phone +1-212-555-0100',
    'Payslips sent from li.wei@example.com',
  ])('%j', async (reason, { db }) => {
    const application = await referred(db);
    const result = await reviewCreditApplication(
      deps(db),
      { id: 'underwriter-b' },
      { applicationId: application.id, outcome: 'APPROVED', reason },
    );
    expect(result).toMatchObject({
      ok: false,
      errors: [{ code: 'CONTACT_DATA_IN_TEXT', field: ['reason'] }],
    });
    if (result.ok) return;
    expect(result.errors[0].message).not.toMatch(/138|555|example/);
    const [unchanged] = await getCreditApplicationsByIds(db, [application.id]);
    expect(unchanged).toMatchObject({ status: 'REFERRED', review: null });
  });

  test('accepts a reason with amounts, dates and counts', async ({ db }) => {
    const application = await referred(db);
    const reason =
      'Income of CNY 20,000.00 verified for 6 months (payslips 2025-09-01 to 2026-02-28), 2 loans closed.';
    const result = await reviewCreditApplication(
      deps(db),
      { id: 'underwriter-b' },
      { applicationId: application.id, outcome: 'APPROVED', reason },
    );
    expect(result).toMatchObject({ ok: true, value: { status: 'APPROVED', review: { reason } } });
  });
});
