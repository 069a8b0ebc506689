import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_PURPOSES, type ContactScope } from '@lending/consent';
import { EVIDENCE } from '@lending/consent/testing';
import { Role, STAFF_ROLES, toGlobalId, type StaffRole } from '@lending/kernel';
import {
  CONTACT_DATA_DENIED,
  HOUR,
  NOT_ALLOWED,
  createSubject,
  expectAccessRow,
  expectNoSecrets,
  get,
  grant,
  grantable,
  newLogRows,
  onlyError,
  ownPurpose,
  phone,
  revoke,
  sortByJson,
  type Subject,
} from './consent-fixtures.js';
import { ADDRESS_BOOK, CONTACT_POINTS, REFERENCE_CONTACTS } from './consent-matrix.js';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

// Paths to contact data other than borrower(id:) and node(id:) on a Borrower:
// the viewer, aliases, another parent object (ConsentGrant.borrower, payloads),
// and the consent records themselves (access log, grants, their node ids).

let t: TestGateway;
let mallory: Subject;
beforeAll(async () => {
  t = await startTestGateway();
  mallory = await createSubject(t);
});
afterAll(() => t.stop());

const staffId = (role: StaffRole) => `${role.toLowerCase()}-1`;
const selfToken = (s: Subject) => t.borrowerToken(s.id);

/** Selection under each contact field, and how its result compares with the subject's values. */
const SCOPES = {
  SELF_CONTACT: { field: 'contactPoints', selection: '{ kind value }', path: CONTACT_POINTS },
  REFERENCE_CONTACTS: {
    field: 'referenceContacts',
    selection: '{ id name phone relationship }',
    path: REFERENCE_CONTACTS,
  },
  ADDRESS_BOOK: {
    field: 'addressBook',
    selection: '{ edges { node { name phone } } }',
    path: ADDRESS_BOOK,
  },
} as const satisfies Record<ContactScope, unknown>;

describe('viewer { borrower { contactPoints } }', () => {
  const VIEWER = `query Me($purpose: AccessPurpose!) {
    viewer { id borrower { displayName contactPoints(purpose: $purpose) { kind value } } }
  }`;

  it.each(ACCESS_PURPOSES)(
    'lets the borrower read their own contact points for %s, logged without a grant',
    async (purpose) => {
      const subject = await createSubject(t);
      const twin = await createSubject(t, { empty: true });
      for (const s of [subject, twin]) {
        const { result: res, rows } = await newLogRows(t, [s.id], async () =>
          t.gql(VIEWER, { token: await selfToken(s), variables: { purpose } }),
        );
        expect(res.errors).toBeUndefined();
        const borrower = get(res.data, ['viewer', 'borrower']) as Record<string, unknown>;
        expect(borrower['displayName']).toBe(s.displayName);
        expect(sortByJson(borrower['contactPoints'] as unknown[])).toEqual(sortByJson(s.points));
        expect(rows[0]).toHaveLength(1);
        expectAccessRow(rows[0]![0], {
          actorId: s.gid,
          actorRole: Role.BORROWER,
          purpose,
          scope: 'SELF_CONTACT',
          grantId: null,
          fields: ['kind', 'value'],
          path: 'viewer.borrower.contactPoints',
          operationName: 'Me',
        });
      }
    },
  );

  it('never cites a grant for the data subject, whatever grants exist', async () => {
    const subject = await createSubject(t);
    const expiring = await grant(
      t,
      subject,
      'SELF_CONTACT',
      'UNDERWRITING',
      Role.UNDERWRITER,
      new Date(t.clock.now().getTime() + HOUR),
    );
    const revoked = await grant(t, subject, 'SELF_CONTACT', 'COLLECTIONS', Role.COLLECTOR);
    await grant(t, subject, 'SELF_CONTACT', 'SERVICING', Role.OPS);
    await revoke(t, subject, revoked);
    t.clock.advance(2 * HOUR);
    expect(expiring.expiresAt!.getTime()).toBeLessThan(t.clock.now().getTime());
    for (const purpose of ACCESS_PURPOSES) {
      const { rows } = await newLogRows(t, [subject.id], async () =>
        t.gql(VIEWER, { token: await selfToken(subject), variables: { purpose } }),
      );
      expect(rows[0]!.map((r) => [r.purpose, r.grantId])).toEqual([[purpose, null]]);
    }
  });

  it.each(STAFF_ROLES)(
    'gives %s no borrower through the viewer, so nothing to read or log, even under its grant',
    async (role) => {
      const subject = await createSubject(t);
      const purpose = ownPurpose('SELF_CONTACT', role);
      if (purpose) await grant(t, subject, 'SELF_CONTACT', purpose, role);
      const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
        t.gql(VIEWER, {
          token: await t.token(role),
          variables: { purpose: purpose ?? 'SERVICING' },
        }),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ viewer: { id: staffId(role), borrower: null } });
      expect(rows).toEqual([[]]);
      expectNoSecrets(res, subject);
    },
  );
});

