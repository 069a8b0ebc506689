import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { describe, expect } from 'vitest';
import { BusinessCalendarMode } from '@lending/close-of-business';
import { developmentSender } from '@lending/collections';
import type { JobEngine } from '@lending/jobs';
import { FixedClock } from '@lending/kernel';
import { dbTest as test } from '@lending/testing/fixtures';
import { createAuthenticator } from '../src/auth.js';
import { startJobs } from '../src/jobs.js';
import { createLogger } from '../src/logger.js';
import { createModuleDeps, defaultModules } from '../src/modules.js';
import { startGateway, type RunningGateway } from '../src/server.js';

const ISSUER = 'https://idp.lending.example';
const AUDIENCE = 'lending-gateway';
let jwksServer: Server;
let gateway: RunningGateway;
let jobs: JobEngine;
let trustedKey: CryptoKey;
let untrustedKey: CryptoKey;

test.beforeAll(async ({ testDb }) => {
  const trusted = await generateKeyPair('RS256');
  trustedKey = trusted.privateKey;
  untrustedKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(trusted.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const { port } = jwksServer.address() as AddressInfo;
  const sender = developmentSender();
  const calendar = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' };
  jobs = await startJobs({
    handle: testDb,
    clock: new FixedClock('2026-01-15T09:00:00Z'),
    logger: createLogger('silent'),
    sender,
    calendar,
    work: false,
  });
  gateway = await startGateway({
    db: testDb,
    clock: new FixedClock('2026-01-15T09:00:00Z'),
    modules: defaultModules,
    deps: createModuleDeps({ contactDataKey: Buffer.alloc(32, 1), sender, jobs, calendar }),
    authenticate: createAuthenticator({
      kind: 'jwks',
      jwksUrl: new URL(`http://127.0.0.1:${port}/jwks.json`),
      issuer: ISSUER,
      audience: AUDIENCE,
    }),
    logger: createLogger('silent'),
    production: false,
    rateLimits: 'off',
    port: 0,
  });
});
test.afterAll(async () => {
  await gateway.stop();
  await jobs.stop();
  await new Promise((resolve) => jwksServer.close(resolve));
});

async function viewer(token: string) {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ viewer { id role } }' }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const rs256 = (
  key: CryptoKey,
  {
    kid = 'k1',
    issuer = ISSUER,
    audience = AUDIENCE,
  }: { kid?: string; issuer?: string | null; audience?: string | null } = {},
) => {
  const jwt = new SignJWT({ role: 'UNDERWRITER' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject('uw-3')
    .setExpirationTime('1h');
  if (issuer !== null) jwt.setIssuer(issuer);
  if (audience !== null) jwt.setAudience(audience);
  return jwt.sign(key);
};

describe('RS256 through a JWKS URL', () => {
  test('accepts a token signed by a key the JWKS publishes', async () => {
    const { status, body } = await viewer(await rs256(trustedKey));
    expect(status).toBe(200);
    expect(body).toEqual({ data: { viewer: { id: 'uw-3', role: 'UNDERWRITER' } } });
  });

  test.for([
    ['another issuer', { issuer: 'https://idp.elsewhere.example' }],
    ['no issuer', { issuer: null }],
    ['another audience', { audience: 'another-service' }],
    ['no audience', { audience: null }],
  ] as const)('refuses a token with %s, signed by a trusted key', async ([, claims]) => {
    const { status, body } = await viewer(await rs256(trustedKey, claims));
    expect(status).toBe(401);
    expect(JSON.stringify(body)).not.toContain('uw-3');
  });

  test('refuses a token signed by another key', async () => {
    const { status } = await viewer(await rs256(untrustedKey));
    expect(status).toBe(401);
  });

  test('refuses an HS256 token even when signed with the public key material (algorithm confusion)', async () => {
    const hs = await new SignJWT({ role: 'OPS' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('ops-1')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('k'.repeat(64)));
    const { status } = await viewer(hs);
    expect(status).toBe(401);
  });
});
