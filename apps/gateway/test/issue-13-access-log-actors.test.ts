import { SignJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role, toGlobalId } from '@lending/kernel';
import { createSubject, type Subject } from './consent-fixtures.js';
import { startTestGateway, TEST_SECRET, type TestGateway } from './harness.js';

// Who read, as the borrower's own log shows it: the server's request id (never the
// caller's, which is kept apart), the token's id, and whoever acted through a token
// issued to someone else.

let t: TestGateway;
let subject: Subject;
beforeAll(async () => {
  t = await startTestGateway();
  subject = await createSubject(t);
});
afterAll(() => t.stop());

const READ = `query ($id: ID!) { borrower(id: $id) { contactPoints(purpose: SERVICING) { kind } } }`;
const LOG = `query ($id: ID!) { contactAccessLog(borrowerId: $id, first: 1) {
  edges { node { seq hash prevHash requestId clientRequestId tokenId actedBy actorId actorRole } } } }`;

async function lastEntry(token: string) {
  const res = await t.gql(LOG, { token, variables: { id: subject.gid } });
  expect(res.errors).toBeUndefined();
  return (res.data as { contactAccessLog: { edges: { node: Record<string, unknown> }[] } })
    .contactAccessLog.edges[0]!.node;
}

describe('the access log records who read, as the server saw it', () => {
  it('keeps the caller’s x-request-id apart from the server’s, and records the token’s id', async () => {
    const token = await t.borrowerToken(subject.id);
    const res = await t.gql(READ, {
      token,
      variables: { id: subject.gid },
      headers: { 'x-request-id': 'chosen-by-the-caller' },
    });
    expect(res.errors).toBeUndefined();
    const entry = await lastEntry(token);
    expect(entry['requestId']).toBe(res.headers.get('x-request-id'));
    expect(entry['requestId']).not.toBe('chosen-by-the-caller');
    expect(entry['clientRequestId']).toBe('chosen-by-the-caller');
    expect(entry['tokenId']).toBe(decodeJwt(token).jti);
    expect(entry['actedBy']).toBeNull();
    expect(entry['seq']).toMatch(/^[1-9]\d*$/);
    expect(entry['hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows the borrower when someone acted on their behalf (the act claim)', async () => {
    const onBehalf = await new SignJWT({ role: Role.BORROWER, act: { sub: 'support-7' } })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(toGlobalId('Borrower', subject.id))
      .setJti('delegated-token-1')
      .setExpirationTime('1h')
      .sign(TEST_SECRET);
    const res = await t.gql(READ, { token: onBehalf, variables: { id: subject.gid } });
    expect(res.errors).toBeUndefined();
    const entry = await lastEntry(await t.borrowerToken(subject.id));
    expect(entry).toMatchObject({
      actorRole: 'BORROWER',
      tokenId: 'delegated-token-1',
      actedBy: 'support-7',
    });
  });

  it('refuses an act claim that names nobody', async () => {
    const bad = await new SignJWT({ role: Role.BORROWER, act: { sub: '' } })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(toGlobalId('Borrower', subject.id))
      .setExpirationTime('1h')
      .sign(TEST_SECRET);
    const res = await t.gql(READ, { token: bad, variables: { id: subject.gid } });
    expect(res.status).toBe(401);
  });
});

describe('a read refused for bad input leaves no access-log row', () => {
  const BOOK = `query ($id: ID!, $first: Int, $after: String) { borrower(id: $id) {
    addressBook(purpose: SERVICING, first: $first, after: $after) { edges { node { name } } } } }`;

  it.each([
    ['a page larger than 500', { first: 501 }],
    ['a negative page', { first: -1 }],
    ['a cursor the gateway never issued', { after: 'not-a-cursor' }],
  ])('%s', async (_label, args) => {
    const token = await t.borrowerToken(subject.id);
    const before = await lastEntry(token);
    const res = await t.gql(BOOK, { token, variables: { id: subject.gid, ...args } });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(await lastEntry(token)).toEqual(before);
  });

  it('while a valid page is read and recorded', async () => {
    const token = await t.borrowerToken(subject.id);
    const before = await lastEntry(token);
    const res = await t.gql(BOOK, { token, variables: { id: subject.gid, first: 500 } });
    expect(res.errors).toBeUndefined();
    const after = await lastEntry(token);
    expect(BigInt(after['seq'] as string)).toBe(BigInt(before['seq'] as string) + 1n);
  });
});
