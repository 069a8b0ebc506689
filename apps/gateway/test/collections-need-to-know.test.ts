import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFactory } from '@lending/collections/testing';
import { collectionCasesTable } from '@lending/collections/schema';
import { CONTACT_SCOPES, GRANTABLE } from '@lending/consent';
import { EVIDENCE } from '@lending/consent/testing';
import { Role, ROLES, toGlobalId } from '@lending/kernel';
import {
  CONTACT_DATA_DENIED,
  NOT_ALLOWED,
  accessLog,
  createSubject,
  expectNoSecrets,
  get,
  grant,
  insertRawGrant,
  newLogRows,
  sortByJson,
  type Subject,
} from './consent-fixtures.js';
import { errorCodes, startTestGateway, type GraphQLResponse, type TestGateway } from './harness.js';

// The need-to-know of collectors on contact data, over HTTP: a COLLECTOR reads
// a borrower's contact points and reference contacts for COLLECTIONS only with
// an active grant AND an open case of that borrower assigned to them, decided
// at each read. Each denial below is proven with the field's FORBIDDEN error,
// no access-log row, and no contact value anywhere in the response; the one
// allow with its access-log row, as the borrower reads it.
//
// createSubject opens a case of every subject assigned to collector-1.

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.stop());

const READ = `query CollectorRead($id: ID!) {
  borrower(id: $id) {
    displayName
    contactPoints(purpose: COLLECTIONS) { kind value }
    referenceContacts(purpose: COLLECTIONS) { id name phone relationship }
  }
}`;

const collector = (sub: string) => t.token(Role.COLLECTOR, sub);

async function read(subject: Subject, sub: string): Promise<GraphQLResponse> {
  return t.gql(READ, { token: await collector(sub), variables: { id: subject.gid } });
}

/** A subject with both COLLECTIONS grants a collector can hold. */
async function grantedSubject() {
  const subject = await createSubject(t);
  const points = await grant(t, subject, 'SELF_CONTACT', 'COLLECTIONS', Role.COLLECTOR);
  const references = await grant(t, subject, 'REFERENCE_CONTACTS', 'COLLECTIONS', Role.COLLECTOR);
  return { subject, points, references };
}

/** The subject's open case(s) from createSubject, by borrower. */
async function casesOf(subject: Subject) {
  return t.db.db
    .select()
    .from(collectionCasesTable)
    .where(eq(collectionCasesTable.borrowerId, subject.id));
}

async function updateCasesOf(
  subject: Subject,
  set: Partial<typeof collectionCasesTable.$inferInsert>,
): Promise<void> {
  await t.db.db
    .update(collectionCasesTable)
    .set(set)
    .where(eq(collectionCasesTable.borrowerId, subject.id));
}

const RESOLVED = { status: 'RESOLVED', resolution: 'CURED', resolvedOn: '2026-01-15' } as const;

/** Both contact fields allowed: the subject's own values, one access-log row per field. */
function expectAllowed(res: GraphQLResponse, subject: Subject): void {
  expect(res.errors).toBeUndefined();
  expect(get(res.data, ['borrower', 'displayName'])).toBe(subject.displayName);
  expect(sortByJson(get(res.data, ['borrower', 'contactPoints']) as unknown[])).toEqual(
    sortByJson(subject.points),
  );
  expect(sortByJson(get(res.data, ['borrower', 'referenceContacts']) as unknown[])).toEqual(
    sortByJson(subject.references),
  );
}

/**
 * The borrower record is there (the collector has a case of theirs in the
 * queue), both contact fields are null with the guard's FORBIDDEN, and
 * nothing of the subject's contact data is anywhere in the response.
 */
