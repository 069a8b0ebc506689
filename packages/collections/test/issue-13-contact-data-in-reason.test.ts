import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows, type Db } from '@lending/db';
import { FixedClock, Rate, Role } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import {
  listCaseEvents,
  offerHardshipPlan,
  referCaseToLegal,
  setContactPreference,
} from '../src/index.js';
import { caseFactory } from '../src/testing.js';

// Issue 13: case-event reasons and contact-preference reasons are stored and
// shown in the clear (to staff, and to the borrower): no contact data in them.

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-15' } });
const clock = new FixedClock('2026-01-15T09:00:00Z');
const ops = { id: 'ops-1', role: Role.OPS, borrowerId: null };

const WITH_CONTACT_DATA = [
  'Borrower asked to be called on +86 138 0013 8000',
  'Lawyer reachable at 13800138000',
  'Employer number (212) 555-0100',
  'Debtor counsel +1-212-555-0100',
  'Send papers to counsel@lawfirm.example.com',
];
const ORDINARY = 'Lost job in 2026-01; 3 months at CNY 1,200.00 agreed, loan 2 of 3';

const preferenceReasons = (db: Db, borrowerId: string) =>
  queryRows<{ reason: string | null }>(
    db,
    sql`select reason from contact_preferences where borrower_id = ${borrowerId}`,
  );

describe('collections refuses contact data in a reason', () => {
  test.for(WITH_CONTACT_DATA)('%j', async (reason, { db }) => {
    const borrower = await borrowerFactory(db);
    const kase = await caseFactory(db, { borrowerId: borrower.id });
    const refused = { ok: false, errors: [{ code: 'CONTACT_DATA_IN_TEXT', field: ['reason'] }] };

    expect(await referCaseToLegal({ db, clock }, ops, { caseId: kase.id, reason })).toMatchObject(
      refused,
    );
    expect(
      await offerHardshipPlan({ db, clock }, ops, {
        caseId: kase.id,
        extendTermMonths: 3,
        waivePenalties: true,
        reducedAnnualRate: Rate.of('0.10'),
        expiresInDays: null,
        reason,
      }),
    ).toMatchObject(refused);
    const preference = await setContactPreference({ db, clock }, ops, {
      borrowerId: borrower.id,
      channel: 'CALL',
      optedOut: true,
      reason,
    });
    expect(preference).toMatchObject(refused);
    if (!preference.ok) expect(preference.errors[0].message).not.toMatch(/138|555|example/);

    expect((await listCaseEvents(db, [kase.id])).get(kase.id)).toEqual([]);
    expect(await preferenceReasons(db, borrower.id)).toEqual([]);
  });

  test('accepts ordinary reasons with dates, amounts and counts', async ({ db }) => {
    const borrower = await borrowerFactory(db);
    const kase = await caseFactory(db, { borrowerId: borrower.id });
    expect(
      await referCaseToLegal({ db, clock }, ops, { caseId: kase.id, reason: ORDINARY }),
    ).toMatchObject({ ok: true });
    expect((await listCaseEvents(db, [kase.id])).get(kase.id)).toMatchObject([
      { kind: 'LEGAL_REFERRAL', reason: ORDINARY },
    ]);
    expect(
      await setContactPreference({ db, clock }, ops, {
        borrowerId: borrower.id,
        channel: 'CALL',
        optedOut: true,
        reason: 'Asked on 2026-01-14 not to be called for 30 days',
      }),
    ).toMatchObject({ ok: true });
    expect(await preferenceReasons(db, borrower.id)).toEqual([
      { reason: 'Asked on 2026-01-14 not to be called for 30 days' },
    ]);
  });
});
