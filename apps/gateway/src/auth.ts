import { randomUUID } from 'node:crypto';
import {
  createRemoteJWKSet,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { fromGlobalIdOfType, isRole, Role } from '@lending/kernel';
import type { Viewer } from '@lending/graphql-kit';
import type { GatewayConfig } from './env.js';

/** Why a presented token was refused; logged, never sent (the client only learns UNAUTHENTICATED). */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

export type Authenticate = (authorization: string | undefined) => Promise<Viewer | null>;

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
export function createAuthenticator(auth: GatewayConfig['auth']): Authenticate {
  const verify =
    auth.kind === 'hs256'
      ? (token: string) => jwtVerify(token, auth.secret, verifyOptions(['HS256']))
      : (() => {
          const jwks: JWTVerifyGetKey = createRemoteJWKSet(auth.jwksUrl);
          return (token: string) =>
            jwtVerify(token, jwks, {
              ...verifyOptions(['RS256']),
              issuer: auth.issuer,
              audience: auth.audience,
            });
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
      throw new AuthenticationError(
        `token rejected: ${(error as { code?: string }).code ?? 'invalid'}`,
      );
    }
    const viewer = viewerFromClaims(payload);
    // exp is required: the token stays good until then, with the tolerance jose allows.
    verified.set(token, {
      viewer,
      expiresAtMs: ((payload.exp ?? 0) + CLOCK_TOLERANCE_SECONDS) * 1000,
    });
    return viewer;
  };
}

function verifyOptions(algorithms: string[]) {
  return { algorithms, requiredClaims: ['sub', 'exp'], clockTolerance: CLOCK_TOLERANCE_SECONDS };
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

/** Signs an HS256 token; for development, demo data and tests. */
export async function signToken(
  secret: Uint8Array,
  claims: { sub: string; role: Role },
  ttlSeconds = 8 * 3600,
): Promise<string> {
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(secret);
}
