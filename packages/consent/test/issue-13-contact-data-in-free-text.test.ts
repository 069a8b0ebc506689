import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { FixedClock, Role } from '@lending/kernel';
import { dbTest as test } from '@lending/testing/fixtures';
import { getGrantsByIds, grantConsent, revokeConsent } from '../src/index.js';
import { EVIDENCE, borrowerActor, staffActor } from '../src/testing.js';

// Issue 13: a revocation reason and a grant's evidence are stored and shown
// in the clear; contact data typed into them would bypass the vault.

const clock = new FixedClock('2026-01-15T09:00:00Z');

async function grantOf(db: Parameters<typeof grantConsent>[0]) {
  const borrowerId = (await borrowerFactory(db)).id;
  const granted = await grantConsent(db, clock, borrowerActor(borrowerId), {
    borrowerId,
    scope: 'SELF_CONTACT',
    purpose: 'SERVICING',
    grantee: Role.OPS,
    expiresAt: null,
    evidence: EVIDENCE,
  });
  if (!granted.ok) throw new Error('grant refused');
  return granted.value;
}

describe('revokeConsent refuses contact data in the reason', () => {
  test.for([
    'please use +86 138 0013 8000 from now on',
    'new number 13800138000',
    'call (212) 555-0100 instead',
    'reach me at +1-212-555-0100',
    'e-mail me: maria.garcia@example.com',
  ])('%j', async (reason, { db }) => {
    const grant = await grantOf(db);
    for (const actor of [borrowerActor(grant.borrowerId), staffActor(Role.COMPLIANCE)]) {
      const result = await revokeConsent(db, clock, actor, grant.id, reason);
      expect(result).toMatchObject({
        ok: false,
        errors: [{ code: 'CONTACT_DATA_IN_TEXT', field: ['reason'] }],
      });
      if (!result.ok) expect(result.errors[0].message).not.toMatch(/138|555|example/);
    }
    const [stored] = await getGrantsByIds(db, [grant.id]);
    expect(stored).toMatchObject({ revokedAt: null, revokeReason: null });
  });

  test('accepts an ordinary reason with numbers, and no reason', async ({ db }) => {
    const grant = await grantOf(db);
    const reason = 'Closed my loan of CNY 5,000.00 on 2026-01-10; no longer needed after 3 months';
    expect(
      await revokeConsent(db, clock, borrowerActor(grant.borrowerId), grant.id, reason),
    ).toMatchObject({ ok: true, value: { revokeReason: reason } });
    const other = await grantOf(db);
    expect(
      await revokeConsent(db, clock, staffActor(Role.COMPLIANCE), other.id, null),
    ).toMatchObject({ ok: true, value: { revokeReason: null } });
  });
});

describe('grantConsent refuses contact data in the evidence', () => {
  test.for([
    ['documentVersion', 'v2 ask 13800138000'],
    ['channel', 'call +1-212-555-0100'],
    ['channel', 'mail li@example.com'],
  ] as const)('%s: %j', async ([name, value], { db }) => {
    const borrowerId = (await borrowerFactory(db)).id;
    const result = await grantConsent(db, clock, borrowerActor(borrowerId), {
      borrowerId,
      scope: 'SELF_CONTACT',
      purpose: 'SERVICING',
      grantee: Role.OPS,
      expiresAt: null,
      evidence: { ...EVIDENCE, [name]: value },
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ code: 'CONTACT_DATA_IN_TEXT', field: ['evidence', name] }],
    });
  });
});
