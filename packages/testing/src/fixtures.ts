/**
 * Test fixtures (vitest `test.extend`) for test files only: `test.extend`
 * needs the vitest runner, which is why this entry is apart from
 * `@lending/testing`, which bench scripts load outside vitest.
 *
 * `dbTest` gives each test file one migrated database of its own (PGlite, or
 * a fresh database on the server named by DATABASE_URL), made when a test or
 * suite hook first asks for it and released with `await using` after the
 * file's last test:
 *
 * ```ts
 * import { borrowerFixtures } from '@lending/borrowers/testing';
 * import { dbTest } from '@lending/testing/fixtures';
 *
 * const test = dbTest
 *   .override({ dbOptions: { businessDate: '2026-01-31' } }) // createTestDb's options, for this file
 *   .extend(borrowerFixtures); // a chain link: a fresh `borrower` for each test that asks
 *
 * test.beforeAll(async ({ db }) => {
 *   // suite hooks get the file-scoped fixtures (dbOptions, testDb, db), not test-scoped ones
 * });
 *
 * test('opens a line', async ({ db, borrower }) => {
 *   // db: the file's drizzle handle; testDb: the same database's TestDb handle
 * });
 * ```
 *
 * Chain links live in each domain package's `./testing` as plain fixture
 * objects (`borrowerFixtures`), so that those modules, which bench scripts
 * import too, load without the runner.
 *
 * Use one test API per file: vitest keeps a file-scoped fixture per API, so
 * tests of `dbTest` and of `dbTest.extend(...)` in one file would get two
 * databases. `override` (for `dbOptions`) changes the API it is called on, at
 * the top of the file, before any test of it runs. A parameterised test that
 * needs a fixture is `test.for(cases)(name, async (row, { db }) => ...)`:
 * `test.each` hands its callback no fixtures.
 */
import { test } from 'vitest';
import { dbFixtures, type DbFixtures } from '@lending/db/testing';

export type { DbFixtures } from '@lending/db/testing';

/** `test` with the file's database: `db` (drizzle), `testDb` (its handle), `dbOptions`. */
export const dbTest = test.extend<DbFixtures>(dbFixtures);
