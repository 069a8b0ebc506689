import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@lending/db';
import { accessLogHeads, verifyAccessLog } from './access-log.js';
import { contactAccessLogTable } from './schema.js';

/**
 * A signed snapshot of where every borrower's access-log chain ended. The
 * key lives outside the database (an operator's secret), so whoever can
 * rewrite the database — its owner role included — cannot forge a
 * checkpoint, and a chain that was deleted, cut short, rewound or rewritten
 * consistently since the checkpoint no longer matches it.
 */
export interface AccessLogCheckpoint {
  readonly version: 1;
  readonly at: string;
  readonly heads: readonly {
    readonly borrowerId: string;
    readonly seq: string;
    readonly hash: string;
  }[];
  /** HMAC-SHA256 of the canonical JSON of version, at and heads, hex. */
  readonly mac: string;
}

export type CheckpointFinding =
  | { readonly borrowerId: string; readonly problem: 'CHAIN_DELETED'; readonly detail: string }
  | { readonly borrowerId: string; readonly problem: 'TRUNCATED'; readonly detail: string }
  | { readonly borrowerId: string; readonly problem: 'REWRITTEN'; readonly detail: string }
  | { readonly borrowerId: string; readonly problem: 'CHAIN_BROKEN'; readonly detail: string };

export interface CheckpointVerification {
  /** The checkpoint is authentic (its MAC verifies with the key). */
  readonly authentic: boolean;
  readonly findings: readonly CheckpointFinding[];
  /** Chains looked at: every one in the checkpoint and every one in the database. */
  readonly chainsChecked: number;
}

const KEY_BYTES = 32;

function macOf(key: Buffer, body: Omit<AccessLogCheckpoint, 'mac'>): string {
  if (key.length !== KEY_BYTES) throw new Error('the checkpoint key must be 32 bytes');
  const canonical = JSON.stringify([
    body.version,
    body.at,
    body.heads.map((h) => [h.borrowerId, h.seq, h.hash]),
  ]);
  return createHmac('sha256', key).update(canonical, 'utf8').digest('hex');
}

/** Signs the current end of every chain. */
export async function takeAccessLogCheckpoint(
  db: Db,
  key: Buffer,
  now: Date,
): Promise<AccessLogCheckpoint> {
  const heads = (await accessLogHeads(db))
    .map((h) => ({ borrowerId: h.borrowerId, seq: h.seq.toString(), hash: h.hash }))
    .sort((a, b) => a.borrowerId.localeCompare(b.borrowerId));
  const body = { version: 1 as const, at: now.toISOString(), heads };
  return { ...body, mac: macOf(key, body) };
}

/**
 * Checks the database against a checkpoint: the checkpoint's MAC, then for
 * each chain it names, that the chain still exists (CHAIN_DELETED), still
 * reaches the checkpoint's place (TRUNCATED: rows cut off the end, or the
 * chain rewound and regrown), still holds the checkpoint's hash there
 * (REWRITTEN: recomputed consistently), and verifies link by link
 * (CHAIN_BROKEN); every other chain in the database is verified link by link
 * too. A chain started after the checkpoint can only be checked for links.
 */
export async function verifyAccessLogCheckpoint(
  db: Db,
  checkpoint: AccessLogCheckpoint,
  key: Buffer,
): Promise<CheckpointVerification> {
  const expected = Buffer.from(
    macOf(key, { version: checkpoint.version, at: checkpoint.at, heads: checkpoint.heads }),
    'hex',
  );
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(checkpoint.mac) ? checkpoint.mac : '', 'hex');
  const authentic = given.length === expected.length && timingSafeEqual(given, expected);
  const findings: CheckpointFinding[] = [];
  const current = new Map((await accessLogHeads(db)).map((h) => [h.borrowerId, h]));
  const borrowers = new Set([...checkpoint.heads.map((h) => h.borrowerId), ...current.keys()]);
  for (const borrowerId of borrowers) {
    const chain = await verifyAccessLog(db, borrowerId);
    if (!chain.ok) {
      findings.push({
        borrowerId,
        problem: 'CHAIN_BROKEN',
        detail: `${chain.reason} at seq ${chain.brokenAtSeq.toString()}`,
      });
    }
  }
  for (const head of checkpoint.heads) {
    const now = current.get(head.borrowerId);
    const seq = BigInt(head.seq);
    if (!now) {
      findings.push({
        borrowerId: head.borrowerId,
        problem: 'CHAIN_DELETED',
        detail: `the chain had ${head.seq} rows at the checkpoint and has none now`,
      });
      continue;
    }
    if (now.seq < seq) {
      findings.push({
        borrowerId: head.borrowerId,
        problem: 'TRUNCATED',
        detail: `the chain ends at seq ${now.seq.toString()}, before the checkpoint's ${head.seq}`,
      });
      continue;
    }
    const hashAt = await hashAtSeq(db, head.borrowerId, seq);
    if (hashAt !== head.hash) {
      findings.push({
        borrowerId: head.borrowerId,
        problem: 'REWRITTEN',
        detail: `the row at seq ${head.seq} is not the one the checkpoint signed`,
      });
    }
  }
  return { authentic, findings, chainsChecked: borrowers.size };
}

async function hashAtSeq(db: Db, borrowerId: string, seq: bigint): Promise<string | null> {
  const [row] = await db
    .select({ hash: contactAccessLogTable.hash })
    .from(contactAccessLogTable)
    .where(
      and(eq(contactAccessLogTable.borrowerId, borrowerId), eq(contactAccessLogTable.seq, seq)),
    );
  return row?.hash ?? null;
}
