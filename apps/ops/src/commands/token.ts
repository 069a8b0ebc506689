import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';

export const ROLES = ['BORROWER', 'UNDERWRITER', 'COLLECTOR', 'COMPLIANCE', 'OPS'] as const;
export type Role = (typeof ROLES)[number];

const TTL = /^(\d{1,6})([smhd])$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
/** A development token lives at most a working day; a break-glass one an hour. */
export const MAX_TTL_SECONDS = 12 * 3600;
export const BREAK_GLASS_MAX_TTL_SECONDS = 3600;

export function parseTtl(ttl: string, max = MAX_TTL_SECONDS): number {
  const match = TTL.exec(ttl);
  if (!match) throw new Error('--ttl must look like 30m, 8h or 1d');
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds < 1 || seconds > max) {
    throw new Error(`--ttl must be between 1s and ${max >= 3600 ? `${max / 3600}h` : `${max}s`}`);
  }
  return seconds;
}

export interface MintedToken {
  readonly token: string;
  /** The token's id: the gateway records it with every read of contact data. */
  readonly jti: string;
  readonly expiresAt: Date;
}

/** Mints a token signed with the gateway's HS256 secret, with its own id (jti). */
export async function mintToken(
  secret: string,
  claims: { role: string; sub: string },
  ttlSeconds: number,
  now = new Date(),
): Promise<MintedToken> {
  if (!(ROLES as readonly string[]).includes(claims.role)) {
    throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  }
  if (claims.sub.length === 0 || claims.sub.length > 200)
    throw new Error('--sub must be 1 to 200 characters');
  const issuedAt = Math.floor(now.getTime() / 1000);
  const jti = randomUUID();
  const token = await new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setJti(jti)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
  return { token, jti, expiresAt: new Date((issuedAt + ttlSeconds) * 1000) };
}

/**
 * Who minted what, on this machine: a break-glass token is appended to
 * DATA_DIR/token-issuance.log (one JSON line: jti, role, sub, expiry, the
 * operating-system user and host, the reason). Never the token itself.
 */
export function recordIssuance(
  env: { readonly dataDir: string },
  minted: { jti: string; expiresAt: Date; role: string; sub: string; reason: string },
  now = new Date(),
): string {
  mkdirSync(env.dataDir, { recursive: true });
  const file = join(env.dataDir, 'token-issuance.log');
  const line = {
    at: now.toISOString(),
    jti: minted.jti,
    role: minted.role,
    sub: minted.sub,
    expiresAt: minted.expiresAt.toISOString(),
    by: userInfo().username,
    host: hostname(),
    reason: minted.reason,
  };
  appendFileSync(file, JSON.stringify(line) + '\n', { mode: 0o600 });
  return file;
}
