import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { FixedClock, Role, ROLES } from '@lending/kernel';
import { dbTest as test } from '@lending/testing/fixtures';
import {
  ACCESS_PURPOSES,
  CONTACT_SCOPES,
  grantConsent,
  grantStatus,
  isGrantable,
  revokeConsent,
} from '../src/index.js';
import { EVIDENCE, borrowerActor, staffActor } from '../src/testing.js';

let borrowerId: string;
let otherId: string;
const clock = new FixedClock('2026-01-15T09:00:00Z');
test.beforeAll(async ({ db }) => {
  borrowerId = (await borrowerFactory(db)).id;
  otherId = (await borrowerFactory(db)).id;
});

const grantInput = (overrides: Partial<Parameters<typeof grantConsent>[3]> = {}) => ({
  borrowerId,
  scope: 'SELF_CONTACT' as const,
  purpose: 'SERVICING' as const,
  grantee: Role.OPS,
  expiresAt: null,
  evidence: EVIDENCE,
  ...overrides,
});

describe('grant policy', () => {
  const allowed = new Set([
    'SELF_CONTACT/SERVICING/OPS',
    'SELF_CONTACT/COLLECTIONS/COLLECTOR',
    'SELF_CONTACT/UNDERWRITING/UNDERWRITER',
    'REFERENCE_CONTACTS/UNDERWRITING/UNDERWRITER',
    'REFERENCE_CONTACTS/COLLECTIONS/COLLECTOR',
    'ADDRESS_BOOK/FRAUD_PREVENTION/UNDERWRITER',
  ]);
  const combos = CONTACT_SCOPES.flatMap((scope) =>
    ACCESS_PURPOSES.flatMap((purpose) =>
      ROLES.map((grantee) => [scope, purpose, grantee] as const),
    ),
  );

  test.for(combos)(
    '%s for %s to %s follows the policy table',
    async ([scope, purpose, grantee], { db }) => {
      const expected = allowed.has(`${scope}/${purpose}/${grantee}`);
      expect(isGrantable(scope, purpose, grantee)).toBe(expected);
      const result = await grantConsent(
        db,
        clock,
        borrowerActor(borrowerId),
        grantInput({ scope, purpose, grantee }),
      );
      if (expected) expect(result.ok).toBe(true);
      else expect(result).toMatchObject({ ok: false, errors: [{ code: 'POLICY_FORBIDDEN' }] });
    },
  );

  test('never lets collections reach an address book', () => {
    for (const role of ROLES) expect(isGrantable('ADDRESS_BOOK', 'COLLECTIONS', role)).toBe(false);
  });
});

describe('grantConsent', () => {
  test('records the grant with its evidence, granted now by the borrower', async ({ db }) => {
    const result = await grantConsent(db, clock, borrowerActor(borrowerId), grantInput());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      borrowerId,
      scope: 'SELF_CONTACT',
      purpose: 'SERVICING',
      granteeRole: 'OPS',
      grantedAt: new Date('2026-01-15T09:00:00Z'),
      expiresAt: null,
      revokedAt: null,
      documentVersion: 'privacy-2026-01',
      documentSha256: 'a'.repeat(64),
      channel: 'mobile-app',
    });
  });

  test.for([Role.OPS, Role.UNDERWRITER, Role.COLLECTOR, Role.COMPLIANCE] as const)(
    'refuses %s: no staff role creates a grant',
    async (role, { db }) => {
      const result = await grantConsent(db, clock, staffActor(role), grantInput());
      expect(result).toMatchObject({ ok: false, errors: [{ code: 'NOT_THE_DATA_SUBJECT' }] });
    },
  );

  test("refuses a borrower granting on another borrower's data", async ({ db }) => {
    const result = await grantConsent(db, clock, borrowerActor(otherId), grantInput());
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'NOT_THE_DATA_SUBJECT' }] });
  });

  test.for<[Partial<Parameters<typeof grantConsent>[3]>, string, string[]]>([
    [
      { evidence: { ...EVIDENCE, documentSha256: 'abc' } },
      'INVALID_EVIDENCE',
      ['evidence', 'documentSha256'],
    ],
    [
      { evidence: { ...EVIDENCE, documentSha256: 'g'.repeat(64) } },
      'INVALID_EVIDENCE',
      ['evidence', 'documentSha256'],
    ],
    [
      { evidence: { ...EVIDENCE, documentVersion: '' } },
      'INVALID_EVIDENCE',
      ['evidence', 'documentVersion'],
    ],
    [
      { evidence: { ...EVIDENCE, channel: 'x'.repeat(51) } },
      'INVALID_EVIDENCE',
      ['evidence', 'channel'],
    ],
    [{ expiresAt: new Date('2026-01-15T09:00:00Z') }, 'INVALID_EXPIRY', ['expiresAt']],
  ])('refuses %o with %s', async ([overrides, code, field], { db }) => {
    const result = await grantConsent(db, clock, borrowerActor(borrowerId), grantInput(overrides));
    expect(result).toMatchObject({ ok: false, errors: [{ code, field }] });
  });
});

