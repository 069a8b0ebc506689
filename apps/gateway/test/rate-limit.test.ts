import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '@lending/kernel';
import { ConfigError, loadConfig } from '../src/env.js';
import { clientAddress, clientKey, DEFAULT_RATE_LIMITS } from '../src/rate-limit.js';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

// Issue 13: 5,208 requests in about 40 s went unslowed. Now every /graphql
// request counts against its client address, one without a valid token also
// against a stricter anonymous limit, one with a token against its actor; over
// a limit the answer is 429 RATE_LIMITED with Retry-After.

const LIMITS = {
  perActorPerMinute: 5,
  perClientPerMinute: 12,
  anonymousPerMinute: 3,
  // One trusted proxy: each test is its own client through X-Forwarded-For.
  trustedProxies: 1,
};

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ rateLimits: LIMITS });
});
afterAll(() => t.stop());

let nextClient = 1;
/** A client address of its own (TEST-NET-3), so tests do not share counters. */
const newClient = () => `203.0.113.${nextClient++}`;

const QUERY = '{ __typename }';
const from = (client: string, token?: string | null) =>
  t.gql(QUERY, {
    headers: { 'x-forwarded-for': client },
    ...(token === undefined ? {} : { token }),
  });

async function expectLimited(res: Awaited<ReturnType<typeof from>>) {
  expect(res.status).toBe(429);
  expect(res.data ?? null).toBeNull();
  expect(errorCodes(res)).toEqual(['RATE_LIMITED']);
  expect(res.errors?.[0]?.message).toBe('Too many requests; try again later.');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  return Promise.resolve();
}

describe('rate limits', () => {
  it('allows an anonymous client its few requests a minute, then answers 429', async () => {
    const client = newClient();
    for (let i = 0; i < LIMITS.anonymousPerMinute; i++) {
      expect((await from(client, null)).status).toBe(200);
    }
    await expectLimited(await from(client, null));
    // Another address is not affected.
    expect((await from(newClient(), null)).status).toBe(200);
  });

  it('is stricter without a token: the same address with a token goes on', async () => {
    const client = newClient();
    for (let i = 0; i < LIMITS.anonymousPerMinute; i++) await from(client, null);
    await expectLimited(await from(client, null));
    const res = await from(client, await t.token(Role.OPS, 'ops-stricter'));
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ __typename: 'Query' });
  });

  it('counts a refused token as anonymous, so guessing tokens is slow', async () => {
    const client = newClient();
    for (let i = 0; i < LIMITS.anonymousPerMinute; i++) {
      const res = await from(client, 'not.a.jwt');
      expect(res.status).toBe(401);
      expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    }
    await expectLimited(await from(client, 'not.a.jwt'));
  });

  it('limits an actor across addresses', async () => {
    const token = await t.token(Role.COLLECTOR, 'collector-busy');
    for (let i = 0; i < LIMITS.perActorPerMinute; i++) {
      expect((await from(newClient(), token)).status).toBe(200);
    }
    await expectLimited(await from(newClient(), token));
    // Another actor is not affected.
    const other = await from(newClient(), await t.token(Role.COLLECTOR, 'collector-idle'));
    expect(other.status).toBe(200);
  });

  it('limits an address across actors', async () => {
    const client = newClient();
    for (let i = 0; i < LIMITS.perClientPerMinute; i++) {
      const res = await from(client, await t.token(Role.OPS, `ops-many-${i}`));
      expect(res.status).toBe(200);
    }
    await expectLimited(await from(client, await t.token(Role.OPS, 'ops-many-fresh')));
  });

  it('refuses before the body is read or the operation parsed', async () => {
    const client = newClient();
    for (let i = 0; i < LIMITS.anonymousPerMinute; i++) await from(client, null);
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: '{"query": ',
    });
    expect(res.status).toBe(429);
  });

  it('exempts /healthz', async () => {
    const health = t.url.replace(/\/graphql$/, '/healthz');
    for (let i = 0; i < LIMITS.perClientPerMinute + 5; i++) {
      expect((await fetch(health)).status).toBe(200);
    }
  });
});

describe('the client address', () => {
  it('is the socket address unless proxies are trusted: a client writes X-Forwarded-For', () => {
    expect(clientAddress('198.51.100.7', '203.0.113.1', 0)).toBe('198.51.100.7');
    expect(clientAddress('198.51.100.7', undefined, 1)).toBe('198.51.100.7');
  });

  it('is the entry the outermost trusted proxy appended', () => {
    // client-written, then what proxy 1 saw, then what proxy 2 saw; the socket is proxy 2.
    const header = '192.0.2.66, 203.0.113.9, 10.0.0.5';
    expect(clientAddress('10.0.0.6', header, 1)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.6', header, 2)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.6', ['192.0.2.66', '203.0.113.9, 10.0.0.5'], 2)).toBe(
      '203.0.113.9',
    );
    // More trusted proxies than entries: the leftmost, never beyond it.
    expect(clientAddress('10.0.0.6', '203.0.113.9', 5)).toBe('203.0.113.9');
    // A trusted proxy that wrote garbage: the socket, not the garbage.
    expect(clientAddress('10.0.0.6', 'not-an-address', 1)).toBe('10.0.0.6');
  });

  it('counts IPv6 clients by their /64 and IPv4-mapped ones as IPv4', () => {
    expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:0:0:0:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

describe('configuration', () => {
  const base = () => ({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'gateway-rate-')),
    NODE_ENV: 'development',
  });

  it('has documented defaults', () => {
    expect(loadConfig(base()).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(DEFAULT_RATE_LIMITS).toEqual({
      perActorPerMinute: 600,
      perClientPerMinute: 1200,
      anonymousPerMinute: 60,
      trustedProxies: 0,
    });
  });

  it('reads every limit from the environment', () => {
    expect(
      loadConfig({
        ...base(),
        RATE_LIMIT_PER_MINUTE: '100',
        RATE_LIMIT_PER_CLIENT_PER_MINUTE: '300',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10',
        RATE_LIMIT_TRUSTED_PROXIES: '1',
      }).rateLimits,
    ).toEqual({
      perActorPerMinute: 100,
      perClientPerMinute: 300,
      anonymousPerMinute: 10,
      trustedProxies: 1,
    });
  });

  it.each([
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['RATE_LIMIT_PER_MINUTE', 'many'],
    ['RATE_LIMIT_ANONYMOUS_PER_MINUTE', '1.5'],
    ['RATE_LIMIT_PER_CLIENT_PER_MINUTE', '-1'],
    ['RATE_LIMIT_TRUSTED_PROXIES', '-1'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ ...base(), [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base(), [name]: value })).toThrow(name);
  });
});
