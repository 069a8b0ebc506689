import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@lending/db';
import { verifyAccessLog } from '@lending/consent';
import { EVIDENCE } from '@lending/consent/testing';
import { Role } from '@lending/kernel';
import { CONTACT_TABLES, createSubject, get, phone, type Subject } from './consent-fixtures.js';
import { CONTACT_POINTS } from './consent-matrix.js';
import { errorCodes, startTestGateway, type GraphQLResponse, type TestGateway } from './harness.js';

// Contact data must not leak sideways: not through input errors, not through
// ids, and not into the database as plaintext.

let t: TestGateway;
let subject: Subject;
beforeAll(async () => {
  t = await startTestGateway();
  subject = await createSubject(t);
});
afterAll(() => t.stop());

const PHONE = phone(8, 9500, 1);

function expectNoEcho(res: GraphQLResponse<unknown>, ...values: string[]) {
  expect(res.errors?.length ?? 0).toBeGreaterThan(0);
  const text = JSON.stringify(res);
  expect(text).not.toMatch(/did you mean/i);
  for (const value of values) expect(text).not.toContain(value);
}

describe('input coercion errors', () => {
  const READ = `query ($id: ID!, $purpose: AccessPurpose!) {
    borrower(id: $id) { contactPoints(purpose: $purpose) { value } }
  }`;
  const REGISTER = `mutation ($input: RegisterBorrowerInput!) {
    registerBorrower(input: $input) { userErrors { code } }
  }`;
  const registration = (contactPoint: Record<string, unknown>) => ({
    displayName: 'Coerced',
    timeZone: 'Asia/Shanghai',
    idempotencyKey: 'coerce-1',
    contactPoints: [contactPoint],
  });

  it('answers a misspelt purpose variable without the value or a suggestion', async () => {
    const res = await t.gql(READ, { variables: { id: subject.gid, purpose: 'SERVICNG' } });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toBe('Variable "$purpose" got an invalid value.');
    expectNoEcho(res, 'SERVICNG', 'SERVICING');
  });

  it('answers a phone number given as the purpose variable without repeating it', async () => {
    const res = await t.gql(READ, { variables: { id: subject.gid, purpose: PHONE.e164 } });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expectNoEcho(res, PHONE.e164, PHONE.e164.slice(3));
  });

  it.each([
    ['a number', { kind: 'PHONE', value: Number(PHONE.e164.slice(1)) }],
    ['a list', { kind: 'PHONE', value: [PHONE.e164] }],
    ['an object', { kind: 'PHONE', value: { number: PHONE.e164 } }],
    ['a misspelt field', { kind: 'PHONE', valeu: PHONE.e164 }],
    ['an unknown field named by the number', { kind: 'PHONE', value: 'x', [PHONE.e164]: 1 }],
    ['a misspelt kind', { kind: 'PHONEE', value: PHONE.e164 }],
  ])(
    'answers a registration variable carrying the phone as %s without repeating it',
    async (_label, contactPoint) => {
      const before = await queryRows<{ n: number }>(
        t.db.db,
        sql`select count(*)::int as n from borrowers`,
      );
      const res = await t.gql(REGISTER, { variables: { input: registration(contactPoint) } });
      expect(res.data ?? null).toBeNull();
      expect(new Set(errorCodes(res))).toEqual(new Set(['BAD_USER_INPUT']));
      expectNoEcho(res, PHONE.e164, PHONE.e164.slice(1), PHONE.e164.slice(3), 'PHONEE');
      const after = await queryRows<{ n: number }>(
        t.db.db,
        sql`select count(*)::int as n from borrowers`,
      );
      expect(after).toEqual(before);
    },
  );

  it('answers address-book entries with a wrong-typed phone without repeating it', async () => {
    const res = await t.gql(
      `mutation ($input: ImportAddressBookInput!) {
        importAddressBook(input: $input) { imported }
      }`,
      {
        token: await t.borrowerToken(subject.id),
        variables: {
          input: {
            borrowerId: subject.gid,
            entries: [{ name: 'Zhao Lei', phone: Number(PHONE.e164.slice(1)) }],
          },
        },
      },
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expectNoEcho(res, PHONE.e164.slice(1), PHONE.e164.slice(3), 'Zhao Lei');
  });

  it('strips the suggestion from a misspelt argument name', async () => {
    const res = await t.gql(
      'query ($id: ID!) { borrower(id: $id) { contactPoints(purpos: SERVICING) { value } } }',
      { variables: { id: subject.gid } },
    );
    expect(new Set(errorCodes(res))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expectNoEcho(res);
  });

  // Values written into the document itself are checked during validation, not
  // variable coercion: graphql-js repeats them in its message.
  describe('when the value is a literal in the document', () => {
    it('answers a misspelt purpose without the value or a suggestion', async () => {
      const res = await t.gql(
        'query ($id: ID!) { borrower(id: $id) { contactPoints(purpose: SERVICNG) { value } } }',
        { variables: { id: subject.gid } },
      );
      expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expectNoEcho(res, 'SERVICNG');
    });

    it('answers a phone number given as the purpose without repeating it', async () => {
      const res = await t.gql(
        `query ($id: ID!) { borrower(id: $id) { contactPoints(purpose: "${PHONE.e164}") { value } } }`,
        { variables: { id: subject.gid } },
      );
      expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expectNoEcho(res, PHONE.e164, PHONE.e164.slice(3));
    });

    it('answers a phone number written as a number for a String without repeating it', async () => {
      const res = await t.gql(
        `mutation {
          registerBorrower(input: {
            displayName: "Coerced", timeZone: "Asia/Shanghai", idempotencyKey: "coerce-2",
            contactPoints: [{ kind: PHONE, value: ${PHONE.e164.slice(1)} }]
          }) { userErrors { code } }
        }`,
      );
      expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expectNoEcho(res, PHONE.e164.slice(1), PHONE.e164.slice(3));
    });
  });
});

describe('ids', () => {
  it.each([Role.BORROWER, Role.UNDERWRITER, Role.COMPLIANCE, Role.OPS])(
    'gives %s no node for a reference contact id: it is reachable only through the guard',
    async (role) => {
      const token =
        role === Role.BORROWER ? await t.borrowerToken(subject.id) : await t.token(role);
      const res = await t.gql(
        'query ($id: ID!) { node(id: $id) { id ... on Borrower { displayName } } }',
        { token, variables: { id: subject.references[0]!.id } },
      );
      expect(res.data).toEqual({ node: null });
      expect(errorCodes(res)).toEqual(['NOT_FOUND']);
      expect(JSON.stringify(res)).not.toContain(subject.references[0]!.name);
    },
  );
});

describe('caches', () => {
  it('marks a response carrying contact data as not storable by any cache', async () => {
    const res = await t.gql(CONTACT_POINTS.query, {
      token: await t.borrowerToken(subject.id),
      variables: { id: subject.gid, purpose: 'SERVICING' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('stored contact data', () => {
  it('holds no plaintext contact value in any table after writes and reads over HTTP', async () => {
    const ops = await t.token(Role.OPS);
    const mobile = phone(8, 9501, 1);
    const email = 'stored.value@example.cn';
    const postal = '88 Plaintext Road, Pudong, Shanghai';
    const registered = await t.gql(
      `mutation ($input: RegisterBorrowerInput!) {
        registerBorrower(input: $input) { borrower { id } userErrors { code } }
      }`,
      {
        token: ops,
        variables: {
          input: {
            displayName: 'Stored Subject',
            timeZone: 'Asia/Shanghai',
            idempotencyKey: 'stored-1',
            contactPoints: [
              { kind: 'PHONE', value: mobile.input },
              { kind: 'EMAIL', value: email },
              { kind: 'POSTAL_ADDRESS', value: postal },
            ],
          },
        },
      },
    );
    const gid = get(registered.data, ['registerBorrower', 'borrower', 'id']) as string;
    expect(gid).toEqual(expect.any(String));
    const localId = Buffer.from(gid, 'base64url').toString('latin1').split(':')[1]!;
    const self = await t.borrowerToken(localId);

    const reference = { name: 'Qian Reference', relationship: 'Godmother', ...phone(8, 9501, 2) };
    const added = await t.gql(
      `mutation ($input: AddReferenceContactInput!) {
        addReferenceContact(input: $input) { referenceContact { phone } userErrors { code } }
      }`,
      {
        token: self,
        variables: {
          input: {
            borrowerId: gid,
            name: reference.name,
            relationship: reference.relationship,
            phone: reference.input,
          },
        },
      },
    );
    expect(get(added.data, ['addReferenceContact', 'referenceContact', 'phone'])).toBe(
      reference.e164,
    );

    const book = [3, 4].map((k) => ({ name: `Sun Bookentry${k}`, ...phone(8, 9501, k) }));
    const imported = await t.gql(
      `mutation ($input: ImportAddressBookInput!) {
        importAddressBook(input: $input) { imported userErrors { code } }
      }`,
      {
        token: self,
        variables: {
          input: { borrowerId: gid, entries: book.map((e) => ({ name: e.name, phone: e.input })) },
        },
      },
    );
    expect(get(imported.data, ['importAddressBook', 'imported'])).toBe(2);

    for (const [scope, purpose, grantee] of [
      ['SELF_CONTACT', 'SERVICING', 'OPS'],
      ['REFERENCE_CONTACTS', 'UNDERWRITING', 'UNDERWRITER'],
      ['ADDRESS_BOOK', 'FRAUD_PREVENTION', 'UNDERWRITER'],
    ] as const) {
      const granted = await t.gql(
        `mutation ($input: GrantConsentInput!) {
          grantConsent(input: $input) { grant { id } userErrors { code } }
        }`,
        {
          token: self,
          variables: { input: { borrowerId: gid, scope, purpose, grantee, evidence: EVIDENCE } },
        },
      );
      expect(get(granted.data, ['grantConsent', 'userErrors'])).toEqual([]);
    }
    const read = await t.gql(
      `query ($id: ID!) {
        borrower(id: $id) {
          contactPoints(purpose: SERVICING) { value }
        }
      }`,
      { token: ops, variables: { id: gid } },
    );
    expect(read.errors).toBeUndefined();
    const underwriterRead = await t.gql(
      `query ($id: ID!) {
        borrower(id: $id) {
          referenceContacts(purpose: UNDERWRITING) { name phone relationship }
          addressBook(purpose: FRAUD_PREVENTION) { edges { node { name phone } } }
        }
      }`,
      { token: await t.token(Role.UNDERWRITER), variables: { id: gid } },
    );
    expect(underwriterRead.errors).toBeUndefined();
    expect(JSON.stringify(underwriterRead)).toContain(book[1]!.e164);
    const ownRead = await t.gql(CONTACT_POINTS.query, {
      token: self,
      variables: { id: gid, purpose: 'COLLECTIONS' },
    });
    expect(JSON.stringify(ownRead)).toContain(email);

    const plaintexts = [
      mobile.input,
      mobile.e164,
      mobile.e164.slice(1),
      mobile.e164.slice(3),
      email,
      email.split('@')[0]!,
      postal,
      'Plaintext Road',
      reference.name,
      reference.relationship,
      reference.input,
      reference.e164,
      reference.e164.slice(3),
      ...book.flatMap((e) => [e.name, e.input, e.e164, e.e164.slice(3)]),
    ];

    const tables = (
      await queryRows<{ name: string }>(
        t.db.db,
        sql`select table_name as name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
      )
    ).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining([...CONTACT_TABLES]));

    for (const table of tables) {
      const rows = await queryRows<{ row: string }>(
        t.db.db,
        sql`select row_to_json(x)::text as row from ${sql.identifier(table)} x`,
      );
      if ((CONTACT_TABLES as readonly string[]).includes(table)) {
        expect(rows.length, `${table} has rows`).toBeGreaterThan(0);
      }
      for (const { row } of rows) {
        const decoded = Object.values(JSON.parse(row) as Record<string, unknown>)
          .filter((v): v is string => typeof v === 'string' && /^[A-Za-z0-9+/]{24,}={0,2}$/.test(v))
          .map((v) => Buffer.from(v, 'base64').toString('latin1'))
          .join('\n');
        for (const plaintext of plaintexts) {
          expect(row, `${table} holds "${plaintext}"`).not.toContain(plaintext);
          expect(row.toLowerCase(), `${table} holds "${plaintext}"`).not.toContain(
            plaintext.toLowerCase(),
          );
          expect(decoded, `${table} holds "${plaintext}" under base64`).not.toContain(plaintext);
        }
      }
    }

    expect(await verifyAccessLog(t.db.db, localId)).toEqual({ ok: true, length: 5 });
    // The access log names what was read and where, never the values.
    const log = await queryRows<{ fields: string[]; path: string }>(
      t.db.db,
      sql`select fields, path from contact_access_log where borrower_id = ${localId} order by seq`,
    );
    expect(log.map((r) => r.path)).toEqual([
      'addReferenceContact.referenceContact',
      'borrower.contactPoints',
      'borrower.referenceContacts',
      'borrower.addressBook',
      'borrower.contactPoints',
    ]);
  });
});
