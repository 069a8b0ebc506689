import type { Db } from '@lending/db';
import { FixedClock, unwrap, type Clock } from '@lending/kernel';
import { createBorrower, type Borrower, type NewBorrower } from './borrower.service.js';

let sequence = 0;

/** Factory for tests: a valid borrower, overridable field by field. */
export async function borrowerFactory(
  db: Db,
  overrides: Partial<NewBorrower> = {},
  clock: Clock = new FixedClock(new Date('2026-01-15T09:00:00Z')),
): Promise<Borrower> {
  sequence += 1;
  const result = await createBorrower(
    db,
    { displayName: `Borrower ${sequence}`, timeZone: 'Asia/Shanghai', ...overrides },
    clock,
  );
  return unwrap(result);
}

/**
 * A link of the test fixture chain: `dbTest.extend(borrowerFixtures)` (dbTest
 * from @lending/testing/fixtures) gives each test that asks for `borrower` a
 * fresh one, made by borrowerFactory on the file's database. A plain object
 * of fixtures, so that this module loads outside the test runner too.
 */
export const borrowerFixtures = {
  borrower: async ({ db }: { db: Db }, use: (borrower: Borrower) => Promise<void>) => {
    await use(await borrowerFactory(db));
  },
};