describe('no token, and the edge of expiry', () => {
  it('refuses an anonymous request before any contact field runs, logging nothing', async () => {
    const subject = await createSubject(t);
    await grant(t, subject, 'SELF_CONTACT', 'SERVICING', Role.OPS);
    const { result: res, rows } = await newLogRows(t, [subject.id], () =>
      t.gql(CONTACT_POINTS.query, {
        token: null,
        variables: { id: subject.gid, purpose: 'SERVICING' },
      }),
    );
    expect(res.data).toEqual({ borrower: null });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(rows).toEqual([[]]);
    expectNoSecrets(res, subject);
  });

  it('allows a read a millisecond before expiresAt and denies it at expiresAt', async () => {
    const subject = await createSubject(t);
    const expiresAt = new Date(t.clock.now().getTime() + HOUR);
    const g = await grant(
      t,
      subject,
      'REFERENCE_CONTACTS',
      'COLLECTIONS',
      Role.COLLECTOR,
      expiresAt,
    );
    const read = async () =>
      t.gql(
        `query Edge($id: ID!) {
          borrower(id: $id) {
            referenceContacts(purpose: COLLECTIONS) { name }
          }
        }`,
        { token: await t.token(Role.COLLECTOR), variables: { id: subject.gid } },
      );
    t.clock.set(new Date(expiresAt.getTime() - 1));
    const before = await read();
    expect(sortByJson(get(before.data, ['borrower', 'referenceContacts']) as unknown[])).toEqual(
      sortByJson(subject.references.map((r) => ({ name: r.name }))),
    );
    t.clock.set(expiresAt);
    const { result: at, rows } = await newLogRows(t, [subject.id], read);
    expect(get(at.data, ['borrower', 'referenceContacts']) ?? null).toBeNull();
    expect(errorCodes(at)).toContain('FORBIDDEN');
    expect(rows).toEqual([[]]);
    expectNoSecrets(at, subject);
    // The grant reads as EXPIRED at the same instant, for those who may see it.
    const status = await t.gql(
      'query ($id: ID!) { node(id: $id) { ... on ConsentGrant { status } } }',
      {
        token: await t.token(Role.COMPLIANCE),
        variables: { id: toGlobalId('ConsentGrant', g.id) },
      },
    );
    expect(status.data).toEqual({ node: { status: 'EXPIRED' } });
  });
});

