import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { createDb, migrate, initBusinessDate, type Db, type DbHandle } from './index.js';
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
  /** Told the text of every statement sent through drizzle. */
  onQuery?: (query: string) => void;
}

/**
 * A migrated database of its own for one test file: in-memory PGlite, or a
 * fresh database on the server named by DATABASE_URL, dropped on close.
 */
export async function createTestDb(options: TestDbOptions = {}): Promise<TestDb> {
  const serverUrl = options.databaseUrl ?? process.env['DATABASE_URL'];
  const handle = serverUrl
    ? await createServerDatabase(serverUrl, options.onQuery)
    : await createMigratedPglite(options.onQuery);
  await migrate(handle); // a no-op on a snapshot that is current
  await initBusinessDate(
    handle.db,
    options.businessDate ?? '2026-01-15',
    options.now ?? new Date('2026-01-15T09:00:00Z'),
  );
  return Object.assign(handle, { [Symbol.asyncDispose]: () => handle.close() });
}

/** What a test gets from `dbFixtures`: one database per test file. */
export interface DbFixtures {
  /**
   * createTestDb's options for the file's database; a file sets its own with
   * `const test = dbTest.override({ dbOptions: { businessDate: '2026-01-31' } })`.
   */
  dbOptions: TestDbOptions;
  /** The file's database: made when first asked for, released after the file's last test. */
  testDb: TestDb;
  /** Its drizzle handle, the `db` every service takes. */
  db: Db;
}

type Use<T> = (value: T) => Promise<void>;
type FileFixture<Deps, T> = [(deps: Deps, use: Use<T>) => Promise<void>, { scope: 'file' }];

/**
 * The per-file database as vitest fixtures, for `test.extend(dbFixtures)`:
 * every fixture has file scope, so the tests of a file share one database
 * (a new one per test would cost about a second each) and suite hooks
 * (`test.beforeAll(async ({ db }) => ...)`) get it too. Test files take the
 * bound `dbTest` from `@lending/testing/fixtures`; only @lending/db's own
 * tests, below @lending/testing, extend with this object themselves. A
 * plain object, so that importing this module needs no test runner.
 */
export const dbFixtures: {
  dbOptions: [TestDbOptions, { scope: 'file' }];
  testDb: FileFixture<Pick<DbFixtures, 'dbOptions'>, TestDb>;
  db: FileFixture<Pick<DbFixtures, 'testDb'>, Db>;
} = {
  dbOptions: [{}, { scope: 'file' }],
  testDb: [
    async ({ dbOptions }, use) => {
      await using testDb = await createTestDb(dbOptions);
      await use(testDb);
    },
    { scope: 'file' },
  ],
  db: [
    async ({ testDb }, use) => {
      await use(testDb.db);
    },
    { scope: 'file' },
  ],
};

async function createServerDatabase(
  serverUrl: string,
  onQuery?: (query: string) => void,
): Promise<DbHandle> {
  const name = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({
    databaseUrl: url.toString(),
    maxConnections: 20,
    onQuery,
  });
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
async function createMigratedPglite(onQuery?: (query: string) => void): Promise<DbHandle> {
  const { path } = await ensurePgliteSnapshot();
  const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(path)]) });
  return createDb({ pglite, onQuery });
}

/**
 * A database of its own on the server `serverUrl`, owned by a new migrator
 * role, with a new login role for the application; `work` gets both URLs.
 * Roles, database and all are dropped afterwards. For tests of what the
 * application role may and may not do.
 */
export async function withSplitRoles(
  serverUrl: string,
  prefix: string,
  work: (urls: { migrator: string; app: string }) => Promise<void>,
): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const migrator = `${prefix}_migrator_${suffix}`;
  const app = `${prefix}_app_${suffix}`;
  const database = `${prefix}_roles_${suffix}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const urlFor = (user: string) => {
    const url = new URL(serverUrl);
    url.username = user;
    url.password = '';
    url.pathname = `/${database}`;
    return url.toString();
  };
  try {
    await admin.unsafe(`create role ${migrator} login`);
    await admin.unsafe(`create role ${app} login`);
    await admin.unsafe(`create database ${database} owner ${migrator}`);
    await work({ migrator: urlFor(migrator), app: urlFor(app) });
  } finally {
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.unsafe(`drop role if exists ${app}`);
    await admin.unsafe(`drop role if exists ${migrator}`);
    await admin.end({ timeout: 5 });
  }
}