function expectContactDenied(res: GraphQLResponse, subject: Subject): void {
  expect(get(res.data, ['borrower', 'displayName'])).toBe(subject.displayName);
  expect(get(res.data, ['borrower', 'contactPoints'])).toBeNull();
  expect(get(res.data, ['borrower', 'referenceContacts'])).toBeNull();
  const errors = (res.errors ?? []).map((e) => ({
    message: e.message,
    path: e.path,
    code: e.extensions?.['code'],
  }));
  expect(sortByJson(errors)).toEqual(
    sortByJson([
      { message: CONTACT_DATA_DENIED, path: ['borrower', 'contactPoints'], code: 'FORBIDDEN' },
      { message: CONTACT_DATA_DENIED, path: ['borrower', 'referenceContacts'], code: 'FORBIDDEN' },
    ]),
  );
  expectNoSecrets(res, subject);
}

/** No case of the collector's queue: the borrower record itself is out of reach. */
function expectBorrowerDenied(res: GraphQLResponse, subject: Subject): void {
  expect(res.data).toEqual({ borrower: null });
  expect(res.errors?.map((e) => [e.message, e.path, e.extensions?.['code']])).toEqual([
    [NOT_ALLOWED, ['borrower'], 'FORBIDDEN'],
  ]);
  expect(JSON.stringify(res)).not.toContain(subject.displayName);
  expectNoSecrets(res, subject);
}

/** Reads as `sub` and proves the denial left no row in the access log. */
async function deniedRead(subject: Subject, sub: string): Promise<GraphQLResponse> {
  const { result, rows } = await newLogRows(t, [subject.id], () => read(subject, sub));
  expect(rows).toEqual([[]]);
  return result;
}

