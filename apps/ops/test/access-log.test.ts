import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAccess } from '@lending/consent';
import { createDb, migrate } from '@lending/db';
import { Role } from '@lending/kernel';
import { run } from '../src/cli.js';
import type { OpsEnv } from '../src/env.js';

// The verifier against an embedded database of its own: checkpoint, tamper as the
// table's owner would, verify. (On PostgreSQL the same commands take DATABASE_URL.)

const dataDir = mkdtempSync(join(tmpdir(), 'ops-access-log-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env: OpsEnv = {
  url: 'http://127.0.0.1:1/graphql',
  token: undefined,
  jwtSecret: undefined,
  dataDir,
  production: false,
  databaseUrl: undefined,
  checkpointKey: Buffer.alloc(32, 5),
};
const BORROWER = '01937a5e-0000-7000-8000-00000000f001';

async function ops(argv: string[], at: OpsEnv = env) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, at);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function withDb(work: (handle: Awaited<ReturnType<typeof createDb>>) => Promise<void>) {
  const handle = await createDb({ dataDir });
  try {
    await work(handle);
  } finally {
    await handle.close();
  }
}

describe('ops access-log', () => {
  // Migrates a PGlite data directory from nothing (the CLI opens it by path, so no
  // snapshot): under CI's load on two cores that has taken over a minute.
  it('signs a checkpoint, verifies it intact, then reports a chain deleted by the table’s owner', async () => {
    await withDb(async (handle) => {
      const db = handle.db;
      await migrate(handle);
      for (let i = 0; i < 3; i++) {
        await appendAccess(db, {
          borrowerId: BORROWER,
          at: new Date('2026-01-15T09:00:00Z'),
          actorId: 'ops-1',
          actorRole: Role.OPS,
          purpose: 'SERVICING',
          scope: 'SELF_CONTACT',
          grantId: null,
          fields: ['value'],
          path: 'borrower.contactPoints',
          operationName: null,
          requestId: `r${i}`,
        });
      }
    });
    const signed = await ops(['access-log', 'checkpoint']);
    expect(signed.code).toBe(0);
    expect(signed.out).toContain(join(dataDir, 'access-log-checkpoints'));

    expect(await ops(['access-log', 'verify'])).toMatchObject({
      code: 0,
      out: expect.stringContaining('intact'),
    });

    await withDb(async ({ db }) => {
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`delete from contact_access_log where borrower_id = ${BORROWER}`);
      });
    });
    const tampered = await ops(['access-log', 'verify']);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toContain(`CHAIN_DELETED ${BORROWER}`);
  }, 400_000);

  it('refuses to work without the key, and says why', async () => {
    const res = await ops(['access-log', 'verify'], { ...env, checkpointKey: undefined });
    expect(res.code).toBe(1);
    expect(res.err).toContain('ACCESS_LOG_CHECKPOINT_KEY (64 hex digits) is required');
  });

  it('reports a checkpoint signed with another key as forged', async () => {
    const res = await ops(['access-log', 'verify'], { ...env, checkpointKey: Buffer.alloc(32, 6) });
    expect(res.code).toBe(1);
    expect(res.err).toContain('is not signed with ACCESS_LOG_CHECKPOINT_KEY');
  });
});
