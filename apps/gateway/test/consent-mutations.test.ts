import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_PURPOSES, CONTACT_SCOPES, isGrantable } from '@lending/consent';
import { EVIDENCE } from '@lending/consent/testing';
import { ROLES, Role, STAFF_ROLES, toGlobalId } from '@lending/kernel';
import {
  CONTACT_DATA_DENIED,
  NOT_ALLOWED,
  createSubject,
  expectNoSecrets,
  get,
  grant,
  onlyError,
  phone,
  sortByJson,
  tableCounts,
  type Subject,
} from './consent-fixtures.js';
import { ADDRESS_BOOK, CONTACT_POINTS, REFERENCE_CONTACTS } from './consent-matrix.js';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

// The consent mutations over HTTP with real tokens: who may call them, what
// they refuse, and that a refusal writes nothing and echoes no value.

let t: TestGateway;
let subject: Subject;
let mallory: Subject;
beforeAll(async () => {
  t = await startTestGateway();
  subject = await createSubject(t);
  mallory = await createSubject(t);
});
afterAll(() => t.stop());

const selfToken = (s: Subject) => t.borrowerToken(s.id);
const tokenFor = async (who: Role | 'OTHER_BORROWER') =>
  who === 'OTHER_BORROWER'
    ? selfToken(mallory)
    : who === Role.BORROWER
      ? selfToken(subject)
      : t.token(who);