describe('a collector reads contact data for COLLECTIONS', () => {
  it('(a) is denied without a grant, though the open case is assigned to them', async () => {
    const subject = await createSubject(t);
    const [kase] = await casesOf(subject);
    expect(kase).toMatchObject({ assignedTo: 'collector-1', status: 'OPEN' });
    expectContactDenied(await deniedRead(subject, 'collector-1'), subject);
  });

  it('(a) is denied with grants for other roles and purposes only', async () => {
    const subject = await createSubject(t);
    await grant(t, subject, 'SELF_CONTACT', 'SERVICING', Role.OPS);
    await grant(t, subject, 'REFERENCE_CONTACTS', 'UNDERWRITING', Role.UNDERWRITER);
    expectContactDenied(await deniedRead(subject, 'collector-1'), subject);
  });

  it('(b) is denied with a grant but no open case assigned to them: the borrower is out of reach', async () => {
    const { subject } = await grantedSubject();
    // collector-2 holds no case of this borrower, and none is unassigned.
    expectBorrowerDenied(await deniedRead(subject, 'collector-2'), subject);
  });

  it('(b) is denied with a grant and only an unassigned case, which shows the borrower but not their contacts', async () => {
    const { subject } = await grantedSubject();
    await updateCasesOf(subject, { assignedTo: null });
    // The unassigned case is in every collector's queue: the record is visible …
    for (const sub of ['collector-1', 'collector-2']) {
      expectContactDenied(await deniedRead(subject, sub), subject);
    }
  });

  it("(b) is denied when the collector's open case is another borrower's", async () => {
    const { subject } = await grantedSubject();
    const other = await createSubject(t, { empty: true });
    await caseFactory(t.db.db, { borrowerId: other.id, assignedTo: 'collector-5' });
    await caseFactory(t.db.db, { borrowerId: subject.id, assignedTo: null });
    expectContactDenied(await deniedRead(subject, 'collector-5'), subject);
  });

  it('(c) is denied when the open case is assigned to another collector, who alone reads', async () => {
    const { subject } = await grantedSubject();
    // The case is collector-1's: collector-2 does not see the borrower at all …
    expectBorrowerDenied(await deniedRead(subject, 'collector-2'), subject);
    // … and with an unassigned case of the borrower in the queue too, sees the
    // record but still not the contacts, which are collector-1's to read.
    await caseFactory(t.db.db, { borrowerId: subject.id, assignedTo: null });
    expectContactDenied(await deniedRead(subject, 'collector-2'), subject);
    expectAllowed(await read(subject, 'collector-1'), subject);
  });

  it('(d) is denied once the case is resolved, on the next read', async () => {
    const { subject } = await grantedSubject();
    expectAllowed(await read(subject, 'collector-1'), subject);
    await updateCasesOf(subject, RESOLVED);
    // No open case at all: the borrower is out of reach.
    expectBorrowerDenied(await deniedRead(subject, 'collector-1'), subject);
    // A resolved case of theirs and an unassigned open one: the record, no contacts.
    await caseFactory(t.db.db, { borrowerId: subject.id, assignedTo: null });
    expectContactDenied(await deniedRead(subject, 'collector-1'), subject);
  });

  it('(d) is denied for a resolved case assigned to them even from the start', async () => {
    const subject = await createSubject(t);
    await updateCasesOf(subject, RESOLVED);
    await grant(t, subject, 'SELF_CONTACT', 'COLLECTIONS', Role.COLLECTOR);
    await grant(t, subject, 'REFERENCE_CONTACTS', 'COLLECTIONS', Role.COLLECTOR);
    await caseFactory(t.db.db, { borrowerId: subject.id, assignedTo: null });
    expectContactDenied(await deniedRead(subject, 'collector-1'), subject);
  });

  it('(e) is denied on the next read of the same token after OPS reassigns the case mid-session', async () => {
    const { subject } = await grantedSubject();
    const [kase] = await casesOf(subject);
    // An unassigned case keeps the borrower in collector-1's queue, so the
    // denial below is the contact guard's, not the record's.
    await caseFactory(t.db.db, { borrowerId: subject.id, assignedTo: null });
    const token = await collector('collector-1');
    const readWith = (tok: string) => t.gql(READ, { token: tok, variables: { id: subject.gid } });

    const before = await newLogRows(t, [subject.id], () => readWith(token));
    expectAllowed(before.result, subject);
    expect(before.rows[0]!.map((r) => r.actorId)).toEqual(['collector-1', 'collector-1']);

    const assigned = await t.gql(
      `mutation Reassign($input: AssignCollectionCaseInput!) {
        assignCollectionCase(input: $input) {
          collectionCase { id assignedTo }
          userErrors { code message field }
        }
      }`,
      {
        token: await t.token(Role.OPS),
        variables: {
          input: { caseId: toGlobalId('CollectionCase', kase!.id), collectorId: 'collector-2' },
        },
      },
    );
    expect(assigned.errors).toBeUndefined();
    expect(get(assigned.data, ['assignCollectionCase'])).toEqual({
      collectionCase: { id: toGlobalId('CollectionCase', kase!.id), assignedTo: 'collector-2' },
      userErrors: [],
    });

    // The same token, the next read: denied.
    const after = await newLogRows(t, [subject.id], () => readWith(token));
    expect(after.rows).toEqual([[]]);
    expectContactDenied(after.result, subject);
    // The new assignee reads.
    expectAllowed(await read(subject, 'collector-2'), subject);
  });

  it('(e) leaves the previous collector nothing at all once reassigned, with no other case in the queue', async () => {
    const { subject } = await grantedSubject();
    const [kase] = await casesOf(subject);
    const token = await collector('collector-1');
    expectAllowed(await t.gql(READ, { token, variables: { id: subject.gid } }), subject);
    const assigned = await t.gql(
      `mutation ($input: AssignCollectionCaseInput!) {
        assignCollectionCase(input: $input) { userErrors { code } }
      }`,
      {
        token: await t.token(Role.OPS),
        variables: {
          input: { caseId: toGlobalId('CollectionCase', kase!.id), collectorId: 'collector-3' },
        },
      },
    );
    expect(get(assigned.data, ['assignCollectionCase', 'userErrors'])).toEqual([]);
    const { result, rows } = await newLogRows(t, [subject.id], () =>
      t.gql(READ, { token, variables: { id: subject.gid } }),
    );
    expect(rows).toEqual([[]]);
    expectBorrowerDenied(result, subject);
  });

  it('(f) is allowed with a grant AND an open case assigned to them, and each read is in the access log the borrower reads', async () => {
    const { subject, points, references } = await grantedSubject();
    const { result, rows } = await newLogRows(t, [subject.id], () => read(subject, 'collector-1'));
    expectAllowed(result, subject);
    expect(rows[0]).toHaveLength(2);

    const log = await t.gql(
      `query Log($id: ID!) {
        contactAccessLog(borrowerId: $id) {
          edges { node { actorId actorRole purpose scope path operationName fields grant { id } } }
        }
      }`,
      { token: await t.borrowerToken(subject.id), variables: { id: subject.gid } },
    );
    expect(log.errors).toBeUndefined();
    const nodes = (
      get(log.data, ['contactAccessLog', 'edges']) as { node: Record<string, unknown> }[]
    ).map((e) => e.node);
    expect(sortByJson(nodes)).toEqual(
      sortByJson([
        {
          actorId: 'collector-1',
          actorRole: 'COLLECTOR',
          purpose: 'COLLECTIONS',
          scope: 'SELF_CONTACT',
          path: 'borrower.contactPoints',
          operationName: 'CollectorRead',
          fields: ['kind', 'value'],
          grant: { id: toGlobalId('ConsentGrant', points.id) },
        },
        {
          actorId: 'collector-1',
          actorRole: 'COLLECTOR',
          purpose: 'COLLECTIONS',
          scope: 'REFERENCE_CONTACTS',
          path: 'borrower.referenceContacts',
          operationName: 'CollectorRead',
          fields: ['id', 'name', 'phone', 'relationship'],
          grant: { id: toGlobalId('ConsentGrant', references.id) },
        },
      ]),
    );
  });

  it.each(['PROMISED', 'HARDSHIP', 'LEGAL'] as const)(
    '(f) is allowed while the assigned case is %s: still open',
    async (status) => {
      const { subject } = await grantedSubject();
      await updateCasesOf(subject, { status });
      expectAllowed(await read(subject, 'collector-1'), subject);
    },
  );

  it('(f) each field is decided on its own grant: one grant, one field', async () => {
    const subject = await createSubject(t);
    await grant(t, subject, 'REFERENCE_CONTACTS', 'COLLECTIONS', Role.COLLECTOR);
    const { result: res, rows } = await newLogRows(t, [subject.id], () =>
      read(subject, 'collector-1'),
    );
    expect(get(res.data, ['borrower', 'contactPoints'])).toBeNull();
    expect(sortByJson(get(res.data, ['borrower', 'referenceContacts']) as unknown[])).toEqual(
      sortByJson(subject.references),
    );
    expect(res.errors?.map((e) => [e.message, e.path, e.extensions?.['code']])).toEqual([
      [CONTACT_DATA_DENIED, ['borrower', 'contactPoints'], 'FORBIDDEN'],
    ]);
    expect(rows[0]!.map((r) => r.scope)).toEqual(['REFERENCE_CONTACTS']);
    const text = JSON.stringify(res);
    for (const p of subject.points) expect(text).not.toContain(p.value);
  });
});

