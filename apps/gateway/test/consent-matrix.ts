import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_PURPOSES,
  grantConsent,
  type AccessPurpose,
  type ContactScope,
} from '@lending/consent';
import { EVIDENCE, borrowerActor } from '@lending/consent/testing';
import { Role, STAFF_ROLES, type StaffRole } from '@lending/kernel';
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
  insertRawGrant,
  newLogRows,
  onlyError,
  ownPurpose,
  revoke,
  sortByJson,
  type Subject,
} from './consent-fixtures.js';
import type { GraphQLResponse, TestGateway } from './harness.js';

// The consent matrix over HTTP: every role x grant state x path to contact
// data. Each cell reads a subject that has data and a twin that has none in
// the same grant state, and proves the grant (a read that is allowed) as well
// as the denial.

export const MATRIX_ROLES = [
  'SELF',
  'OTHER_BORROWER',
  Role.UNDERWRITER,
  Role.COLLECTOR,
  Role.COMPLIANCE,
  Role.OPS,
] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

export const GRANT_STATES = [
  'none',
  'active',
  'expired',
  'revoked',
  'wrong purpose',
  'wrong grantee',
  "another borrower's grant",
] as const;
export type GrantState = (typeof GRANT_STATES)[number];

/** One way to reach contact data: a query taking `$id` (the subject) and `$purpose`. */
export interface ContactPath {
  readonly name: string;
  readonly scope: ContactScope;
  readonly operationName: string;
  readonly query: string;
  /** The response key of the object carrying the contact field, e.g. `['borrower']`. */
  readonly parentPath: readonly string[];
  /** The response key of the contact field (its alias, if any). */
  readonly field: string;
  /** The leaf fields the query selects under the contact field, as the access log records them. */
  readonly fields: readonly string[];
  expected(subject: Subject): unknown;
  normalise(value: unknown): unknown;
}

const sortList = (value: unknown) => (Array.isArray(value) ? sortByJson(value) : value);
const sortEdges = (value: unknown) =>
  value && typeof value === 'object' && 'edges' in value
    ? { ...value, edges: sortByJson((value as { edges: unknown[] }).edges) }
    : value;

export const CONTACT_POINTS: ContactPath = {
  name: 'borrower(id:) { contactPoints(purpose:) }',
  scope: 'SELF_CONTACT',
  operationName: 'ReadContactPoints',
  query: `query ReadContactPoints($id: ID!, $purpose: AccessPurpose!) {
    borrower(id: $id) { displayName contactPoints(purpose: $purpose) { kind value } }
  }`,
  parentPath: ['borrower'],
  field: 'contactPoints',
  fields: ['kind', 'value'],
  expected: (s) => sortByJson(s.points),
  normalise: sortList,
};

export const REFERENCE_CONTACTS: ContactPath = {
  name: 'borrower(id:) { referenceContacts(purpose:) }',
  scope: 'REFERENCE_CONTACTS',
  operationName: 'ReadReferences',
  query: `query ReadReferences($id: ID!, $purpose: AccessPurpose!) {
    borrower(id: $id) {
      displayName
      referenceContacts(purpose: $purpose) { id name phone relationship }
    }
  }`,
  parentPath: ['borrower'],
  field: 'referenceContacts',
  fields: ['id', 'name', 'phone', 'relationship'],
  expected: (s) => sortByJson(s.references),
  normalise: sortList,
};

export const ADDRESS_BOOK: ContactPath = {
  name: 'borrower(id:) { addressBook(purpose:) }',
  scope: 'ADDRESS_BOOK',
  operationName: 'ReadAddressBook',
  query: `query ReadAddressBook($id: ID!, $purpose: AccessPurpose!) {
    borrower(id: $id) {
      displayName
      addressBook(purpose: $purpose) { edges { node { name phone } } }
    }
  }`,
  parentPath: ['borrower'],
  field: 'addressBook',
  fields: ['edges.node.name', 'edges.node.phone'],
  expected: (s) => ({ edges: sortByJson(s.addressBook.map((node) => ({ node }))) }),
  normalise: sortEdges,
};