describe('aliases', () => {
  const aliased = (scope: ContactScope) => {
    const { field, selection } = SCOPES[scope];
    return `query Aliased($id: ID!, $first: AccessPurpose!, $second: AccessPurpose!) {
      subject: borrower(id: $id) {
        name: displayName
        first: ${field}(purpose: $first) ${selection}
        second: ${field}(purpose: $second) ${selection}
      }
    }`;
  };
  const cases = (['SELF_CONTACT', 'REFERENCE_CONTACTS', 'ADDRESS_BOOK'] as const).flatMap((scope) =>
    grantable(scope).flatMap(({ purpose, grantee }) =>
      (['allowed first', 'denied first'] as const).map((order) => ({
        scope,
        purpose,
        grantee: grantee as StaffRole,
        order,
      })),
    ),
  );

  it.each(cases)(
    '$grantee on $scope: one alias under the $purpose grant reads, one under another purpose is denied ($order)',
    async ({ scope, purpose, grantee, order }) => {
      const subject = await createSubject(t);
      const g = await grant(t, subject, scope, purpose, grantee);
      const denied = ACCESS_PURPOSES.find((p) => p !== purpose)!;
      const [first, second] = order === 'allowed first' ? [purpose, denied] : [denied, purpose];
      const allowedAlias = order === 'allowed first' ? 'first' : 'second';
      const deniedAlias = order === 'allowed first' ? 'second' : 'first';
      const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
        t.gql(aliased(scope), {
          token: await t.token(grantee),
          variables: { id: subject.gid, first, second },
        }),
      );
      const { path } = SCOPES[scope];
      expect(get(res.data, ['subject', 'name'])).toBe(subject.displayName);
      expect(path.normalise(get(res.data, ['subject', allowedAlias]))).toEqual(
        path.expected(subject),
      );
      expect(get(res.data, ['subject', deniedAlias])).toBeNull();
      expect(onlyError(res)).toEqual({
        message: CONTACT_DATA_DENIED,
        path: ['subject', deniedAlias],
        code: 'FORBIDDEN',
      });
      expect(rows[0]).toHaveLength(1);
      expectAccessRow(rows[0]![0], {
        actorId: staffId(grantee),
        actorRole: grantee,
        purpose,
        scope,
        grantId: g.id,
        fields: [...path.fields],
        path: `subject.${allowedAlias}`,
        operationName: 'Aliased',
      });
    },
  );

  it('records two reads under one purpose as two rows, each with its alias', async () => {
    const subject = await createSubject(t);
    const g = await grant(t, subject, 'SELF_CONTACT', 'COLLECTIONS', Role.COLLECTOR);
    const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
      t.gql(aliased('SELF_CONTACT'), {
        token: await t.token(Role.COLLECTOR),
        variables: { id: subject.gid, first: 'COLLECTIONS', second: 'COLLECTIONS' },
      }),
    );
    expect(res.errors).toBeUndefined();
    expect(rows[0]!.map((r) => [r.path, r.grantId]).sort()).toEqual([
      ['subject.first', g.id],
      ['subject.second', g.id],
    ]);
  });

  it('records the union of fields when one field is selected twice and merged', async () => {
    const subject = await createSubject(t);
    const g = await grant(t, subject, 'SELF_CONTACT', 'SERVICING', Role.OPS);
    const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
      t.gql(
        `query Merged($id: ID!) {
          borrower(id: $id) {
            contactPoints(purpose: SERVICING) { kind }
            ...MoreOfTheSame
          }
        }
        fragment MoreOfTheSame on Borrower { contactPoints(purpose: SERVICING) { value } }`,
        { token: await t.token(Role.OPS), variables: { id: subject.gid } },
      ),
    );
    expect(res.errors).toBeUndefined();
    expect(sortByJson(get(res.data, ['borrower', 'contactPoints']) as unknown[])).toEqual(
      sortByJson(subject.points),
    );
    expect(rows[0]).toHaveLength(1);
    expectAccessRow(rows[0]![0], {
      actorId: 'ops-1',
      actorRole: Role.OPS,
      purpose: 'SERVICING',
      scope: 'SELF_CONTACT',
      grantId: g.id,
      fields: ['kind', 'value'],
      path: 'borrower.contactPoints',
      operationName: 'Merged',
    });
  });

  it('lets the data subject read both aliases, one row per purpose, no grant cited', async () => {
    const subject = await createSubject(t);
    const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
      t.gql(aliased('ADDRESS_BOOK'), {
        token: await selfToken(subject),
        variables: { id: subject.gid, first: 'FRAUD_PREVENTION', second: 'COLLECTIONS' },
      }),
    );
    expect(res.errors).toBeUndefined();
    expect(rows[0]!.map((r) => [r.path, r.purpose, r.grantId]).sort()).toEqual([
      ['subject.first', 'FRAUD_PREVENTION', null],
      ['subject.second', 'COLLECTIONS', null],
    ]);
  });

  it.each([Role.COMPLIANCE, Role.OPS])(
    'denies %s both aliases of the address book, with every grantable grant active',
    async (role) => {
      const subject = await createSubject(t);
      for (const g of grantable('ADDRESS_BOOK'))
        await grant(t, subject, 'ADDRESS_BOOK', g.purpose, g.grantee);
      const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
        t.gql(aliased('ADDRESS_BOOK'), {
          token: await t.token(role),
          variables: { id: subject.gid, first: 'FRAUD_PREVENTION', second: 'SERVICING' },
        }),
      );
      expect(res.data).toEqual({
        subject: { name: subject.displayName, first: null, second: null },
      });
      expect(errorCodes(res)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      expect(new Set(res.errors!.map((e) => e.message))).toEqual(new Set([CONTACT_DATA_DENIED]));
      expect(rows).toEqual([[]]);
      expectNoSecrets(res, subject);
    },
  );
});

