import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { SignJWT } from 'jose';
import { FAULT_AUDIENCE, FAULT_ISSUER, FAULT_SECRET } from './processes.js';

/** The server the fault tests run against: CI's PostgreSQL (DATABASE_URL). */
export const SERVER_URL = process.env['DATABASE_URL'];

export interface FreshDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A new, empty database on the server, or a copy of `template` (its ids included). */
export async function freshDatabase(template?: string): Promise<FreshDatabase> {
  const name = `faults_${randomBytes(5).toString('hex')}`;
  const admin = postgres(SERVER_URL!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(
      template ? `create database "${name}" template "${template}"` : `create database "${name}"`,
    );
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(SERVER_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const dropper = postgres(SERVER_URL!, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

/**
 * A token the fault gateways accept: production gateways take a staff token
 * only when its jti is recorded in `token_issuance` of their database (which
 * a gateway has migrated by then), as `ops token --break-glass` records it.
 */
export async function token(role: string, sub: string, databaseUrl: string): Promise<string> {
  const jti = randomBytes(8).toString('hex');
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + 3600;
  const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await db`insert into token_issuance (jti, sub, role, issued_at, expires_at, issued_by, reason)
      values (${jti}, ${sub}, ${role}, to_timestamp(${issuedAt}), to_timestamp(${expiresAt}),
              'faults', 'fault test')`;
  } finally {
    await db.end({ timeout: 5 });
  }
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(FAULT_ISSUER)
    .setAudience(FAULT_AUDIENCE)
    .setJti(jti)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(FAULT_SECRET));
}

/** One GraphQL POST with a deadline: a request that hangs is a failure of its own. */
export async function gql<T>(
  url: string,
  bearer: string,
  query: string,
  variables: Record<string, unknown> = {},
  timeoutMs = 10_000,
): Promise<{ status: number; data?: T; errors?: { extensions?: { code?: string } }[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** Announces what a fault test did and checked, in the CI log. */
export function report(fault: string, checked: string[]): void {
  process.stdout.write(`\nFAULT ${fault}\n${checked.map((c) => `  checked: ${c}`).join('\n')}\n`);
}
