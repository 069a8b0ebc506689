import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVIDENCE } from '@lending/consent/testing';
import { OPERATION_LIMITS } from '../src/limits.js';
import { createSubject, get, tableCounts, type Subject } from './consent-fixtures.js';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

// Issue 13, found by outside tools: each probe below once reached the server
// as if it were fine (or failed as if the server were broken). Each now fails
// safely: a coded 4xx, nothing stored, nothing logged as an internal error.

/** Every log line the gateway writes, parsed. */
const logs: { level: number; msg?: string }[] = [];
const logger = pino(
  { level: 'trace' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as { level: number; msg?: string });
      done();
    },
  }),
);
const PINO_ERROR = 50;

let t: TestGateway;
let subject: Subject;
beforeAll(async () => {
  t = await startTestGateway({ logger });
  subject = await createSubject(t);
});
afterAll(() => t.stop());
beforeEach(() => {
  logs.length = 0;
});

const post = (body: string, contentType: string | null) =>
  fetch(t.url, {
    method: 'POST',
    headers: contentType === null ? {} : { 'content-type': contentType },
    body,
  });

describe('a subscription, which the schema does not have', () => {
  it.each([
    ['without a token', null],
    ['with a token', undefined],
  ])(
    'is refused %s with 400 GRAPHQL_VALIDATION_FAILED and no error-level log',
    async (_, token) => {
      const res = await t.gql('subscription { __typename }', token === null ? { token } : {});
      expect(res.status).toBe(400);
      expect(res.data ?? null).toBeNull();
      expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(res.errors?.[0]?.message).toBe('Only query and mutation operations are supported.');
      expect(logs.filter((l) => l.level >= PINO_ERROR)).toEqual([]);
      expect(JSON.stringify(logs)).not.toMatch(/stack|not configured to execute/);
    },
  );

  it('is refused when named and among other operations, too', async () => {
    const res = await t.gql('query Q { __typename } subscription S { __typename }', {
      headers: {},
    });
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('DateTime input that does not exist', () => {
  const GRANT = `mutation Grant($input: GrantConsentInput!) {
    grantConsent(input: $input) { grant { id expiresAt } userErrors { code field } }
  }`;
  const input = (expiresAt: string) => ({
    borrowerId: subject.gid,
    scope: 'SELF_CONTACT',
    purpose: 'SERVICING',
    grantee: 'OPS',
    evidence: { ...EVIDENCE },
    expiresAt,
  });

  // 2027-02-30 was stored as 2027-03-02: a consent that outlived what the borrower asked for.
  it.each(['2027-02-30T00:00:00Z', '2026-02-29T00:00:00Z', '2027-01-01T24:00:00Z'])(
    'refuses grantConsent(expiresAt: %s) as a variable and as a literal, storing nothing',
    async (expiresAt) => {
      const token = await t.borrowerToken(subject.id);
      const before = await tableCounts(t);
      const asVariable = await t.gql(GRANT, { token, variables: { input: input(expiresAt) } });
      expect(asVariable.status).toBe(400);
      expect(errorCodes(asVariable)).toEqual(['BAD_USER_INPUT']);
      const asLiteral = await t.gql(
        `mutation { grantConsent(input: {
          borrowerId: "${subject.gid}", scope: SELF_CONTACT, purpose: SERVICING, grantee: OPS,
          evidence: { documentVersion: "${EVIDENCE.documentVersion}",
            documentSha256: "${EVIDENCE.documentSha256}", channel: "${EVIDENCE.channel}" },
          expiresAt: "${expiresAt}" }) { grant { id } } }`,
        { token },
      );
      expect(asLiteral.status).toBe(400);
      expect(errorCodes(asLiteral)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      for (const res of [asVariable, asLiteral]) {
        expect(res.data ?? null).toBeNull();
        expect(JSON.stringify(res.errors)).not.toContain(expiresAt.slice(0, 10));
      }
      expect(await tableCounts(t)).toEqual(before);
    },
  );

  it('accepts 29 February of a leap year and an offset of +14:00, as the instant written', async () => {
    const res = await t.gql(GRANT, {
      token: await t.borrowerToken(subject.id),
      variables: { input: input('2028-02-29T23:30:00+14:00') },
    });
    expect(res.errors).toBeUndefined();
    expect(get(res.data, ['grantConsent', 'grant', 'expiresAt'])).toBe('2028-02-29T09:30:00.000Z');
  });
});

describe('aliases', () => {
  const aliased = (n: number, field: string) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

  it('counts __typename: 1,300 `aN: __typename` aliases are refused before they run', async () => {
    const res = await t.gql(aliased(1300, '__typename'));
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('counts aliased __typename inside selections and fragments', async () => {
    const inner = Array.from({ length: 20 }, (_, i) => `t${i}: __typename`).join(' ');
    const res = await t.gql(
      `{ viewer { ...F } a: viewer { ...F } } fragment F on Viewer { id ${inner} }`,
    );
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('still answers the limit itself', async () => {
    const res = await t.gql(aliased(OPERATION_LIMITS.maxAliases, '__typename'));
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const over = await t.gql(aliased(OPERATION_LIMITS.maxAliases + 1, '__typename'));
    expect(errorCodes(over)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('the content-type of a POST', () => {
  const body = JSON.stringify({ query: '{ __typename }' });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset=UTF-8',
    'application/json ; charset="utf-8"',
    'application/json;',
  ])('accepts %s', async (contentType) => {
    const res = await post(body, contentType);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it.each([
    ['application/jsonx'],
    ['application/json-patch+json'],
    ['application/jsonp'],
    ['application/json+x'],
    ['application/json, text/plain'],
    ['application/json; charset=latin1'],
    ['application/json; charset'],
    ['text/plain'],
    ['text/plain; application/json'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['application/graphql'],
    [''],
    [null],
  ])('refuses %s with 415 and a coded error, without running it', async (contentType) => {
    const res = await post(body, contentType);
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      errors: [
        {
          message: 'Send the operation as application/json (UTF-8).',
          extensions: { code: 'BAD_REQUEST', requestId: expect.any(String) as string },
        },
      ],
    });
  });
});