describe('revokeConsent and status', () => {
  test('turns ACTIVE into REVOKED at the moment of revocation; revoking twice returns the same grant', async ({
    db,
  }) => {
    const granted = await grantConsent(db, clock, borrowerActor(borrowerId), grantInput());
    if (!granted.ok) throw new Error('setup');
    expect(grantStatus(granted.value, clock.now())).toBe('ACTIVE');
    const later = new FixedClock('2026-01-16T10:00:00Z');
    const revoked = await revokeConsent(
      db,
      later,
      borrowerActor(borrowerId),
      granted.value.id,
      'changed my mind',
    );
    expect(revoked).toMatchObject({
      ok: true,
      value: { revokedAt: new Date('2026-01-16T10:00:00Z'), revokeReason: 'changed my mind' },
    });
    if (!revoked.ok) return;
    expect(grantStatus(revoked.value, later.now())).toBe('REVOKED');
    const again = await revokeConsent(
      db,
      new FixedClock('2026-02-01T00:00:00Z'),
      borrowerActor(borrowerId),
      granted.value.id,
      null,
    );
    expect(again).toEqual(revoked);
  });

  test('lets COMPLIANCE revoke, and refuses other staff and other borrowers', async ({ db }) => {
    const granted = await grantConsent(db, clock, borrowerActor(borrowerId), grantInput());
    if (!granted.ok) throw new Error('setup');
    for (const actor of [
      staffActor(Role.OPS),
      staffActor(Role.UNDERWRITER),
      staffActor(Role.COLLECTOR),
      borrowerActor(otherId),
    ]) {
      expect(await revokeConsent(db, clock, actor, granted.value.id, null)).toMatchObject({
        ok: false,
        errors: [{ code: 'NOT_THE_DATA_SUBJECT' }],
      });
    }
    expect(
      await revokeConsent(db, clock, staffActor(Role.COMPLIANCE), granted.value.id, 'audit'),
    ).toMatchObject({
      ok: true,
      value: { revokedBy: 'compliance-1' },
    });
  });

  test('answers GRANT_NOT_FOUND for an unknown grant', async ({ db }) => {
    expect(
      await revokeConsent(
        db,
        clock,
        staffActor(Role.COMPLIANCE),
        '01937a5e-0000-7000-8000-0000000fffff',
        null,
      ),
    ).toMatchObject({ ok: false, errors: [{ code: 'GRANT_NOT_FOUND' }] });
  });

  test('reports EXPIRED once the clock passes the expiry', async ({ db }) => {
    const granted = await grantConsent(
      db,
      clock,
      borrowerActor(borrowerId),
      grantInput({ expiresAt: new Date('2026-02-01T00:00:00Z') }),
    );
    if (!granted.ok) throw new Error('setup');
    expect(grantStatus(granted.value, new Date('2026-01-31T23:59:59Z'))).toBe('ACTIVE');
    expect(grantStatus(granted.value, new Date('2026-02-01T00:00:00Z'))).toBe('EXPIRED');
  });
});
