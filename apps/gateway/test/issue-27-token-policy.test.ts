import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role, toGlobalId } from '@lending/kernel';
import { tokenIssuanceTable } from '@lending/db';
import { createAuthenticator, issuedTokensIn, type IssuedToken } from '../src/auth.js';
import { TEST_SECRET, errorCodes, startTestGateway, type TestGateway } from './harness.js';

// Issue 27, item 8: the HS256 gateway ignored iss and aud and took a token
// that lived ten years or had no id (jti). In production a token now names
// our issuer and audience, has an id, and lives at most an hour (staff) or a
// day (borrowers); a refusal says which rule the token broke.

const ISSUER = 'https://auth.lending.test';
const AUDIENCE = 'lending-gateway';
const BORROWER = toGlobalId('Borrower', '0190f5a4-0000-7000-8000-000000000001');
const HOUR = 3600;

/** What `ops token` recorded: every staff token minted here is, unless a case says otherwise. */
const recorded = new Map<string, IssuedToken>();

interface Claims {
  sub?: string;
  role?: string;
  iss?: string | null;
  aud?: string | null;
  jti?: string | null;
  lifetime?: number;
  record?: boolean;
}

async function sign(claims: Claims = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const role = claims.role ?? Role.COMPLIANCE;
  const sub = claims.sub ?? 'compliance-1';
  const lifetime = claims.lifetime ?? 30 * 60;
  const jwt = new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetime);
  if (claims.iss !== null) jwt.setIssuer(claims.iss ?? ISSUER);
  if (claims.aud !== null) jwt.setAudience(claims.aud ?? AUDIENCE);
  const jti = claims.jti === null ? null : (claims.jti ?? randomUUID());
  if (jti !== null) {
    jwt.setJti(jti);
    if (claims.record !== false)
      recorded.set(jti, { sub, role, expiresAt: new Date((now + lifetime) * 1000) });
  }
  return jwt.sign(TEST_SECRET);
}

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({
    production: true,
    authenticate: createAuthenticator(
      { kind: 'hs256', secret: TEST_SECRET, issuer: ISSUER, audience: AUDIENCE },
      { strict: true, staffMaxSeconds: HOUR, borrowerMaxSeconds: 24 * HOUR },
      (jti) => Promise.resolve(recorded.get(jti) ?? null),
    ),
  });
});
afterAll(() => t.stop());

const VIEWER = '{ viewer { id role } }';

describe('an HS256 token in production', () => {
  it('is accepted with our issuer, audience, an id and a lifetime within the limit', async () => {
    const staff = await t.gql(VIEWER, { token: await sign() });
    expect(staff.errors).toBeUndefined();
    expect(staff.data).toEqual({ viewer: { id: 'compliance-1', role: 'COMPLIANCE' } });
    const borrower = await t.gql(VIEWER, {
      token: await sign({ sub: BORROWER, role: Role.BORROWER, lifetime: 23 * HOUR }),
    });
    expect(borrower.errors).toBeUndefined();
    expect(borrower.data).toEqual({ viewer: { id: BORROWER, role: 'BORROWER' } });
  });

  it.each<[string, Claims, RegExp]>([
    ['without iss', { iss: null }, /missing required "iss" claim/],
    ['from another issuer', { iss: 'https://elsewhere.example' }, /unexpected "iss" claim value/],
    ['without aud', { aud: null }, /missing required "aud" claim/],
    ['for another audience', { aud: 'another-service' }, /unexpected "aud" claim value/],
    ['without jti', { jti: null }, /missing required "jti" claim/],
    [
      'of a staff member living ten years',
      { lifetime: 10 * 365 * 24 * HOUR },
      /lifetime \(exp - iat\) of 315360000 s is over the 3600 s allowed for staff tokens/,
    ],
    [
      'of a staff member living two hours',
      { lifetime: 2 * HOUR },
      /over the 3600 s allowed for staff tokens/,
    ],
    [
      'of a borrower living 25 hours',
      { sub: BORROWER, role: Role.BORROWER, lifetime: 25 * HOUR },
      /over the 86400 s allowed for borrower tokens/,
    ],
    [
      'of a staff member that was never recorded (minted outside `ops token --break-glass`)',
      { record: false },
      /staff token was not recorded when it was issued/,
    ],
  ])('is refused %s, with UNAUTHENTICATED saying why', async (_case, claims, reason) => {
    const res = await t.gql(VIEWER, { token: await sign(claims) });
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors?.[0]?.extensions?.['reason']).toMatch(reason);
  });
});

describe('the token_issuance records', () => {
  it('answer for a recorded jti and nothing for another', async () => {
    const expiresAt = new Date('2026-01-15T10:00:00Z');
    await t.db.db.insert(tokenIssuanceTable).values({
      jti: 'jti-recorded',
      sub: 'ops-1',
      role: 'OPS',
      issuedAt: new Date('2026-01-15T09:00:00Z'),
      expiresAt,
      issuedBy: 'root@ops-host',
      reason: 'incident 42 in payments',
    });
    const issued = issuedTokensIn(t.db.db);
    expect(await issued('jti-recorded')).toEqual({ sub: 'ops-1', role: 'OPS', expiresAt });
    expect(await issued('jti-unknown')).toBeNull();
  });
});

describe('outside production', () => {
  it('keeps accepting development tokens without iss or aud', async () => {
    const authenticate = createAuthenticator({ kind: 'hs256', secret: TEST_SECRET });
    const viewer = await authenticate(
      `Bearer ${await sign({ iss: null, aud: null, jti: null, lifetime: 8 * HOUR })}`,
    );
    expect(viewer).toMatchObject({ id: 'compliance-1', role: 'COMPLIANCE' });
  });
});
