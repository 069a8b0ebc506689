import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

// Issue 13: in production, a caller without a token learnt the schema from
// validation errors (an empty input listed every required field with its
// type), and the introspection refusal named the server and how to switch
// introspection on. Now an anonymous operation is refused before it is
// validated, except the `{ __typename }` probe, and refusals say nothing more.

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ production: true });
});
afterAll(() => t.stop());

const REFUSAL = {
  errors: [
    {
      message: 'Authentication required.',
      extensions: { code: 'UNAUTHENTICATED', requestId: expect.any(String) as string },
    },
  ],
};

/** Words that would describe the schema or the server. */
const SCHEMA_WORDS =
  /borrowerId|GrantConsentInput|ContactScope|Viewer|Query|String|Did you mean|Apollo|introspection/i;

describe('an anonymous operation in production', () => {
  it.each([
    ['a query for data', '{ viewer { id role } }'],
    ['a mutation with an empty input', 'mutation { grantConsent(input: {}) { grant { id } } }'],
    ['a misspelt field', '{ viewr { id } }'],
    ['a wrong argument type', '{ borrower(id: 5) { id } }'],
    ['introspection', '{ __schema { types { name } } }'],
    ['a type probe', '{ __type(name: "Borrower") { fields { name } } }'],
    ['a subscription', 'subscription { __typename }'],
    ['a named __typename', 'query Probe { __typename }'],
    ['an aliased __typename', '{ t: __typename }'],
    ['__typename beside another field', '{ __typename viewer { id } }'],
    ['a syntax error', '{ viewer { id '],
  ])('refuses %s with 401 before validation, saying nothing of the schema', async (_, query) => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const body: unknown = await res.json();
    expect(body).toEqual(REFUSAL);
    expect(JSON.stringify(body)).not.toMatch(SCHEMA_WORDS);
  });

  it('refuses a GET the same way', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ viewr { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(REFUSAL);
  });

  it.each(['{ __typename }', 'query { __typename }', '{\n  __typename\n}'])(
    'answers the health probe %j',
    async (query) => {
      const res = await t.gql(query, { token: null });
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ __typename: 'Query' });
    },
  );

  it('answers the health probe over GET', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses an invalid token with the same generic answer as before', async () => {
    const res = await t.gql('{ viewer { id } }', { token: 'not.a.jwt' });
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors?.[0]?.message).toBe('Invalid or expired token.');
  });
});

describe('an authenticated caller in production', () => {
  it('is refused introspection without naming the server or how to switch it on', async () => {
    const res = await t.gql('{ __schema { queryType { name } } }');
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors?.map((e) => e.message)).toEqual(['Introspection is disabled.']);
    expect(JSON.stringify(res)).not.toMatch(/Apollo|introspection: true|__schema|__type/);
  });

  it('still gets validation errors, to fix its own queries', async () => {
    const res = await t.gql('{ viewr { id } }');
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('gets data', async () => {
    const res = await t.gql('{ viewer { id role } }');
    expect(res.data).toEqual({ viewer: { id: 'ops-1', role: 'OPS' } });
  });
});
