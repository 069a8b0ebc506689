import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Role, toGlobalId } from '@lending/kernel';
import { defaultModules } from '../src/modules.js';
import { probeModule } from './fixtures/probe.module.js';
import { TEST_SECRET, errorCodes, startTestGateway, type TestGateway } from './harness.js';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ modules: [...defaultModules, probeModule] });
});
afterAll(() => t.stop());

const VIEWER = '{ viewer { id role } }';

function sign(
  claims: Record<string, unknown>,
  opts: { exp?: number | string; secret?: Uint8Array } = {},
) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (opts.exp !== undefined) jwt.setExpirationTime(opts.exp);
  return jwt.sign(opts.secret ?? TEST_SECRET);
}

describe('authentication', () => {
  it('answers viewer with the id and role of a valid token', async () => {
    const res = await t.gql(VIEWER, { token: await t.token(Role.COMPLIANCE, 'compliance-7') });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ viewer: { id: 'compliance-7', role: 'COMPLIANCE' } });
  });

  it('refuses a request without a token with UNAUTHENTICATED, not data', async () => {
    const res = await t.gql(VIEWER, { token: null });
    expect(res.data).toBeNull();
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });

  const badTokens: [string, () => Promise<string>][] = [
    [
      'expired',
      () => sign({ sub: 'ops-1', role: 'OPS' }, { exp: Math.floor(Date.now() / 1000) - 60 }),
    ],
    [
      'signed with another secret',
      () =>
        sign(
          { sub: 'ops-1', role: 'OPS' },
          { exp: '1h', secret: new TextEncoder().encode('x'.repeat(40)) },
        ),
    ],
    ['without exp', () => sign({ sub: 'ops-1', role: 'OPS' })],
    ['without sub', () => sign({ role: 'OPS' }, { exp: '1h' })],
    ['with an unknown role', () => sign({ sub: 'root', role: 'ADMIN' }, { exp: '1h' })],
    [
      'BORROWER whose sub is not a borrower id',
      () => sign({ sub: 'someone', role: 'BORROWER' }, { exp: '1h' }),
    ],
    ['malformed', async () => 'not.a.jwt'],
    [
      'unsigned (alg none)',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `${enc({ alg: 'none' })}.${enc({ sub: 'ops-1', role: 'OPS', exp: 9999999999 })}.`;
      },
    ],
    [
      'RS256 with a key the gateway does not trust',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT({ role: 'OPS' })
          .setProtectedHeader({ alg: 'RS256' })
          .setSubject('ops-1')
          .setExpirationTime('1h')
          .sign(privateKey);
      },
    ],
  ];

  it.each(badTokens)(
    'refuses a token that is %s with 401 UNAUTHENTICATED',
    async (_label, make) => {
      const res = await t.gql(VIEWER, { token: await make() });
      expect(res.status).toBe(401);
      expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.data ?? null).toBeNull();
    },
  );

  it('refuses an Authorization header that is not a bearer token', async () => {
    const res = await t.gql(VIEWER, {
      token: null,
      headers: { authorization: 'Basic b3BzOm9wcw==' },
    });
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('keeps serving after refusals', async () => {
    const res = await t.gql(VIEWER);
    expect(res.data).toEqual({ viewer: { id: 'ops-1', role: 'OPS' } });
  });
});

describe('role authorization on root fields', () => {
  it('lets an allowed role call the operation', async () => {
    const res = await t.gql('{ opsOnly }', { token: await t.token(Role.OPS) });
    expect(res.data).toEqual({ opsOnly: 'ops' });
  });

  it.each([Role.BORROWER, Role.UNDERWRITER, Role.COLLECTOR, Role.COMPLIANCE])(
    'refuses %s with FORBIDDEN',
    async (role) => {
      const token =
        role === Role.BORROWER
          ? await t.borrowerToken('01937a5e-0000-7000-8000-00000000aaaa')
          : await t.token(role);
      const res = await t.gql('{ opsOnly }', { token });
      expect(res.data).toBeNull();
      expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    },
  );

  it('refuses an anonymous caller with UNAUTHENTICATED before any role check', async () => {
    const res = await t.gql('{ opsOnly }', { token: null });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('denies one field without hiding the siblings the viewer may see', async () => {
    const borrowerToken = await t.borrowerToken('01937a5e-0000-7000-8000-00000000aaaa');
    const res = await t.gql('{ viewer { role } opsOnly }', { token: borrowerToken });
    expect(res.data).toBeNull(); // opsOnly is String!: null propagates to data
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    const partial = await t.gql('{ viewer { role } businessDate }', { token: borrowerToken });
    expect(partial.data).toEqual({ viewer: { role: 'BORROWER' }, businessDate: '2026-01-15' });
  });

  it('maps a BORROWER token to the borrower the sub names', async () => {
    const sub = toGlobalId('Borrower', '01937a5e-0000-7000-8000-00000000aaaa');
    const res = await t.gql(VIEWER, {
      token: await t.borrowerToken('01937a5e-0000-7000-8000-00000000aaaa'),
    });
    expect(res.data).toEqual({ viewer: { id: sub, role: 'BORROWER' } });
  });
});

describe('remembered tokens', () => {
  it('stops accepting a token it has verified once its expiry passes', async () => {
    const { createAuthenticator } = await import('../src/auth.js');
    const authenticate = createAuthenticator({ kind: 'hs256', secret: TEST_SECRET });
    const exp = Math.floor(Date.now() / 1000) + 60;
    const token = await sign({ sub: 'ops-remembered', role: Role.OPS }, { exp });
    expect(await authenticate(`Bearer ${token}`)).toMatchObject({ id: 'ops-remembered' });
    // Served from memory now; an hour later the same text must be refused, not remembered.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 3_600_000);
      await expect(authenticate(`Bearer ${token}`)).rejects.toThrow(/token rejected/);
    } finally {
      vi.useRealTimers();
    }
    expect(await authenticate(`Bearer ${token}`)).toMatchObject({ id: 'ops-remembered' });
  });

  it('does not remember a refused token as good', async () => {
    const { createAuthenticator } = await import('../src/auth.js');
    const authenticate = createAuthenticator({ kind: 'hs256', secret: TEST_SECRET });
    const forged = await sign(
      { sub: 'ops-forged', role: Role.OPS },
      { exp: '1h', secret: new Uint8Array(32).fill(7) },
    );
    await expect(authenticate(`Bearer ${forged}`)).rejects.toThrow(/token rejected/);
    await expect(authenticate(`Bearer ${forged}`)).rejects.toThrow(/token rejected/);
  });
});
