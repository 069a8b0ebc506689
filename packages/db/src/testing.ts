import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { createDb, migrate, initBusinessDate, type DbHandle } from './index.js';
import { ensurePgliteSnapshot } from './pglite-snapshot.js';

export { ensurePgliteSnapshot, pgliteSnapshotPath } from './pglite-snapshot.js';

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
 * once per set of migrations: restoring it costs a fraction of creating a
 * database and running every migration.
 */
async function createMigratedPglite(): Promise<DbHandle> {
  const { path } = await ensurePgliteSnapshot();
  const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(path)]) });
  return createDb({ pglite });
}
