import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { createDb, migrate, initBusinessDate, migrationsFolder, type DbHandle } from './index.js';

export interface TestDb extends DbHandle {
  [Symbol.asyncDispose](): Promise<void>;
}

export interface TestDbOptions {
  /** Defaults to process.env.DATABASE_URL: a real server when set, in-memory PGlite otherwise. */
  databaseUrl?: string | undefined;
  /** The business date the database starts on. */
  businessDate?: string;
  now?: Date;
}

/**
 * A migrated database of its own for one test file: in-memory PGlite, or a
 * fresh database on the server named by DATABASE_URL, dropped on close.
 */
export async function createTestDb(options: TestDbOptions = {}): Promise<TestDb> {
  const serverUrl = options.databaseUrl ?? process.env['DATABASE_URL'];
  const handle = serverUrl ? await createServerDatabase(serverUrl) : await createMigratedPglite();
  await migrate(handle); // a no-op on a snapshot that is current
  await initBusinessDate(
    handle.db,
    options.businessDate ?? '2026-01-15',
    options.now ?? new Date('2026-01-15T09:00:00Z'),
  );
  return Object.assign(handle, { [Symbol.asyncDispose]: () => handle.close() });
}

async function createServerDatabase(serverUrl: string): Promise<DbHandle> {
  const name = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: url.toString(), maxConnections: 20 });
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

/**
 * A new PGlite starts from a migrated snapshot of the data directory, made
 * once per set of migrations and kept in the temp directory: restoring it
 * costs a fraction of creating a database and running every migration.
 */
async function createMigratedPglite(): Promise<DbHandle> {
  const snapshot = join(tmpdir(), `lending-pglite-${migrationsDigest()}.tar`);
  if (existsSync(snapshot)) {
    const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(snapshot)]) });
    return createDb({ pglite });
  }
  const handle = await createDb();
  await migrate(handle);
  const pglite = (handle.db as unknown as { $client: PGlite }).$client;
  const dump = await pglite.dumpDataDir('none');
  // Written under a unique name, then renamed: parallel test workers never read half a file.
  const partial = `${snapshot}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, snapshot);
  for (const stale of readdirSync(tmpdir())) {
    if (/^lending-pglite-[0-9a-f]{16}\.tar$/.test(stale) && join(tmpdir(), stale) !== snapshot) {
      rmSync(join(tmpdir(), stale), { force: true });
    }
  }
  return handle;
}

let digest: string | undefined;
function migrationsDigest(): string {
  if (digest) return digest;
  const hash = createHash('sha256');
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
  digest = hash.digest('hex').slice(0, 16);
  return digest;
}
