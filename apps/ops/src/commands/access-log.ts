import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  takeAccessLogCheckpoint,
  verifyAccessLogCheckpoint,
  type AccessLogCheckpoint,
  type CheckpointVerification,
} from '@lending/consent';
import { createDb } from '@lending/db';

// Straight to the database, not through the gateway: the verifier must not trust the
// service it checks. Against the embedded PGlite, stop the gateway first (one process
// holds a PGlite data directory).

export interface AccessLogEnv {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly checkpointKey: Buffer | undefined;
}

const CHECKPOINTS = 'access-log-checkpoints';

function keyOf(env: AccessLogEnv): Buffer {
  if (!env.checkpointKey) {
    throw new Error(
      'ACCESS_LOG_CHECKPOINT_KEY (64 hex digits) is required: the key signs checkpoints and is never stored in the database',
    );
  }
  return env.checkpointKey;
}

async function withDb<T>(
  env: AccessLogEnv,
  work: (db: Awaited<ReturnType<typeof createDb>>) => Promise<T>,
): Promise<T> {
  const handle = await createDb(
    env.databaseUrl
      ? { databaseUrl: env.databaseUrl, maxConnections: 2 }
      : { dataDir: env.dataDir },
  );
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** Signs the end of every chain and writes it under DATA_DIR/access-log-checkpoints (or `out`). */
export async function checkpointAccessLog(
  env: AccessLogEnv,
  out: string | undefined,
  now = new Date(),
): Promise<string> {
  const key = keyOf(env);
  const checkpoint = await withDb(env, (h) => takeAccessLogCheckpoint(h.db, key, now));
  const file =
    out ?? join(env.dataDir, CHECKPOINTS, `${now.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(checkpoint, null, 2) + '\n', { mode: 0o600 });
  return file;
}

/** Verifies the database against a checkpoint file (the newest under DATA_DIR when none is named). */
export async function verifyAccessLog(
  env: AccessLogEnv,
  checkpointFile: string | undefined,
): Promise<{ file: string; result: CheckpointVerification }> {
  const key = keyOf(env);
  const file = checkpointFile ?? newestCheckpoint(env.dataDir);
  const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as AccessLogCheckpoint;
  const result = await withDb(env, (h) => verifyAccessLogCheckpoint(h.db, checkpoint, key));
  return { file, result };
}

function newestCheckpoint(dataDir: string): string {
  const dir = join(dataDir, CHECKPOINTS);
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    // no directory: no checkpoint yet
  }
  const newest = names.at(-1);
  if (!newest)
    throw new Error(
      `no checkpoint in ${dir}: run ops access-log checkpoint first, or pass --checkpoint`,
    );
  return join(dir, newest);
}