describe('the address book is never reachable for COLLECTIONS', () => {
  const GRANT = `mutation Grant($input: GrantConsentInput!) {
    grantConsent(input: $input) { grant { id } userErrors { code message field } }
  }`;

  it('the policy grants it to no role', () => {
    expect(GRANTABLE.ADDRESS_BOOK.COLLECTIONS ?? []).toEqual([]);
  });

  it.each(ROLES)(
    'refuses the borrower granting ADDRESS_BOOK for COLLECTIONS to %s with POLICY_FORBIDDEN, writing no grant',
    async (grantee) => {
      const subject = await createSubject(t);
      const res = await t.gql(GRANT, {
        token: await t.borrowerToken(subject.id),
        variables: {
          input: {
            borrowerId: subject.gid,
            scope: 'ADDRESS_BOOK',
            purpose: 'COLLECTIONS',
            grantee,
            evidence: { ...EVIDENCE },
          },
        },
      });
      expect(res.errors).toBeUndefined();
      expect(get(res.data, ['grantConsent'])).toEqual({
        grant: null,
        userErrors: [
          {
            code: 'POLICY_FORBIDDEN',
            message:
              'Policy does not allow this scope to be granted for this purpose to this role.',
            field: ['scope'],
          },
        ],
      });
      const grants = await t.gql(
        'query ($id: ID!) { borrower(id: $id) { consentGrants { id } } }',
        {
          token: await t.borrowerToken(subject.id),
          variables: { id: subject.gid },
        },
      );
      expect(get(grants.data, ['borrower', 'consentGrants'])).toEqual([]);
    },
  );

  it('denies the assigned collector the address book for COLLECTIONS, with every grant a collector can hold', async () => {
    const { subject } = await grantedSubject();
    const { result: res, rows } = await newLogRows(t, [subject.id], async () =>
      t.gql(
        `query Book($id: ID!) {
          borrower(id: $id) { displayName addressBook(purpose: COLLECTIONS) { edges { node { name phone } } } }
        }`,
        { token: await collector('collector-1'), variables: { id: subject.gid } },
      ),
    );
    expect(get(res.data, ['borrower', 'displayName'])).toBe(subject.displayName);
    expect(get(res.data, ['borrower', 'addressBook'])).toBeNull();
    expect(res.errors?.map((e) => [e.message, e.path, e.extensions?.['code']])).toEqual([
      [CONTACT_DATA_DENIED, ['borrower', 'addressBook'], 'FORBIDDEN'],
    ]);
    expect(rows).toEqual([[]]);
    expectNoSecrets(res, subject);
  });

  // The guard asks the policy (isGrantable) again at every read.
  it('denies it even under an ADDRESS_BOOK grant row for COLLECTIONS written straight to the table', async () => {
    // grantConsent can never write this row (above); a row put in the table by
    // other means is the worst case, and the guard must not honour a grant the
    // policy forbids: the address book is out of reach of collections whatever
    // the table holds.
    const subject = await createSubject(t);
    await insertRawGrant(t, subject, 'ADDRESS_BOOK', 'COLLECTIONS', Role.COLLECTOR);
    const before = (await accessLog(t, subject.id)).length;
    const res = await t.gql(
      `query ($id: ID!) {
        borrower(id: $id) { displayName addressBook(purpose: COLLECTIONS) { edges { node { name phone } } } }
      }`,
      { token: await collector('collector-1'), variables: { id: subject.gid } },
    );
    expect(get(res.data, ['borrower', 'addressBook'])).toBeNull();
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect((await accessLog(t, subject.id)).length).toBe(before);
    expectNoSecrets(res, subject);
  });

  it('packages/collections/src never imports or names anything of the address book', () => {
    const root = fileURLToPath(new URL('../../../packages/collections/src', import.meta.url));
    const files = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(root, f));
    // The package's core, its GraphQL module and its messages are all in the scan.
    expect(files.length).toBeGreaterThan(20);
    for (const dir of ['graphql', 'messages']) {
      expect(files.some((f) => f.includes(`${join(root, dir)}/`))).toBe(true);
    }
    const forbidden =
      /importAddressBook|loadSealedAddressBookPage|addressBook|ADDRESS_BOOK|address_book/i;
    const offenders = files.filter((f) => forbidden.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
    // The scan would catch an import of the address book, as one would be written.
    for (const line of [
      "import { importAddressBook } from '@lending/consent';",
      "import { loadSealedAddressBookPage } from '@lending/consent';",
      "import { addressBookEntriesTable } from '@lending/consent/schema';",
      'scope: ContactScope.ADDRESS_BOOK,',
      'sql`select * from address_book_entries`',
    ]) {
      expect(forbidden.test(line)).toBe(true);
    }
  });

  it('covers every contact scope: collections reaches only the two a collector may be granted', () => {
    const collectorScopes = CONTACT_SCOPES.filter((scope) =>
      (GRANTABLE[scope].COLLECTIONS ?? []).includes(Role.COLLECTOR),
    );
    expect(collectorScopes.sort()).toEqual(['REFERENCE_CONTACTS', 'SELF_CONTACT']);
  });
});
