import { randomUUID } from 'node:crypto';
import {
  createRemoteJWKSet,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { eq } from 'drizzle-orm';
import { tokenIssuanceTable, type Db } from '@lending/db';
import { fromGlobalIdOfType, isRole, Role } from '@lending/kernel';
import type { Viewer } from '@lending/graphql-kit';
import type { GatewayConfig } from './env.js';

/**
 * Why a presented token was refused. Logged, and sent to the client as
 * `extensions.reason` with UNAUTHENTICATED: it names the rule the token broke
 * (a missing claim, a lifetime over the limit), never a secret.
 */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

export type Authenticate = (authorization: string | undefined) => Promise<Viewer | null>;

/**
 * What a token must carry beyond a valid signature. `strict` (production):
 * `iss`, `aud` (AUTH_ISSUER, AUTH_AUDIENCE), `jti`, `iat` and `exp`, with a
 * lifetime (exp - iat) of at most the role's maximum; off, only `sub` and
 * `exp` (and `iss`/`aud` when configured).
 */
export interface TokenPolicy {
  readonly strict: boolean;
  /** Longest lifetime (exp - iat) of a staff token, in seconds (AUTH_STAFF_TOKEN_MAX_SECONDS). */
  readonly staffMaxSeconds: number;
  /** Of a borrower token (AUTH_BORROWER_TOKEN_MAX_SECONDS). */
  readonly borrowerMaxSeconds: number;
}

export const DEFAULT_TOKEN_POLICY: TokenPolicy = {
  strict: false,
  staffMaxSeconds: 3600,
  borrowerMaxSeconds: 86_400,
};

/** An HS256 staff token as `ops token` recorded it (token_issuance). */
export interface IssuedToken {
  readonly sub: string;
  readonly role: string;
  readonly expiresAt: Date;
}

/**
 * Where the gateway looks up the id (jti) of an HS256 staff token under a
 * strict policy: only tokens recorded there are accepted, so a token minted
 * with the secret but never recorded (`ops token` run from a shell that took
 * itself for development) is refused.
 */
export type IssuedTokens = (jti: string) => Promise<IssuedToken | null>;

const MAX_TOKEN_LENGTH = 4096;
const MAX_SUBJECT_LENGTH = 200;
const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * Verified tokens are remembered (by their exact text) for at most this
 * long and never past their expiry: a client sends the same token with every
 * request, and verifying it again each time was a tenth of a repayment's
 * gateway CPU. Bounded, so a key removed from the JWKS stops working within
 * this time. Only successes are cached; a refused token is checked again.
 */
const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/**
 * Verifies `Authorization: Bearer <JWT>`: HS256 with the shared secret, or
 * RS256 against a JWKS. No header means an anonymous request (null); a header
 * that is present but not a valid token is an error, never anonymous.
 */
export function createAuthenticator(
  auth: GatewayConfig['auth'],
  policy: TokenPolicy = DEFAULT_TOKEN_POLICY,
  issued?: IssuedTokens,
): Authenticate {
  if (policy.strict && (!auth.issuer || !auth.audience)) {
    throw new Error('a strict token policy needs an issuer and an audience');
  }
  if (policy.strict && auth.kind === 'hs256' && !issued) {
    throw new Error('a strict HS256 policy needs the issued-token records');
  }
  const options = {
    algorithms: [auth.kind === 'hs256' ? 'HS256' : 'RS256'],
    requiredClaims: policy.strict ? ['sub', 'exp', 'iat', 'jti', 'iss', 'aud'] : ['sub', 'exp'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    ...(auth.issuer ? { issuer: auth.issuer } : {}),
    ...(auth.audience ? { audience: auth.audience } : {}),
  };
  const verify =
    auth.kind === 'hs256'
      ? (token: string) => jwtVerify(token, auth.secret, options)
      : (() => {
          const jwks: JWTVerifyGetKey = createRemoteJWKSet(auth.jwksUrl);
          return (token: string) => jwtVerify(token, jwks, options);
        })();

  const verified = new LRUCache<string, { viewer: Viewer; expiresAtMs: number }>({
    max: VERIFIED_TOKEN_CACHE_SIZE,
    ttl: VERIFIED_TOKEN_TTL_MS,
  });

  return async (authorization) => {
    if (authorization === undefined || authorization === '') return null;
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization);
    if (!match?.[1] || match[1].length > MAX_TOKEN_LENGTH) {
      throw new AuthenticationError('malformed Authorization header');
    }
    const token = match[1];
    const known = verified.get(token);
    if (known && Date.now() < known.expiresAtMs) return known.viewer;
    let payload: JWTPayload;
    try {
      ({ payload } = await verify(token));
    } catch (error) {
      const { code = 'invalid', message } = error as { code?: string; message?: string };
      // jose names the claim and the rule ('missing required "jti" claim'); a bad signature only its code.
      const detail = code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && message ? `: ${message}` : '';
      throw new AuthenticationError(`token rejected: ${code}${detail}`);
    }
    const viewer = viewerFromClaims(payload);
    if (policy.strict) {
      checkLifetime(payload, viewer, policy);
      if (issued && auth.kind === 'hs256' && viewer.role !== Role.BORROWER) {
        await checkIssued(payload, viewer, issued);
      }
    }
    // exp is required: the token stays good until then, with the tolerance jose allows.
    verified.set(token, {
      viewer,
      expiresAtMs: ((payload.exp ?? 0) + CLOCK_TOLERANCE_SECONDS) * 1000,
    });
    return viewer;
  };
}

function checkLifetime(payload: JWTPayload, viewer: Viewer, policy: TokenPolicy): void {
  const { iat, exp } = payload as { iat: number; exp: number };
  if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
    throw new AuthenticationError('token iat is in the future');
  }
  const staff = viewer.role !== Role.BORROWER;
  const max = staff ? policy.staffMaxSeconds : policy.borrowerMaxSeconds;
  if (exp - iat > max) {
    throw new AuthenticationError(
      `token lifetime (exp - iat) of ${exp - iat} s is over the ${max} s allowed for ${staff ? 'staff' : 'borrower'} tokens`,
    );
  }
}