describe('ConsentGrant.borrower: node(id: grant) { ... on ConsentGrant { borrower { contactPoints } } }', () => {
  const GRANT_BORROWER = `query GrantBorrower($id: ID!, $purpose: AccessPurpose!) {
    node(id: $id) {
      id
      ... on ConsentGrant {
        status
        borrower { displayName contactPoints(purpose: $purpose) { kind value } }
      }
    }
  }`;
  const statuses = ['ACTIVE', 'EXPIRED', 'REVOKED'] as const;

  /** A subject and a twin without data, each with an OPS SERVICING grant in the given status. */
  async function setup(status: (typeof statuses)[number]) {
    const subject = await createSubject(t);
    const twin = await createSubject(t, { empty: true });
    const grants = [];
    for (const s of [subject, twin]) {
      const expiresAt = status === 'EXPIRED' ? new Date(t.clock.now().getTime() + HOUR) : null;
      const g = await grant(t, s, 'SELF_CONTACT', 'SERVICING', Role.OPS, expiresAt);
      if (status === 'REVOKED') await revoke(t, s, g);
      grants.push(toGlobalId('ConsentGrant', g.id));
    }
    if (status === 'EXPIRED') t.clock.advance(2 * HOUR);
    return { subject, twin, grantIds: grants as [string, string] };
  }

  it.each(statuses)('lets the data subject read through their %s grant', async (status) => {
    const { subject, twin, grantIds } = await setup(status);
    for (const [s, id] of [
      [subject, grantIds[0]],
      [twin, grantIds[1]],
    ] as const) {
      const { result: res, rows } = await newLogRows(t, [s.id], async () =>
        t.gql(GRANT_BORROWER, {
          token: await selfToken(s),
          variables: { id, purpose: 'SERVICING' },
        }),
      );
      expect(res.errors).toBeUndefined();
      expect(get(res.data, ['node', 'status'])).toBe(status);
      expect(sortByJson(get(res.data, ['node', 'borrower', 'contactPoints']) as unknown[])).toEqual(
        sortByJson(s.points),
      );
      expect(rows[0]).toHaveLength(1);
      expectAccessRow(rows[0]![0], {
        actorId: s.gid,
        actorRole: Role.BORROWER,
        purpose: 'SERVICING',
        scope: 'SELF_CONTACT',
        grantId: null,
        fields: ['kind', 'value'],
        path: 'node.borrower.contactPoints',
        operationName: 'GrantBorrower',
      });
    }
  });

  it.each(statuses)(
    'shows COMPLIANCE the %s grant and its borrower but denies the contact points for every purpose',
    async (status) => {
      const { subject, twin, grantIds } = await setup(status);
      for (const purpose of ACCESS_PURPOSES) {
        const { result, rows } = await newLogRows(
          t,
          [subject.id, twin.id],
          async () =>
            [
              await t.gql(GRANT_BORROWER, {
                token: await t.token(Role.COMPLIANCE),
                variables: { id: grantIds[0], purpose },
              }),
              await t.gql(GRANT_BORROWER, {
                token: await t.token(Role.COMPLIANCE),
                variables: { id: grantIds[1], purpose },
              }),
            ] as const,
        );
        const [withData, withoutData] = result;
        expect(get(withData.data, ['node', 'status'])).toBe(status);
        expect(get(withData.data, ['node', 'borrower'])).toEqual({
          displayName: subject.displayName,
          contactPoints: null,
        });
        const denial = onlyError(withData);
        expect(denial).toEqual({
          message: CONTACT_DATA_DENIED,
          path: ['node', 'borrower', 'contactPoints'],
          code: 'FORBIDDEN',
        });
        expect(onlyError(withoutData)).toEqual(denial);
        expect(rows).toEqual([[], []]);
        expectNoSecrets(result, subject);
      }
    },
  );

  const outsiders = [Role.OPS, Role.UNDERWRITER, Role.COLLECTOR, 'OTHER_BORROWER'] as const;
  it.each(outsiders.flatMap((role) => statuses.map((status) => ({ role, status }))))(
    'refuses $role the $status grant node itself, so its borrower is out of reach',
    async ({ role, status }) => {
      const { subject, twin, grantIds } = await setup(status);
      const token = role === 'OTHER_BORROWER' ? await selfToken(mallory) : await t.token(role);
      if (role === Role.OPS && status === 'ACTIVE') {
        // The grant is live for OPS, through the borrower itself.
        const live = await t.gql(CONTACT_POINTS.query, {
          token,
          variables: { id: subject.gid, purpose: 'SERVICING' },
        });
        expect(live.errors).toBeUndefined();
      }
      const { result, rows } = await newLogRows(
        t,
        [subject.id, twin.id],
        async () =>
          [
            await t.gql(GRANT_BORROWER, {
              token,
              variables: { id: grantIds[0], purpose: 'SERVICING' },
            }),
            await t.gql(GRANT_BORROWER, {
              token,
              variables: { id: grantIds[1], purpose: 'SERVICING' },
            }),
          ] as const,
      );
      const [withData, withoutData] = result;
      expect(withData.data).toEqual({ node: null });
      const denial = onlyError(withData);
      expect(denial).toEqual({ message: NOT_ALLOWED, path: ['node'], code: 'FORBIDDEN' });
      expect(onlyError(withoutData)).toEqual(denial);
      expect(rows).toEqual([[], []]);
      expectNoSecrets(result, subject);
    },
  );

  it('lets the borrower read through the grantConsent payload, logged at that path', async () => {
    const subject = await createSubject(t);
    const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
      t.gql(
        `mutation Grant($input: GrantConsentInput!) {
          grantConsent(input: $input) {
            grant { id borrower { referenceContacts(purpose: UNDERWRITING) { id name phone relationship } } }
            userErrors { code }
          }
        }`,
        {
          token: await selfToken(subject),
          variables: {
            input: {
              borrowerId: subject.gid,
              scope: 'REFERENCE_CONTACTS',
              purpose: 'UNDERWRITING',
              grantee: 'UNDERWRITER',
              evidence: { ...EVIDENCE },
            },
          },
        },
      ),
    );
    expect(res.errors).toBeUndefined();
    expect(
      sortByJson(
        get(res.data, ['grantConsent', 'grant', 'borrower', 'referenceContacts']) as unknown[],
      ),
    ).toEqual(sortByJson(subject.references));
    expect(rows[0]).toHaveLength(1);
    expectAccessRow(rows[0]![0], {
      actorId: subject.gid,
      actorRole: Role.BORROWER,
      purpose: 'UNDERWRITING',
      scope: 'REFERENCE_CONTACTS',
      grantId: null,
      fields: ['id', 'name', 'phone', 'relationship'],
      path: 'grantConsent.grant.borrower.referenceContacts',
      operationName: 'Grant',
    });
  });

  const REVOKE = `mutation Revoke($input: RevokeConsentInput!, $purpose: AccessPurpose!) {
    revokeConsent(input: $input) {
      grant { status borrower { displayName addressBook(purpose: $purpose) { edges { node { name phone } } } } }
      userErrors { code }
    }
  }`;

  it('denies COMPLIANCE the address book through the revokeConsent payload', async () => {
    const subject = await createSubject(t);
    const g = await grant(t, subject, 'ADDRESS_BOOK', 'FRAUD_PREVENTION', Role.UNDERWRITER);
    const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
      t.gql(REVOKE, {
        token: await t.token(Role.COMPLIANCE),
        variables: {
          input: { grantId: toGlobalId('ConsentGrant', g.id), reason: 'audit' },
          purpose: 'FRAUD_PREVENTION',
        },
      }),
    );
    expect(get(res.data, ['revokeConsent', 'grant', 'status'])).toBe('REVOKED');
    expect(get(res.data, ['revokeConsent', 'grant', 'borrower'])).toEqual({
      displayName: subject.displayName,
      addressBook: null,
    });
    expect(onlyError(res)).toEqual({
      message: CONTACT_DATA_DENIED,
      path: ['revokeConsent', 'grant', 'borrower', 'addressBook'],
      code: 'FORBIDDEN',
    });
    expect(rows).toEqual([[]]);
    expectNoSecrets(res, subject);
  });

  it('lets the borrower read their address book through the revokeConsent payload', async () => {
    const subject = await createSubject(t);
    const g = await grant(t, subject, 'ADDRESS_BOOK', 'FRAUD_PREVENTION', Role.UNDERWRITER);
    const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
      t.gql(REVOKE, {
        token: await selfToken(subject),
        variables: {
          input: { grantId: toGlobalId('ConsentGrant', g.id) },
          purpose: 'FRAUD_PREVENTION',
        },
      }),
    );
    expect(res.errors).toBeUndefined();
    expect(
      ADDRESS_BOOK.normalise(get(res.data, ['revokeConsent', 'grant', 'borrower', 'addressBook'])),
    ).toEqual(ADDRESS_BOOK.expected(subject));
    expect(rows[0]!.map((r) => [r.path, r.grantId, r.actorRole])).toEqual([
      ['revokeConsent.grant.borrower.addressBook', null, 'BORROWER'],
    ]);
  });

  it("denies COMPLIANCE contact data through the access log's grant.borrower", async () => {
    const subject = await createSubject(t);
    await grant(t, subject, 'REFERENCE_CONTACTS', 'UNDERWRITING', Role.UNDERWRITER);
    const proof = await t.gql(REFERENCE_CONTACTS.query, {
      token: await t.token(Role.UNDERWRITER),
      variables: { id: subject.gid, purpose: 'UNDERWRITING' },
    });
    expect(proof.errors).toBeUndefined();
    const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
      t.gql(
        `query LogGrantBorrower($id: ID!) {
          contactAccessLog(borrowerId: $id, first: 1) {
            edges { node { path grant { purpose borrower { displayName referenceContacts(purpose: UNDERWRITING) { name phone } } } } }
          }
        }`,
        { token: await t.token(Role.COMPLIANCE), variables: { id: subject.gid } },
      ),
    );
    expect(get(res.data, ['contactAccessLog', 'edges', 0, 'node'])).toEqual({
      path: 'borrower.referenceContacts',
      grant: {
        purpose: 'UNDERWRITING',
        borrower: { displayName: subject.displayName, referenceContacts: null },
      },
    });
    expect(onlyError(res)).toEqual({
      message: CONTACT_DATA_DENIED,
      path: ['contactAccessLog', 'edges', 0, 'node', 'grant', 'borrower', 'referenceContacts'],
      code: 'FORBIDDEN',
    });
    expect(rows).toEqual([[]]);
    expectNoSecrets(res, subject);
  });
});

