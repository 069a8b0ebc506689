import { SignJWT } from 'jose';

export const ROLES = ['BORROWER', 'UNDERWRITER', 'COLLECTOR', 'COMPLIANCE', 'OPS'] as const;
export type Role = (typeof ROLES)[number];

const TTL = /^(\d{1,6})([smhd])$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const MAX_TTL_SECONDS = 7 * 86400;

export function parseTtl(ttl: string): number {
  const match = TTL.exec(ttl);
  if (!match) throw new Error('--ttl must look like 30m, 8h or 1d');
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds < 1 || seconds > MAX_TTL_SECONDS) throw new Error('--ttl must be between 1s and 7d');
  return seconds;
}

/** Mints a development token signed with the gateway's HS256 secret. */
export async function mintToken(
  secret: string,
  claims: { role: string; sub: string },
  ttlSeconds: number,
  now = new Date(),
): Promise<string> {
  if (!(ROLES as readonly string[]).includes(claims.role)) {
    throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  }
  if (claims.sub.length === 0 || claims.sub.length > 200)
    throw new Error('--sub must be 1 to 200 characters');
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