async function checkIssued(
  payload: JWTPayload,
  viewer: Viewer,
  issued: IssuedTokens,
): Promise<void> {
  const record = await issued(viewer.tokenId!);
  const exp = payload.exp!;
  if (
    !record ||
    record.sub !== viewer.id ||
    record.role !== viewer.role ||
    exp * 1000 > record.expiresAt.getTime()
  ) {
    throw new AuthenticationError(
      'staff token was not recorded when it was issued (token_issuance): mint it with `ops token --break-glass`',
    );
  }
}

export function viewerFromClaims(payload: JWTPayload): Viewer {
  const { sub, role } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH) {
    throw new AuthenticationError('token has no usable sub claim');
  }
  if (typeof role !== 'string' || !isRole(role)) {
    throw new AuthenticationError('token role claim is not a known Role');
  }
  const borrowerId = role === Role.BORROWER ? fromGlobalIdOfType(sub, 'Borrower') : null;
  if (role === Role.BORROWER && !borrowerId) {
    throw new AuthenticationError('a BORROWER token must carry the borrower global id as sub');
  }
  const jti = payload.jti;
  if (jti !== undefined && (typeof jti !== 'string' || jti.length === 0 || jti.length > 200)) {
    throw new AuthenticationError('token jti claim is not a usable id');
  }
  const act: unknown = payload['act'];
  let actedBy: string | null = null;
  if (act !== undefined) {
    const actor: unknown =
      typeof act === 'object' && act !== null ? (act as { sub?: unknown }).sub : undefined;
    if (typeof actor !== 'string' || actor.length === 0 || actor.length > MAX_SUBJECT_LENGTH) {
      throw new AuthenticationError('token act claim names no usable actor');
    }
    actedBy = actor;
  }
  return { id: sub, role, borrowerId, tokenId: jti ?? null, actedBy };
}

/** The token_issuance records, as the gateway's authenticator reads them. */
export function issuedTokensIn(db: Db): IssuedTokens {
  return async (jti) => {
    const [row] = await db
      .select({
        sub: tokenIssuanceTable.sub,
        role: tokenIssuanceTable.role,
        expiresAt: tokenIssuanceTable.expiresAt,
      })
      .from(tokenIssuanceTable)
      .where(eq(tokenIssuanceTable.jti, jti));
    return row ?? null;
  };
}

/** Signs an HS256 token; for development, demo data and tests. */
export async function signToken(
  secret: Uint8Array,
  claims: { sub: string; role: Role },
  ttlSeconds = 8 * 3600,
  options: { issuer?: string | undefined; audience?: string | undefined; jti?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setJti(options.jti ?? randomUUID())
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(secret);
}