describe('registerBorrower payload: borrower { contactPoints } for OPS', () => {
  const REGISTER = `mutation Register($input: RegisterBorrowerInput!, $purpose: AccessPurpose!) {
    registerBorrower(input: $input) {
      borrower { id displayName contactPoints(purpose: $purpose) { kind value } }
      userErrors { code message }
    }
  }`;
  const input = (key: string, mobile: { input: string }) => ({
    displayName: `Registered ${key}`,
    timeZone: 'Asia/Shanghai',
    contactPoints: [
      { kind: 'PHONE', value: mobile.input },
      { kind: 'EMAIL', value: `${key}@example.cn` },
    ],
    idempotencyKey: key,
  });

  it('denies OPS the new borrower’s contact points without a grant, then reads them on replay once granted', async () => {
    const mobile = phone(5, 9001, 1);
    const body = input('register-payload-1', mobile);
    const secrets = {
      secrets: [mobile.input, mobile.e164, mobile.e164.slice(3), 'register-payload-1@example.cn'],
    };
    const ops = await t.token(Role.OPS);

    const first = await t.gql(REGISTER, {
      token: ops,
      variables: { input: body, purpose: 'SERVICING' },
    });
    const borrowerGid = get(first.data, ['registerBorrower', 'borrower', 'id']) as string;
    expect(get(first.data, ['registerBorrower'])).toEqual({
      borrower: {
        id: borrowerGid,
        displayName: 'Registered register-payload-1',
        contactPoints: null,
      },
      userErrors: [],
    });
    expect(onlyError(first)).toEqual({
      message: CONTACT_DATA_DENIED,
      path: ['registerBorrower', 'borrower', 'contactPoints'],
      code: 'FORBIDDEN',
    });
    expectNoSecrets(first, secrets);
    const borrowerId = Buffer.from(borrowerGid, 'base64url').toString('latin1').split(':')[1]!;

    // Replays answer with the same borrower and are denied for every purpose alike.
    for (const purpose of ACCESS_PURPOSES) {
      const { result: replay, rows } = await newLogRows(t, [borrowerId], () =>
        t.gql(REGISTER, { token: ops, variables: { input: body, purpose } }),
      );
      expect(get(replay.data, ['registerBorrower', 'borrower', 'id'])).toBe(borrowerGid);
      expect(get(replay.data, ['registerBorrower', 'borrower', 'contactPoints'])).toBeNull();
      expect(onlyError(replay).message).toBe(CONTACT_DATA_DENIED);
      expect(rows).toEqual([[]]);
      expectNoSecrets(replay, secrets);
    }

    const g = await grant(t, { id: borrowerId }, 'SELF_CONTACT', 'SERVICING', Role.OPS);
    const { result: granted, rows } = await newLogRows(t, [borrowerId], () =>
      t.gql(REGISTER, { token: ops, variables: { input: body, purpose: 'SERVICING' } }),
    );
    expect(granted.errors).toBeUndefined();
    expect(
      sortByJson(get(granted.data, ['registerBorrower', 'borrower', 'contactPoints']) as unknown[]),
    ).toEqual(
      sortByJson([
        { kind: 'PHONE', value: mobile.e164 },
        { kind: 'EMAIL', value: 'register-payload-1@example.cn' },
      ]),
    );
    expect(rows[0]).toHaveLength(1);
    expectAccessRow(rows[0]![0], {
      actorId: 'ops-1',
      actorRole: Role.OPS,
      purpose: 'SERVICING',
      scope: 'SELF_CONTACT',
      grantId: g.id,
      fields: ['kind', 'value'],
      path: 'registerBorrower.borrower.contactPoints',
      operationName: 'Register',
    });

    const { result: otherPurpose, rows: none } = await newLogRows(t, [borrowerId], () =>
      t.gql(REGISTER, { token: ops, variables: { input: body, purpose: 'COLLECTIONS' } }),
    );
    expect(get(otherPurpose.data, ['registerBorrower', 'borrower', 'contactPoints'])).toBeNull();
    expect(onlyError(otherPurpose).code).toBe('FORBIDDEN');
    expect(none).toEqual([[]]);
    expectNoSecrets(otherPurpose, secrets);
  });

  it('denies OPS reference contacts and address book on the payload borrower', async () => {
    const res = await t.gql(
      `mutation Register($input: RegisterBorrowerInput!) {
        registerBorrower(input: $input) {
          borrower {
            displayName
            referenceContacts(purpose: SERVICING) { name }
            addressBook(purpose: SERVICING) { edges { node { phone } } }
          }
        }
      }`,
      { variables: { input: input('register-payload-2', phone(5, 9002, 1)) } },
    );
    expect(get(res.data, ['registerBorrower', 'borrower'])).toEqual({
      displayName: 'Registered register-payload-2',
      referenceContacts: null,
      addressBook: null,
    });
    expect(errorCodes(res)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });
});

describe("addReferenceContact payload's referenceContact", () => {
  const ADD = `mutation AddReference($input: AddReferenceContactInput!) {
    added: addReferenceContact(input: $input) {
      contact: referenceContact { id name phone relationship }
      userErrors { code message field }
    }
  }`;

  it('returns the new contact to the borrower, logged as their own SERVICING read at the aliased path', async () => {
    const subject = await createSubject(t, { empty: true });
    const refPhone = phone(4, 9003, 1);
    const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
      t.gql(ADD, {
        token: await selfToken(subject),
        variables: {
          input: {
            borrowerId: subject.gid,
            name: '  Wang   Fang ',
            relationship: 'colleague',
            phone: refPhone.input,
          },
        },
      }),
    );
    expect(res.errors).toBeUndefined();
    const contact = get(res.data, ['added', 'contact']) as Record<string, string>;
    expect(contact).toEqual({
      id: expect.any(String) as string,
      name: 'Wang Fang',
      phone: refPhone.e164,
      relationship: 'colleague',
    });
    expect(get(res.data, ['added', 'userErrors'])).toEqual([]);
    expect(rows[0]).toHaveLength(1);
    expectAccessRow(rows[0]![0], {
      actorId: subject.gid,
      actorRole: Role.BORROWER,
      purpose: 'SERVICING',
      scope: 'REFERENCE_CONTACTS',
      grantId: null,
      fields: ['id', 'name', 'phone', 'relationship'],
      path: 'added.contact',
      operationName: 'AddReference',
    });

    // And it is the same contact the borrower reads afterwards.
    const after = await t.gql(REFERENCE_CONTACTS.query, {
      token: await selfToken(subject),
      variables: { id: subject.gid, purpose: 'SERVICING' },
    });
    expect(get(after.data, ['borrower', 'referenceContacts'])).toEqual([contact]);
  });
});