export const NODE_INLINE_CONTACT_POINTS: ContactPath = {
  name: 'node(id:) { ... on Borrower { contactPoints(purpose:) { ... on ContactPoint } } }',
  scope: 'SELF_CONTACT',
  operationName: 'NodeContactPoints',
  query: `query NodeContactPoints($id: ID!, $purpose: AccessPurpose!) {
    node(id: $id) {
      id
      ... on Borrower {
        displayName
        contactPoints(purpose: $purpose) { ... on ContactPoint { kind value } }
      }
    }
  }`,
  parentPath: ['node'],
  field: 'contactPoints',
  fields: ['kind', 'value'],
  expected: (s) => sortByJson(s.points),
  normalise: sortList,
};

export const NODE_NAMED_FRAGMENT_REFERENCES: ContactPath = {
  name: 'node(id:) { ...NamedFragment { referenceContacts(purpose:) { ...Ref } } }',
  scope: 'REFERENCE_CONTACTS',
  operationName: 'NodeReferences',
  query: `query NodeReferences($id: ID!, $purpose: AccessPurpose!) {
    node(id: $id) { ...SubjectReferences }
  }
  fragment SubjectReferences on Borrower {
    displayName
    referenceContacts(purpose: $purpose) { ...Ref }
  }
  fragment Ref on ReferenceContact { id name ...RefPhone }
  fragment RefPhone on ReferenceContact { phone relationship }`,
  parentPath: ['node'],
  field: 'referenceContacts',
  fields: ['id', 'name', 'phone', 'relationship'],
  expected: (s) => sortByJson(s.references),
  normalise: sortList,
};

export const FRAGMENTS_ADDRESS_BOOK: ContactPath = {
  name: 'borrower(id:) { ... on Borrower { ...Book } } with fragments inside the connection',
  scope: 'ADDRESS_BOOK',
  operationName: 'FragmentAddressBook',
  query: `query FragmentAddressBook($id: ID!, $purpose: AccessPurpose!) {
    borrower(id: $id) { ... on Borrower { displayName ...Book } }
  }
  fragment Book on Borrower {
    addressBook(purpose: $purpose) { edges { ... on AddressBookEdge { node { ...Entry } } } }
  }
  fragment Entry on AddressBookEntry { name phone }`,
  parentPath: ['borrower'],
  field: 'addressBook',
  fields: ['edges.node.name', 'edges.node.phone'],
  expected: (s) => ({ edges: sortByJson(s.addressBook.map((node) => ({ node }))) }),
  normalise: sortEdges,
};

const isStaff = (role: MatrixRole): role is StaffRole =>
  (STAFF_ROLES as readonly string[]).includes(role);

/** A staff role other than `role`, for a grant to the wrong grantee. */
const otherStaff = (role: StaffRole): StaffRole => (role === Role.OPS ? Role.COLLECTOR : Role.OPS);

interface Reader {
  readonly label: MatrixRole | StaffRole;
  readonly actorId: (subject: Subject) => string;
  readonly actorRole: Role;
  readonly token: (subject: Subject) => Promise<string>;
}

