import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';
import { createDb } from './client.js';
import { jobEngineSchemaFingerprint } from './job-engine.js';
import { migrate, migrationsFolder } from './migrate.js';

const SNAPSHOT_PATTERN = /^lending-pglite-[0-9a-f]{16}\.tar$/;
/** Building the snapshot takes ~5 s alone, far longer on two busy cores; waiting is bounded. */
const SNAPSHOT_WAIT_MS = 5 * 60_000;
/**
 * A lock whose holder stopped refreshing it for this long died (kill -9,
 * crash). Generous: on two busy cores a live builder can stall for tens of
 * seconds inside PGlite, and a lock taken over from a live builder builds twice.
 */
const LOCK_STALE_MS = 120_000;

/**
 * Where the migrated PGlite data directory for the current migrations and
 * PGlite version is kept: the temp directory, keyed by content, so every
 * checkout with the same migrations shares one and a changed migration makes
 * a new one.
 */
export function pgliteSnapshotPath(): string {
  return join(tmpdir(), `lending-pglite-${snapshotKey()}.tar`);
}

/**
 * Makes sure the snapshot exists, building it at most once however many
 * processes ask at the same moment: one holds a lock file and builds, the
 * others wait for it. On a fresh machine every test worker of every package
 * used to build its own at once, and on two cores they all timed out.
 * Returns whether this call built it.
 */
export async function ensurePgliteSnapshot(): Promise<{ path: string; built: boolean }> {
  const path = pgliteSnapshotPath();
  if (existsSync(path)) return { path, built: false };
  const release = await lockfile.lock(path, {
    realpath: false, // the snapshot does not exist yet
    stale: LOCK_STALE_MS,
    retries: { retries: Math.ceil(SNAPSHOT_WAIT_MS / 250), minTimeout: 100, maxTimeout: 250 },
  });
  try {
    if (existsSync(path)) return { path, built: false }; // built while this process waited
    await buildSnapshot(path);
    removeStaleSnapshots(path);
    return { path, built: true };
  } finally {
    await release();
  }
}

async function buildSnapshot(path: string): Promise<void> {
  const handle = await createDb();
  try {
    await migrate(handle);
    const pglite = (handle.db as unknown as { $client: PGlite }).$client;
    const dump = await pglite.dumpDataDir('none');
    // Written under a unique name, then renamed: a reader never sees half a file.
    const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, path);
  } finally {
    await handle.close();
  }
}

function removeStaleSnapshots(current: string): void {
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (SNAPSHOT_PATTERN.test(name) && path !== current) rmSync(path, { force: true });
  }
}

let key: string | undefined;
/** The migrations, the job engine's schema and the PGlite version: a data directory is only valid for all three. */
function snapshotKey(): string {
  if (key) return key;
  const hash = createHash('sha256').update(pgliteVersion()).update(jobEngineSchemaFingerprint());
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(migrationsFolder);
  key = hash.digest('hex').slice(0, 16);
  return key;
}

function pgliteVersion(): string {
  // The package's exports hide its package.json; find it beside the resolved entry point.
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (name === '@electric-sql/pglite' && version) return version;
    }
  }
  throw new Error('cannot find the installed @electric-sql/pglite version');
}