describe('contactAccessLog', () => {
  const LOG = `query Log($id: ID!) {
    contactAccessLog(borrowerId: $id) {
      edges { node { id actorId actorRole purpose scope fields path operationName grant { id } } }
    }
  }`;
  let subject: Subject;
  let grantGid: string;
  beforeAll(async () => {
    subject = await createSubject(t);
    const g = await grant(t, subject, 'SELF_CONTACT', 'UNDERWRITING', Role.UNDERWRITER);
    grantGid = toGlobalId('ConsentGrant', g.id);
    const staffRead = await t.gql(CONTACT_POINTS.query, {
      token: await t.token(Role.UNDERWRITER),
      variables: { id: subject.gid, purpose: 'UNDERWRITING' },
    });
    expect(staffRead.errors).toBeUndefined();
    const ownRead = await t.gql(ADDRESS_BOOK.query, {
      token: await selfToken(subject),
      variables: { id: subject.gid, purpose: 'SERVICING' },
    });
    expect(ownRead.errors).toBeUndefined();
  });

  const expectedLog = () => [
    {
      actorId: subject.gid,
      actorRole: 'BORROWER',
      purpose: 'SERVICING',
      scope: 'ADDRESS_BOOK',
      fields: ['edges.node.name', 'edges.node.phone'],
      path: 'borrower.addressBook',
      operationName: 'ReadAddressBook',
      grant: null,
    },
    {
      actorId: 'underwriter-1',
      actorRole: 'UNDERWRITER',
      purpose: 'UNDERWRITING',
      scope: 'SELF_CONTACT',
      fields: ['kind', 'value'],
      path: 'borrower.contactPoints',
      operationName: 'ReadContactPoints',
      grant: { id: grantGid },
    },
  ];

  it.each(['the borrower (own)', 'COMPLIANCE'])(
    'shows %s every read, newest first',
    async (who) => {
      const token =
        who === 'COMPLIANCE' ? await t.token(Role.COMPLIANCE) : await selfToken(subject);
      const res = await t.gql(LOG, { token, variables: { id: subject.gid } });
      expect(res.errors).toBeUndefined();
      const nodes = (
        get(res.data, ['contactAccessLog', 'edges']) as { node: Record<string, unknown> }[]
      ).map(({ node }) => {
        const { id, ...rest } = node;
        expect(id).toEqual(expect.any(String));
        return rest;
      });
      expect(nodes).toEqual(expectedLog());
      expectNoSecrets(res, subject);
    },
  );

  it('refuses another borrower with FORBIDDEN', async () => {
    const res = await t.gql(LOG, {
      token: await selfToken(mallory),
      variables: { id: subject.gid },
    });
    expect(res.data ?? null).toBeNull();
    expect(onlyError(res)).toEqual({
      message: NOT_ALLOWED,
      path: ['contactAccessLog'],
      code: 'FORBIDDEN',
    });
  });

  it.each([Role.UNDERWRITER, Role.COLLECTOR, Role.OPS])(
    'refuses %s with FORBIDDEN',
    async (role) => {
      const res = await t.gql(LOG, { token: await t.token(role), variables: { id: subject.gid } });
      expect(res.data ?? null).toBeNull();
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(res)).not.toContain('underwriter-1');
    },
  );
});

