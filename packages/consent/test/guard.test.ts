import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows, type Db } from '@lending/db';
import { FixedClock, Role } from '@lending/kernel';
import { dbTest as test } from '@lending/testing/fixtures';
import { RevealCapability } from '../src/capability.js';
import {
  ContactVault,
  grantConsent,
  guardedRead,
  loadSealedContactPoints,
  registerBorrower,
  revokeConsent,
  verifyAccessLog,
  type ContactReadRequest,
  type NeedToKnowRule,
} from '../src/index.js';
import { EVIDENCE, borrowerActor, staffActor, testVault } from '../src/testing.js';

let alice: string;
let bob: string;
const clock = new FixedClock('2026-01-15T09:00:00Z');
const vault = testVault();

test.beforeAll(async ({ db }) => {
  const deps = { db, clock, vault };
  const registered = await registerBorrower(deps, 'ops-1', {
    displayName: 'Alice',
    timeZone: 'Asia/Shanghai',
    contactPoints: [
      { kind: 'PHONE', value: '+86 138 0013 8000' },
      { kind: 'EMAIL', value: 'Alice@Example.CN' },
    ],
    idempotencyKey: 'alice-1',
  });
  if (!registered.ok) throw new Error('setup');
  alice = registered.value.borrowerId;
  bob = (await borrowerFactory(db)).id;
});

const deps = (db: Db, needToKnow: readonly NeedToKnowRule[] = []) => ({
  db,
  clock,
  vault,
  needToKnow,
});
const read = (
  db: Db,
  request: Partial<ContactReadRequest> & Pick<ContactReadRequest, 'actor'>,
  rules: NeedToKnowRule[] = [],
) =>
  guardedRead(
    deps(db, rules),
    {
      borrowerId: alice,
      scope: 'SELF_CONTACT',
      purpose: 'SERVICING',
      fields: ['kind', 'value'],
      path: 'borrower.contactPoints',
      operationName: 'Test',
      requestId: 'req-1',
      ...request,
    },
    async () =>
      (await loadSealedContactPoints(db, [request.borrowerId ?? alice])).get(
        request.borrowerId ?? alice,
      ),
  );

const ALICE_POINTS = [
  { kind: 'PHONE', value: '+8613800138000' },
  { kind: 'EMAIL', value: 'Alice@example.cn' },
];