export function defineContactMatrix(
  gateway: () => TestGateway,
  paths: readonly ContactPath[],
): void {
  let mallory: Subject;
  const tokens = new Map<string, string>();
  const cached = async (key: string, mint: () => Promise<string>) => {
    if (!tokens.has(key)) tokens.set(key, await mint());
    return tokens.get(key)!;
  };

  beforeAll(async () => {
    mallory = await createSubject(gateway());
  });

  const staffReader = (role: StaffRole): Reader => ({
    label: role,
    actorId: () => `${role.toLowerCase()}-1`,
    actorRole: role,
    token: () => cached(role, () => gateway().token(role)),
  });
  const readerOf = (role: MatrixRole): Reader => {
    if (role === 'SELF') {
      return {
        label: role,
        actorId: (s) => s.gid,
        actorRole: Role.BORROWER,
        token: (s) => cached(s.id, () => gateway().borrowerToken(s.id)),
      };
    }
    if (role === 'OTHER_BORROWER') {
      return {
        label: role,
        actorId: () => mallory.gid,
        actorRole: Role.BORROWER,
        token: () => cached(mallory.id, () => gateway().borrowerToken(mallory.id)),
      };
    }
    return staffReader(role);
  };

  async function read(
    path: ContactPath,
    reader: Reader,
    subject: Subject,
    purpose: AccessPurpose,
  ): Promise<GraphQLResponse> {
    return gateway().gql(path.query, {
      token: await reader.token(subject),
      variables: { id: subject.gid, purpose },
    });
  }

  /** Allowed: the exact values, and exactly one access-log row describing this read. */
  async function expectAllowed(
    path: ContactPath,
    reader: Reader,
    subject: Subject,
    purpose: AccessPurpose,
    grantId: string | null,
  ): Promise<void> {
    const t = gateway();
    const { result: res, rows } = await newLogRows(t, [subject.id], () =>
      read(path, reader, subject, purpose),
    );
    expect(res.errors).toBeUndefined();
    expect(get(res.data, [...path.parentPath, 'displayName'])).toBe(subject.displayName);
    expect(path.normalise(get(res.data, [...path.parentPath, path.field]))).toEqual(
      path.expected(subject),
    );
    expect(rows[0]).toHaveLength(1);
    expectAccessRow(rows[0]![0], {
      actorId: reader.actorId(subject),
      actorRole: reader.actorRole,
      purpose,
      scope: path.scope,
      grantId,
      fields: [...path.fields],
      path: [...path.parentPath, path.field].join('.'),
      operationName: path.operationName,
    });
  }

  /**
   * Denied: the field (or, for another borrower, the whole object) is null
   * with one FORBIDDEN error, worded the same for the subject with data and
   * the twin without; siblings intact; nothing logged; no value in the body.
   */
  async function expectDenied(
    path: ContactPath,
    reader: Reader,
    subject: Subject,
    twin: Subject,
    purpose: AccessPurpose,
    mustNotLeak: readonly Subject[],
  ): Promise<void> {
    const t = gateway();
    const {
      result: [withData, withoutData],
      rows,
    } = await newLogRows(
      t,
      [subject.id, twin.id],
      async () =>
        [
          await read(path, reader, subject, purpose),
          await read(path, reader, twin, purpose),
        ] as const,
    );
    const denial = onlyError(withData);
    expect(onlyError(withoutData)).toEqual(denial);
    if (reader.label === 'OTHER_BORROWER') {
      expect(get(withData.data, path.parentPath)).toBeNull();
      expect(denial).toEqual({ message: NOT_ALLOWED, path: path.parentPath, code: 'FORBIDDEN' });
    } else {
      expect(get(withData.data, [...path.parentPath, path.field])).toBeNull();
      expect(get(withData.data, [...path.parentPath, 'displayName'])).toBe(subject.displayName);
      expect(get(withoutData.data, [...path.parentPath, 'displayName'])).toBe(twin.displayName);
      expect(denial).toEqual({
        message: CONTACT_DATA_DENIED,
        path: [...path.parentPath, path.field],
        code: 'FORBIDDEN',
      });
    }
    expect(rows).toEqual([[], []]);
    expectNoSecrets(withData, subject, ...mustNotLeak);
    expectNoSecrets(withoutData, subject, ...mustNotLeak);
  }

  async function runCell(path: ContactPath, role: MatrixRole, state: GrantState): Promise<void> {
    const t = gateway();
    const { scope } = path;
    const reader = readerOf(role);
    const subject = await createSubject(t);
    const twin = await createSubject(t, { empty: true });
    const pair = [subject, twin];
    const staff = isStaff(role) ? role : null;
    const own = staff ? ownPurpose(scope, staff) : null;
    // The grant under test: the role's own when the policy allows one, else the first grantable.
    const tested = own && staff ? { purpose: own, grantee: staff } : grantable(scope)[0]!;
    const grantIds = new Map<string, string>();
    let targets: AccessPurpose[] = [tested.purpose];
    const mustNotLeak: Subject[] = [];

    const grantTested = async (expiresAt: Date | null = null) => {
      for (const s of pair) {
        const g = await grant(t, s, scope, tested.purpose, tested.grantee, expiresAt);
        grantIds.set(s.id, g.id);
      }
    };
    // The grant is live: its grantee reads the subject under it.
    const proveTested = () =>
      expectAllowed(
        path,
        staffReader(tested.grantee as StaffRole),
        subject,
        tested.purpose,
        grantIds.get(subject.id)!,
      );

    switch (state) {
      case 'none':
        break;
      case 'active':
        await grantTested();
        if (staff && !own) {
          // Nothing this role could be granted: grant everything grantable, then try every purpose.
          for (const s of pair) {
            for (const g of grantable(scope).slice(1)) {
              await grant(t, s, scope, g.purpose, g.grantee);
            }
            for (const purpose of ACCESS_PURPOSES) {
              const refused = await grantConsent(t.db.db, t.clock, borrowerActor(s.id), {
                borrowerId: s.id,
                scope,
                purpose,
                grantee: staff,
                expiresAt: null,
                evidence: { ...EVIDENCE },
              });
              expect(refused.ok ? 'granted' : refused.errors[0].code).toBe('POLICY_FORBIDDEN');
            }
          }
          targets = [...ACCESS_PURPOSES];
        }
        break;
      case 'expired':
        await grantTested(new Date(t.clock.now().getTime() + HOUR));
        await proveTested();
        t.clock.advance(2 * HOUR);
        break;
      case 'revoked':
        await grantTested();
        await proveTested();
        for (const s of pair) {
          await revoke(t, s, { id: grantIds.get(s.id)! });
        }
        break;
      case 'wrong purpose':
        await grantTested();
        await proveTested();
        targets = ACCESS_PURPOSES.filter((p) => p !== tested.purpose);
        break;
      case 'wrong grantee': {
        // Every grant the policy allows on this scope to another role, read under its purpose.
        const others = grantable(scope).filter((g) => g.grantee !== staff);
        for (const s of pair) {
          for (const g of others) {
            const stored = await grant(t, s, scope, g.purpose, g.grantee);
            if (g === others[0]) grantIds.set(s.id, stored.id);
          }
        }
        targets = [...new Set(others.map((g) => g.purpose))];
        if (others[0]) {
          await expectAllowed(
            path,
            staffReader(others[0].grantee as StaffRole),
            subject,
            others[0].purpose,
            grantIds.get(subject.id)!,
          );
        }
        if (own && staff) {
          // Exactly this scope and purpose, granted to someone else: the policy never allows
          // two grantees for one (scope, purpose), so the row is written directly.
          for (const s of pair) await insertRawGrant(t, s, scope, own, otherStaff(staff));
          targets.unshift(own);
        }
        break;
      }
      case "another borrower's grant": {
        const other = await createSubject(t);
        mustNotLeak.push(other);
        const g = await grant(t, other, scope, tested.purpose, tested.grantee);
        await expectAllowed(
          path,
          staffReader(tested.grantee as StaffRole),
          other,
          tested.purpose,
          g.id,
        );
        break;
      }
    }

    for (const purpose of targets) {
      const allowed = role === 'SELF' || (state === 'active' && own !== null && purpose === own);
      if (allowed) {
        for (const s of pair) {
          await expectAllowed(
            path,
            reader,
            s,
            purpose,
            role === 'SELF' ? null : grantIds.get(s.id)!,
          );
        }
      } else {
        await expectDenied(path, reader, subject, twin, purpose, mustNotLeak);
      }
    }
  }

  for (const path of paths) {
    describe(path.name, () => {
      for (const role of MATRIX_ROLES) {
        describe(
          role === 'SELF'
            ? 'BORROWER (the data subject)'
            : role === 'OTHER_BORROWER'
              ? 'BORROWER (another borrower)'
              : role,
          () => {
            for (const state of GRANT_STATES) {
              const expectation =
                role === 'SELF' ||
                (state === 'active' && isStaff(role) && ownPurpose(path.scope, role))
                  ? 'reads'
                  : 'is denied';
              it(`${expectation} with grant state: ${state}`, () => runCell(path, role, state));
            }
          },
        );
      }
    });
  }
}