describe('Borrower.consentGrants', () => {
  const GRANTS = `query Grants($id: ID!) {
    borrower(id: $id) { displayName consentGrants { id scope purpose grantee status } }
  }`;
  let subject: Subject;
  let expected: { id: string; scope: string; purpose: string; grantee: string; status: string }[];
  beforeAll(async () => {
    subject = await createSubject(t);
    const active = await grant(t, subject, 'SELF_CONTACT', 'SERVICING', Role.OPS);
    const revoked = await grant(t, subject, 'ADDRESS_BOOK', 'FRAUD_PREVENTION', Role.UNDERWRITER);
    await revoke(t, subject, revoked);
    expected = sortByJson([
      {
        id: toGlobalId('ConsentGrant', active.id),
        scope: 'SELF_CONTACT',
        purpose: 'SERVICING',
        grantee: 'OPS',
        status: 'ACTIVE',
      },
      {
        id: toGlobalId('ConsentGrant', revoked.id),
        scope: 'ADDRESS_BOOK',
        purpose: 'FRAUD_PREVENTION',
        grantee: 'UNDERWRITER',
        status: 'REVOKED',
      },
    ]);
  });

  it.each(['the borrower', 'COMPLIANCE'])('lists the grants for %s', async (who) => {
    const token = who === 'COMPLIANCE' ? await t.token(Role.COMPLIANCE) : await selfToken(subject);
    const res = await t.gql(GRANTS, { token, variables: { id: subject.gid } });
    expect(res.errors).toBeUndefined();
    expect(sortByJson(get(res.data, ['borrower', 'consentGrants']) as unknown[])).toEqual(expected);
  });

  it.each([Role.UNDERWRITER, Role.COLLECTOR, Role.OPS])(
    'refuses %s with FORBIDDEN',
    async (role) => {
      const res = await t.gql(GRANTS, {
        token: await t.token(role),
        variables: { id: subject.gid },
      });
      // consentGrants is non-null, so the refusal nulls the borrower.
      expect(res.data).toEqual({ borrower: null });
      expect(onlyError(res)).toEqual({
        message: NOT_ALLOWED,
        path: ['borrower', 'consentGrants'],
        code: 'FORBIDDEN',
      });
      expect(JSON.stringify(res)).not.toContain('ConsentGrant');
    },
  );

  it('refuses another borrower with FORBIDDEN on the borrower itself', async () => {
    const res = await t.gql(GRANTS, {
      token: await selfToken(mallory),
      variables: { id: subject.gid },
    });
    expect(res.data).toEqual({ borrower: null });
    expect(onlyError(res)).toEqual({ message: NOT_ALLOWED, path: ['borrower'], code: 'FORBIDDEN' });
  });
});