describe('guardedRead', () => {
  test('lets the borrower read their own contact points, normalised, and records it without a grant', async ({
    db,
  }) => {
    const result = await read(db, { actor: borrowerActor(alice) });
    expect(result).toMatchObject({
      ok: true,
      value: ALICE_POINTS,
      access: { grantId: null, actorRole: 'BORROWER' },
    });
  });

  test("denies a borrower another borrower's contact points, and records nothing", async ({
    db,
  }) => {
    const before = await verifyAccessLog(db, alice);
    expect(await read(db, { actor: borrowerActor(bob) })).toEqual({ ok: false });
    expect(await verifyAccessLog(db, alice)).toEqual(before);
  });

  test('denies staff without a grant, then allows with one, then denies again after revocation', async ({
    db,
  }) => {
    const ops = staffActor(Role.OPS);
    expect(await read(db, { actor: ops })).toEqual({ ok: false });
    const granted = await grantConsent(db, clock, borrowerActor(alice), {
      borrowerId: alice,
      scope: 'SELF_CONTACT',
      purpose: 'SERVICING',
      grantee: Role.OPS,
      expiresAt: new Date('2026-03-01T00:00:00Z'),
      evidence: EVIDENCE,
    });
    if (!granted.ok) throw new Error('setup');
    expect(await read(db, { actor: ops })).toMatchObject({
      ok: true,
      value: ALICE_POINTS,
      access: { grantId: granted.value.id },
    });
    // Wrong purpose, wrong role: the grant does not stretch.
    expect(await read(db, { actor: ops, purpose: 'COLLECTIONS' })).toEqual({ ok: false });
    expect(await read(db, { actor: staffActor(Role.UNDERWRITER) })).toEqual({ ok: false });
    expect(await read(db, { actor: staffActor(Role.COMPLIANCE) })).toEqual({ ok: false });
    // A grant on Alice covers nothing of Bob.
    expect(await read(db, { actor: ops, borrowerId: bob })).toEqual({ ok: false });

    await revokeConsent(db, clock, borrowerActor(alice), granted.value.id, null);
    expect(await read(db, { actor: ops })).toEqual({ ok: false });
  });

  test('stops at expiry by the injected clock', async ({ db }) => {
    const granted = await grantConsent(db, clock, borrowerActor(alice), {
      borrowerId: alice,
      scope: 'SELF_CONTACT',
      purpose: 'UNDERWRITING',
      grantee: Role.UNDERWRITER,
      expiresAt: new Date('2026-01-15T10:00:00Z'),
      evidence: EVIDENCE,
    });
    if (!granted.ok) throw new Error('setup');
    const uw = staffActor(Role.UNDERWRITER);
    expect((await read(db, { actor: uw, purpose: 'UNDERWRITING' })).ok).toBe(true);
    clock.set('2026-01-15T10:00:00Z');
    try {
      expect(await read(db, { actor: uw, purpose: 'UNDERWRITING' })).toEqual({ ok: false });
    } finally {
      clock.set('2026-01-15T09:00:00Z');
    }
  });

  test('applies need-to-know rules on top of a grant', async ({ db }) => {
    await grantConsent(db, clock, borrowerActor(alice), {
      borrowerId: alice,
      scope: 'SELF_CONTACT',
      purpose: 'COLLECTIONS',
      grantee: Role.COLLECTOR,
      expiresAt: null,
      evidence: EVIDENCE,
    });
    let assigned = false;
    const rule: NeedToKnowRule = {
      name: 'assigned open case',
      appliesTo: (role) => role === Role.COLLECTOR,
      isMet: async () => assigned,
    };
    const collector = staffActor(Role.COLLECTOR);
    expect(await read(db, { actor: collector, purpose: 'COLLECTIONS' }, [rule])).toEqual({
      ok: false,
    });
    assigned = true;
    expect((await read(db, { actor: collector, purpose: 'COLLECTIONS' }, [rule])).ok).toBe(true);
  });

  test('returns nothing and never loads when the access record cannot be written', async ({
    db,
  }) => {
    await db.execute(sql`create function refuse_log() returns trigger language plpgsql as $$
      begin raise exception 'log unavailable'; end $$`);
    await db.execute(
      sql`create trigger refuse_log before insert on contact_access_log for each row execute function refuse_log()`,
    );
    let loaded = false;
    try {
      await expect(
        guardedRead(
          deps(db),
          {
            actor: borrowerActor(alice),
            borrowerId: alice,
            scope: 'SELF_CONTACT',
            purpose: 'SERVICING',
            fields: ['value'],
            path: 'x',
            operationName: null,
            requestId: 'r',
          },
          async () => {
            loaded = true;
            return [];
          },
        ),
      ).rejects.toThrow();
      expect(loaded).toBe(false);
    } finally {
      await db.execute(sql`drop trigger refuse_log on contact_access_log`);
    }
  });

  test('keeps the access chain intact across all of the above', async ({ db }) => {
    expect(await verifyAccessLog(db, alice)).toMatchObject({ ok: true });
  });
});

describe('vault', () => {
  test('stores no plaintext: the tables hold ciphertext only', async ({ db }) => {
    const rows = await queryRows<Record<string, unknown>>(db, sql`select * from contact_points`);
    const text = JSON.stringify(rows);
    for (const needle of ['13800138000', '138 0013', 'Alice@', 'example.cn', 'PHONE', 'EMAIL']) {
      expect(text).not.toContain(needle);
    }
    expect(rows.length).toBeGreaterThan(0);
  });

  test('refuses to reveal without a live capability minted by the guard', async ({ db }) => {
    const [sealed] = (await loadSealedContactPoints(db, [alice])).get(alice)!;
    expect(() =>
      vault.reveal(sealed!, Object.create(RevealCapability.prototype) as RevealCapability),
    ).toThrow('live capability');
    const expired = RevealCapability.mint(alice, 'SELF_CONTACT');
    RevealCapability.expire(expired);
    expect(() => vault.reveal(sealed!, expired)).toThrow('live capability');
  });

  test('refuses a capability for another borrower or scope', async ({ db }) => {
    const [sealed] = (await loadSealedContactPoints(db, [alice])).get(alice)!;
    const forBob = RevealCapability.mint(bob, 'SELF_CONTACT');
    const otherScope = RevealCapability.mint(alice, 'ADDRESS_BOOK');
    expect(() => vault.reveal(sealed!, forBob)).toThrow('does not cover');
    expect(() => vault.reveal(sealed!, otherScope)).toThrow('does not cover');
  });

  test('does not decrypt under another key', async ({ db }) => {
    const [sealed] = (await loadSealedContactPoints(db, [alice])).get(alice)!;
    const other = new ContactVault(Buffer.alloc(32, 1));
    expect(() => other.reveal(sealed!, RevealCapability.mint(alice, 'SELF_CONTACT'))).toThrow(
      'no key',
    );
  });

  test('refuses to serialize a sealed value', async ({ db }) => {
    const [sealed] = (await loadSealedContactPoints(db, [alice])).get(alice)!;
    expect(() => JSON.stringify({ sealed })).toThrow('cannot be serialized');
    expect(String(sealed)).toBe('[sealed contact data]');
  });
});