describe('registerBorrower', () => {
  const REGISTER = `mutation Register($input: RegisterBorrowerInput!) {
    registerBorrower(input: $input) {
      borrower { id displayName timeZone }
      userErrors { code message field }
    }
  }`;
  const input = (key: string, overrides: Record<string, unknown> = {}) => ({
    displayName: `Applicant ${key}`,
    timeZone: 'Asia/Shanghai',
    contactPoints: [
      { kind: 'PHONE', value: phone(3, 9100, Number(key.replace(/\D/g, '') || 0)).input },
      { kind: 'EMAIL', value: `applicant.${key}@example.cn` },
    ],
    idempotencyKey: key,
    ...overrides,
  });

  it.each([Role.BORROWER, Role.UNDERWRITER, Role.COLLECTOR, Role.COMPLIANCE])(
    'refuses %s with FORBIDDEN and writes nothing',
    async (role) => {
      const before = await tableCounts(t);
      const res = await t.gql(REGISTER, {
        token: await tokenFor(role),
        variables: { input: input(`reg-forbidden-${role}`) },
      });
      expect(res.data ?? null).toBeNull();
      expect(onlyError(res)).toEqual({
        message: NOT_ALLOWED,
        path: ['registerBorrower'],
        code: 'FORBIDDEN',
      });
      expect(await tableCounts(t)).toEqual(before);
    },
  );

  it('lets OPS register once per key: a replay returns the same borrower and writes nothing more', async () => {
    const body = input('reg-1');
    const before = await tableCounts(t);
    const first = await t.gql(REGISTER, { variables: { input: body } });
    expect(first.errors).toBeUndefined();
    const borrower = get(first.data, ['registerBorrower', 'borrower']) as { id: string };
    expect(borrower).toEqual({
      id: expect.any(String) as string,
      displayName: 'Applicant reg-1',
      timeZone: 'Asia/Shanghai',
    });
    expect(get(first.data, ['registerBorrower', 'userErrors'])).toEqual([]);
    const afterFirst = await tableCounts(t);
    expect(afterFirst).toEqual({
      ...before,
      borrowers: before['borrowers']! + 1,
      contact_points: before['contact_points']! + 2,
      idempotency_keys: before['idempotency_keys']! + 1,
    });

    const replay = await t.gql(REGISTER, { variables: { input: body } });
    expect(replay.errors).toBeUndefined();
    expect(get(replay.data, ['registerBorrower'])).toEqual({ borrower, userErrors: [] });

    // The same contact points spelt differently are the same input.
    const respelt = await t.gql(REGISTER, {
      variables: {
        input: {
          ...body,
          contactPoints: [
            { kind: 'EMAIL', value: 'applicant.reg-1@EXAMPLE.CN' },
            { kind: 'PHONE', value: phone(3, 9100, 1).e164 },
          ],
        },
      },
    });
    expect(get(respelt.data, ['registerBorrower', 'borrower', 'id'])).toBe(borrower.id);
    expect(await tableCounts(t)).toEqual(afterFirst);
  });

  it('answers the same key with different input with a CONFLICT userError and writes nothing', async () => {
    await t.gql(REGISTER, { variables: { input: input('reg-2') } });
    const before = await tableCounts(t);
    const res = await t.gql(REGISTER, {
      variables: { input: input('reg-2', { displayName: 'Someone else' }) },
    });
    expect(res.errors).toBeUndefined();
    expect(get(res.data, ['registerBorrower'])).toEqual({
      borrower: null,
      userErrors: [
        {
          code: 'CONFLICT',
          message: 'This idempotency key was already used with different input.',
          field: ['idempotencyKey'],
        },
      ],
    });
    expect(await tableCounts(t)).toEqual(before);
  });

  it('scopes keys to the registering actor', async () => {
    const body = input('reg-3');
    const a = await t.gql(REGISTER, { variables: { input: body } });
    const b = await t.gql(REGISTER, {
      token: await t.token(Role.OPS, 'ops-2'),
      variables: { input: body },
    });
    expect(get(a.data, ['registerBorrower', 'borrower', 'id'])).toEqual(expect.any(String));
    expect(get(b.data, ['registerBorrower', 'borrower', 'id'])).toEqual(expect.any(String));
    expect(get(a.data, ['registerBorrower', 'borrower', 'id'])).not.toBe(
      get(b.data, ['registerBorrower', 'borrower', 'id']),
    );
  });

  it.each([
    ['a phone without country code', '139 1234 5678', 'INVALID_PHONE'],
    ['an impossible phone', '+86 123 4567 8901', 'INVALID_PHONE'],
    ['a phone longer than any number', `+86 ${'9'.repeat(60)}`, 'INVALID_PHONE'],
  ])(
    'refuses %s with a userError that does not repeat it, and writes nothing',
    async (_label, bad, code) => {
      const before = await tableCounts(t);
      const key = `reg-bad-${bad.length}`;
      const body = input(key, {
        contactPoints: [
          { kind: 'EMAIL', value: 'applicant.bad@example.cn' },
          { kind: 'PHONE', value: bad },
        ],
      });
      const res = await t.gql(REGISTER, { variables: { input: body } });
      expect(res.errors).toBeUndefined();
      expect(get(res.data, ['registerBorrower', 'borrower'])).toBeNull();
      const errors = get(res.data, ['registerBorrower', 'userErrors']) as {
        code: string;
        message: string;
        field: string[];
      }[];
      expect(errors).toHaveLength(1);
      expect(errors[0]!.code).toBe(code);
      expect(errors[0]!.field).toEqual(['contactPoints', '1', 'value']);
      const text = JSON.stringify(res);
      for (const form of [bad, bad.replace(/\D/g, ''), bad.trim()]) {
        expect(errors[0]!.message).not.toContain(form);
        expect(text).not.toContain(form);
      }
      expect(text).not.toContain('applicant.bad@example.cn');
      expect(await tableCounts(t)).toEqual(before);

      // The key was not consumed: corrected input registers.
      const fixed = await t.gql(REGISTER, {
        variables: {
          input: {
            ...body,
            contactPoints: [{ kind: 'PHONE', value: phone(3, 9101, bad.length).input }],
          },
        },
      });
      expect(get(fixed.data, ['registerBorrower', 'userErrors'])).toEqual([]);
    },
  );

  it('reports every bad contact point at once, none of them echoed', async () => {
    const before = await tableCounts(t);
    const res = await t.gql(REGISTER, {
      variables: {
        input: input('reg-bad-2', {
          contactPoints: [
            { kind: 'EMAIL', value: 'not-an-email-secret' },
            { kind: 'PHONE', value: '+1 000 secret' },
            { kind: 'POSTAL_ADDRESS', value: '   ' },
          ],
        }),
      },
    });
    expect(
      (get(res.data, ['registerBorrower', 'userErrors']) as { code: string }[]).map((e) => e.code),
    ).toEqual(['INVALID_EMAIL', 'INVALID_PHONE', 'INVALID_POSTAL_ADDRESS']);
    expect(JSON.stringify(res)).not.toMatch(/secret/);
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe('grantConsent', () => {
  const GRANT = `mutation Grant($input: GrantConsentInput!) {
    grantConsent(input: $input) {
      grant {
        id scope purpose grantee status grantedAt expiresAt revokedAt
        evidence { documentVersion documentSha256 channel }
        borrower { id }
      }
      userErrors { code message field }
    }
  }`;
  const input = (overrides: Record<string, unknown> = {}) => ({
    borrowerId: subject.gid,
    scope: 'SELF_CONTACT',
    purpose: 'SERVICING',
    grantee: 'OPS',
    evidence: { ...EVIDENCE },
    ...overrides,
  });

  it('lets the borrower grant, answering with the stored grant', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    const res = await t.gql(GRANT, {
      token: await selfToken(subject),
      variables: { input: input({ expiresAt }) },
    });
    expect(res.errors).toBeUndefined();
    expect(get(res.data, ['grantConsent'])).toEqual({
      grant: {
        id: expect.any(String) as string,
        scope: 'SELF_CONTACT',
        purpose: 'SERVICING',
        grantee: 'OPS',
        status: 'ACTIVE',
        grantedAt: t.clock.now().toISOString(),
        expiresAt,
        revokedAt: null,
        evidence: { ...EVIDENCE },
        borrower: { id: subject.gid },
      },
      userErrors: [],
    });
  });

  it.each(STAFF_ROLES)('refuses %s with FORBIDDEN and stores no grant', async (role) => {
    const before = await tableCounts(t);
    const res = await t.gql(GRANT, {
      token: await t.token(role),
      variables: { input: input({ grantee: role }) },
    });
    expect(res.data ?? null).toBeNull();
    expect(onlyError(res)).toEqual({
      message: NOT_ALLOWED,
      path: ['grantConsent'],
      code: 'FORBIDDEN',
    });
    expect(await tableCounts(t)).toEqual(before);
  });

  it("refuses a borrower granting on another borrower's data with FORBIDDEN", async () => {
    const before = await tableCounts(t);
    const res = await t.gql(GRANT, {
      token: await selfToken(mallory),
      variables: { input: input() },
    });
    expect(res.data ?? null).toBeNull();
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('refuses the address book for COLLECTIONS with a POLICY_FORBIDDEN userError', async () => {
    const before = await tableCounts(t);
    const res = await t.gql(GRANT, {
      token: await selfToken(subject),
      variables: {
        input: input({ scope: 'ADDRESS_BOOK', purpose: 'COLLECTIONS', grantee: 'COLLECTOR' }),
      },
    });
    expect(res.errors).toBeUndefined();
    expect(get(res.data, ['grantConsent'])).toEqual({
      grant: null,
      userErrors: [
        {
          code: 'POLICY_FORBIDDEN',
          message: 'Policy does not allow this scope to be granted for this purpose to this role.',
          field: ['scope'],
        },
      ],
    });
    expect(await tableCounts(t)).toEqual(before);
  });

  const table = CONTACT_SCOPES.flatMap((scope) =>
    ACCESS_PURPOSES.flatMap((purpose) =>
      ROLES.map((grantee) => ({
        scope,
        purpose,
        grantee,
        outcome: isGrantable(scope, purpose, grantee) ? 'granted' : 'POLICY_FORBIDDEN',
      })),
    ),
  );
  it('applies the policy table to every scope x purpose x grantee', async () => {
    const token = await selfToken(subject);
    const outcomes = [];
    for (const { scope, purpose, grantee } of table) {
      const res = await t.gql(GRANT, {
        token,
        variables: { input: input({ scope, purpose, grantee }) },
      });
      expect(res.errors).toBeUndefined();
      const userErrors = get(res.data, ['grantConsent', 'userErrors']) as { code: string }[];
      outcomes.push({
        scope,
        purpose,
        grantee,
        outcome: userErrors.length === 0 ? 'granted' : userErrors.map((e) => e.code).join(),
      });
    }
    expect(outcomes).toEqual(table);
    expect(table.filter((c) => c.outcome === 'granted')).toHaveLength(6);
  });

  it('refuses an expiry in the past with INVALID_EXPIRY', async () => {
    const res = await t.gql(GRANT, {
      token: await selfToken(subject),
      variables: { input: input({ expiresAt: t.clock.now().toISOString() }) },
    });
    expect(
      (get(res.data, ['grantConsent', 'userErrors']) as { code: string }[]).map((e) => e.code),
    ).toEqual(['INVALID_EXPIRY']);
  });
});

describe('revokeConsent', () => {
  const REVOKE = `mutation Revoke($input: RevokeConsentInput!) {
    revokeConsent(input: $input) {
      grant { id status revokedAt }
      userErrors { code message }
    }
  }`;
  const readAsOps = async (s: Subject) =>
    t.gql(CONTACT_POINTS.query, {
      token: await t.token(Role.OPS),
      variables: { id: s.gid, purpose: 'SERVICING' },
    });

  it('takes effect on the very next read, at the same instant', async () => {
    const s = await createSubject(t);
    const g = await grant(t, s, 'SELF_CONTACT', 'SERVICING', Role.OPS);
    const before = await readAsOps(s);
    expect(before.errors).toBeUndefined();
    expect(sortByJson(get(before.data, ['borrower', 'contactPoints']) as unknown[])).toEqual(
      sortByJson(s.points),
    );

    const now = t.clock.now().toISOString();
    const res = await t.gql(REVOKE, {
      token: await selfToken(s),
      variables: { input: { grantId: toGlobalId('ConsentGrant', g.id), reason: 'changed mind' } },
    });
    expect(get(res.data, ['revokeConsent'])).toEqual({
      grant: { id: toGlobalId('ConsentGrant', g.id), status: 'REVOKED', revokedAt: now },
      userErrors: [],
    });

    const after = await readAsOps(s);
    expect(get(after.data, ['borrower', 'contactPoints'])).toBeNull();
    expect(onlyError(after)).toEqual({
      message: CONTACT_DATA_DENIED,
      path: ['borrower', 'contactPoints'],
      code: 'FORBIDDEN',
    });
    expectNoSecrets(after, s);
  });

  it('answers a second revocation with the grant as it is, not an error', async () => {
    const s = await createSubject(t, { empty: true });
    const g = await grant(t, s, 'SELF_CONTACT', 'SERVICING', Role.OPS);
    const variables = { input: { grantId: toGlobalId('ConsentGrant', g.id) } };
    const first = await t.gql(REVOKE, { token: await selfToken(s), variables });
    const revokedAt = get(first.data, ['revokeConsent', 'grant', 'revokedAt']);
    t.clock.advance(60_000);
    const second = await t.gql(REVOKE, { token: await selfToken(s), variables });
    expect(second.errors).toBeUndefined();
    expect(get(second.data, ['revokeConsent'])).toEqual({
      grant: { id: toGlobalId('ConsentGrant', g.id), status: 'REVOKED', revokedAt },
      userErrors: [],
    });
  });

  it('lets COMPLIANCE revoke, effective on the next read', async () => {
    const s = await createSubject(t);
    const g = await grant(t, s, 'REFERENCE_CONTACTS', 'COLLECTIONS', Role.COLLECTOR);
    const read = async () =>
      t.gql(REFERENCE_CONTACTS.query, {
        token: await t.token(Role.COLLECTOR),
        variables: { id: s.gid, purpose: 'COLLECTIONS' },
      });
    expect((await read()).errors).toBeUndefined();
    const res = await t.gql(REVOKE, {
      token: await t.token(Role.COMPLIANCE),
      variables: { input: { grantId: toGlobalId('ConsentGrant', g.id), reason: 'complaint' } },
    });
    expect(get(res.data, ['revokeConsent', 'grant', 'status'])).toBe('REVOKED');
    const after = await read();
    expect(errorCodes(after)).toEqual(['FORBIDDEN']);
    expectNoSecrets(after, s);
  });

  it.each([Role.OPS, Role.UNDERWRITER, Role.COLLECTOR, 'OTHER_BORROWER'] as const)(
    'refuses %s with FORBIDDEN and leaves the grant working',
    async (who) => {
      const s = await createSubject(t);
      const g = await grant(t, s, 'SELF_CONTACT', 'SERVICING', Role.OPS);
      const res = await t.gql(REVOKE, {
        token: await tokenFor(who),
        variables: { input: { grantId: toGlobalId('ConsentGrant', g.id) } },
      });
      expect(res.data ?? null).toBeNull();
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
      const still = await readAsOps(s);
      expect(still.errors).toBeUndefined();
      expect(sortByJson(get(still.data, ['borrower', 'contactPoints']) as unknown[])).toEqual(
        sortByJson(s.points),
      );
    },
  );
});

describe('addReferenceContact', () => {
  const ADD = `mutation Add($input: AddReferenceContactInput!) {
    addReferenceContact(input: $input) {
      referenceContact { name phone }
      userErrors { code message field }
    }
  }`;
  const input = (s: Subject, overrides: Record<string, unknown> = {}) => ({
    borrowerId: s.gid,
    name: 'Li Lei',
    relationship: 'brother',
    phone: phone(2, 9200, 1).input,
    ...overrides,
  });

  it.each([...STAFF_ROLES, 'OTHER_BORROWER'] as const)(
    "refuses %s on the borrower's behalf with FORBIDDEN and stores nothing",
    async (who) => {
      const before = await tableCounts(t);
      const res = await t.gql(ADD, {
        token: await tokenFor(who),
        variables: { input: input(subject) },
      });
      expect(res.data ?? null).toBeNull();
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
      expect(await tableCounts(t)).toEqual(before);
      expect(JSON.stringify(res)).not.toContain(phone(2, 9200, 1).e164);
    },
  );

  it('refuses a bad phone with a userError that does not repeat it, storing nothing', async () => {
    const s = await createSubject(t, { empty: true });
    const before = await tableCounts(t);
    const res = await t.gql(ADD, {
      token: await selfToken(s),
      variables: { input: input(s, { phone: '+86 555 0000 1' }) },
    });
    expect(res.errors).toBeUndefined();
    expect(get(res.data, ['addReferenceContact', 'referenceContact'])).toBeNull();
    const errors = get(res.data, ['addReferenceContact', 'userErrors']) as { code: string }[];
    expect(errors.map((e) => e.code)).toEqual(['INVALID_PHONE']);
    expect(JSON.stringify(res)).not.toContain('555 0000 1');
    expect(JSON.stringify(res)).not.toContain('55500001');
    const after = await tableCounts(t);
    expect(after['reference_contacts']).toBe(before['reference_contacts']);
  });
});

describe('importAddressBook', () => {
  const IMPORT = `mutation Import($input: ImportAddressBookInput!) {
    importAddressBook(input: $input) { imported userErrors { code message field } }
  }`;
  const entries = (count: number, block: number) =>
    Array.from({ length: count }, (_, i) => ({
      name: `Contact ${block}-${i}`,
      phone: phone(1, block, i).input,
    }));
  const importAs = async (s: Subject, list: unknown[], token?: string) =>
    t.gql(IMPORT, {
      token: token ?? (await selfToken(s)),
      variables: { input: { borrowerId: s.gid, entries: list } },
    });
  const bookOf = async (s: Subject) => {
    const res = await t.gql(ADDRESS_BOOK.query, {
      token: await selfToken(s),
      variables: { id: s.gid, purpose: 'SERVICING' },
    });
    return (get(res.data, ['borrower', 'addressBook', 'edges']) as { node: unknown }[]).map(
      (e) => e.node,
    );
  };

  it.each([...STAFF_ROLES, 'OTHER_BORROWER'] as const)(
    "refuses %s on the borrower's behalf with FORBIDDEN and stores nothing",
    async (who) => {
      const before = await tableCounts(t);
      const res = await importAs(subject, entries(2, 9300), await tokenFor(who));
      expect(res.data ?? null).toBeNull();
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
      expect(await tableCounts(t)).toEqual(before);
    },
  );

  it('refuses 5,001 entries with a userError and stores nothing', async () => {
    const s = await createSubject(t, { empty: true });
    const before = await tableCounts(t);
    const res = await importAs(s, entries(5001, 9301));
    expect(res.errors).toBeUndefined();
    expect(get(res.data, ['importAddressBook'])).toEqual({
      imported: 0,
      userErrors: [
        {
          code: 'LIMIT_EXCEEDED',
          message: 'At most 5000 entries per import.',
          field: ['entries'],
        },
      ],
    });
    expect(await tableCounts(t)).toEqual(before);
  });

  it('accepts exactly 5,000 entries', async () => {
    const s = await createSubject(t, { empty: true });
    const res = await importAs(s, entries(5000, 9302));
    expect(get(res.data, ['importAddressBook'])).toEqual({ imported: 5000, userErrors: [] });
  });

  it('stores nothing when one entry is bad, and names the entry without repeating it', async () => {
    const s = await createSubject(t, { empty: true });
    const before = await tableCounts(t);
    const list = entries(4, 9303);
    list[2] = { name: 'Bad Entry', phone: '+86 12 3456' };
    const res = await importAs(s, list);
    expect(get(res.data, ['importAddressBook', 'imported'])).toBe(0);
    const errors = get(res.data, ['importAddressBook', 'userErrors']) as {
      code: string;
      field: string[];
    }[];
    expect(errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_PHONE', ['entries', '2', 'phone']],
    ]);
    expect(JSON.stringify(res)).not.toContain('12 3456');
    expect(JSON.stringify(res)).not.toContain('123456');
    expect(await tableCounts(t)).toEqual(before);
    expect(await bookOf(s)).toEqual([]);
  });

  it('skips duplicates, within an import and against what is stored, and counts only new ones', async () => {
    const s = await createSubject(t, { empty: true });
    const a = phone(1, 9304, 1);
    const b = phone(1, 9304, 2);
    const c = phone(1, 9304, 3);
    const first = await importAs(s, [
      { name: 'Alpha', phone: a.input },
      { name: 'Beta', phone: b.input },
      { name: 'Alpha again', phone: a.e164 },
    ]);
    expect(get(first.data, ['importAddressBook'])).toEqual({ imported: 2, userErrors: [] });
    const second = await importAs(s, [
      { name: 'Alpha third', phone: ` ${a.input} ` },
      { name: 'Gamma', phone: c.input },
    ]);
    expect(get(second.data, ['importAddressBook'])).toEqual({ imported: 1, userErrors: [] });
    expect(sortByJson(await bookOf(s))).toEqual(
      sortByJson([
        { name: 'Alpha', phone: a.e164 },
        { name: 'Beta', phone: b.e164 },
        { name: 'Gamma', phone: c.e164 },
      ]),
    );
  });
});