describe('node(id:) on ConsentGrant and ContactAccess ids', () => {
  const NODE = `query Node($id: ID!) {
    node(id: $id) {
      id
      ... on ConsentGrant { scope purpose grantee }
      ... on ContactAccess { actorRole path }
    }
  }`;
  let subject: Subject;
  let grantGid: string;
  let accessGid: string;
  beforeAll(async () => {
    subject = await createSubject(t);
    const g = await grant(t, subject, 'REFERENCE_CONTACTS', 'COLLECTIONS', Role.COLLECTOR);
    grantGid = toGlobalId('ConsentGrant', g.id);
    const read = await t.gql(REFERENCE_CONTACTS.query, {
      token: await t.token(Role.COLLECTOR),
      variables: { id: subject.gid, purpose: 'COLLECTIONS' },
    });
    expect(read.errors).toBeUndefined();
    const log = await t.gql(
      'query ($id: ID!) { contactAccessLog(borrowerId: $id) { edges { node { id } } } }',
      {
        token: await t.token(Role.COMPLIANCE),
        variables: { id: subject.gid },
      },
    );
    accessGid = get(log.data, ['contactAccessLog', 'edges', 0, 'node', 'id']) as string;
  });

  it.each(['the borrower', 'COMPLIANCE'])('resolves both for %s', async (who) => {
    const token = who === 'COMPLIANCE' ? await t.token(Role.COMPLIANCE) : await selfToken(subject);
    const g = await t.gql(NODE, { token, variables: { id: grantGid } });
    expect(g.errors).toBeUndefined();
    expect(g.data).toEqual({
      node: {
        id: grantGid,
        scope: 'REFERENCE_CONTACTS',
        purpose: 'COLLECTIONS',
        grantee: 'COLLECTOR',
      },
    });
    const a = await t.gql(NODE, { token, variables: { id: accessGid } });
    expect(a.errors).toBeUndefined();
    expect(a.data).toEqual({
      node: { id: accessGid, actorRole: 'COLLECTOR', path: 'borrower.referenceContacts' },
    });
  });

  it.each([Role.UNDERWRITER, Role.COLLECTOR, Role.OPS, 'OTHER_BORROWER'] as const)(
    'refuses %s both with FORBIDDEN',
    async (who) => {
      const token = who === 'OTHER_BORROWER' ? await selfToken(mallory) : await t.token(who);
      for (const id of [grantGid, accessGid]) {
        const res = await t.gql(NODE, { token, variables: { id } });
        expect(res.data).toEqual({ node: null });
        expect(onlyError(res)).toEqual({ message: NOT_ALLOWED, path: ['node'], code: 'FORBIDDEN' });
      }
    },
  );
});
