import { count, eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFixtures } from '@lending/borrowers/testing';
import { getBorrower } from '@lending/borrowers';
import { queryRows, type Db } from '@lending/db';
import { FixedClock } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import {
  CONTACT_LIMITS,
  addReferenceContact,
  importAddressBook,
  loadSealedAddressBookPage,
  registerBorrower,
  type ContactDataDeps,
} from '../src/index.js';
import { addressBookEntriesTable, contactPointsTable } from '../src/schema.js';
import { testVault } from '../src/testing.js';

const test = dbTest.extend(borrowerFixtures).extend<{ deps: ContactDataDeps }>({
  deps: [
    async ({ db }, use) => {
      await use({ db, clock: new FixedClock('2026-01-15T09:00:00Z'), vault: testVault() });
    },
    { scope: 'file' },
  ],
});

const registration = {
  displayName: 'Zhou Xin',
  timeZone: 'Asia/Shanghai',
  contactPoints: [
    { kind: 'PHONE' as const, value: '+86 139 0013 9000' },
    { kind: 'POSTAL_ADDRESS' as const, value: '  12 Nanjing Road,   Shanghai ' },
  ],
  idempotencyKey: 'signup-123',
};

const countRows = async (
  db: Db,
  table: typeof contactPointsTable | typeof addressBookEntriesTable,
  borrowerId: string,
) => (await db.select({ n: count() }).from(table).where(eq(table.borrowerId, borrowerId)))[0]!.n;

describe('registerBorrower', () => {
  test('creates the borrower and contact points once per key; a replay returns the same borrower', async ({
    db,
    deps,
  }) => {
    const first = await registerBorrower(deps, 'ops-1', registration);
    expect(first).toMatchObject({ ok: true, value: { replayed: false } });
    if (!first.ok) return;
    const replay = await registerBorrower(deps, 'ops-1', registration);
    expect(replay).toEqual({
      ok: true,
      value: { borrowerId: first.value.borrowerId, replayed: true },
    });
    expect(await countRows(db, contactPointsTable, first.value.borrowerId)).toBe(2);
    expect(await getBorrower(db, first.value.borrowerId)).toMatchObject({
      displayName: 'Zhou Xin',
    });
  });

  test('answers CONFLICT for the same key with different input, and writes nothing', async ({
    db,
    deps,
  }) => {
    const before = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from borrowers`,
    );
    const result = await registerBorrower(deps, 'ops-1', {
      ...registration,
      displayName: 'Someone Else',
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ code: 'CONFLICT', field: ['idempotencyKey'] }],
    });
    const after = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from borrowers`);
    expect(after).toEqual(before);
  });

  test('scopes keys to the actor: another service may reuse the same key', async ({ deps }) => {
    const other = await registerBorrower(deps, 'ops-2', registration);
    expect(other).toMatchObject({ ok: true, value: { replayed: false } });
  });

  test('runs concurrent registrations with one key exactly once', async ({ deps }) => {
    const input = { ...registration, idempotencyKey: 'signup-concurrent' };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => registerBorrower(deps, 'ops-1', input)),
    );
    const ids = new Set(results.map((r) => (r.ok ? r.value.borrowerId : 'failed')));
    expect(ids.size).toBe(1);
    expect(ids.has('failed')).toBe(false);
  });

  test.for<[Partial<Parameters<typeof registerBorrower>[2]>, string, string[]]>([
    [
      { contactPoints: [{ kind: 'PHONE' as const, value: '12345' }] },
      'INVALID_PHONE',
      ['contactPoints', '0', 'value'],
    ],
    [
      { contactPoints: [{ kind: 'EMAIL' as const, value: 'not-an-email' }] },
      'INVALID_EMAIL',
      ['contactPoints', '0', 'value'],
    ],
    [
      { contactPoints: [{ kind: 'POSTAL_ADDRESS' as const, value: '   ' }] },
      'INVALID_POSTAL_ADDRESS',
      ['contactPoints', '0', 'value'],
    ],
    [{ timeZone: 'Nowhere/Else' }, 'INVALID_TIME_ZONE', ['timeZone']],
    [{ displayName: '' }, 'INVALID_DISPLAY_NAME', ['displayName']],
    [{ idempotencyKey: '' }, 'INVALID_IDEMPOTENCY_KEY', ['idempotencyKey']],
    [
      {
        contactPoints: Array.from(
          { length: CONTACT_LIMITS.contactPointsPerBorrower + 1 },
          (_, i) => ({ kind: 'EMAIL' as const, value: `a${i}@example.com` }),
        ),
      },
      'LIMIT_EXCEEDED',
      ['contactPoints'],
    ],
  ])(
    'refuses %o with %s, without repeating the value',
    async ([overrides, code, field], { deps }) => {
      const result = await registerBorrower(deps, 'ops-1', {
        ...registration,
        idempotencyKey: `bad-${code}`,
        ...overrides,
      });
      expect(result).toMatchObject({ ok: false, errors: [{ code, field }] });
      const text = JSON.stringify(result);
      for (const secret of ['12345', 'not-an-email', 'Nowhere/Else'])
        expect(text).not.toContain(secret);
    },
  );
});

describe('addReferenceContact', () => {
  test(`stops at ${CONTACT_LIMITS.referenceContactsPerBorrower}, even when additions race`, async ({
    deps,
    borrower,
  }) => {
    const attempts = await Promise.all(
      Array.from({ length: CONTACT_LIMITS.referenceContactsPerBorrower + 3 }, (_, i) =>
        addReferenceContact(deps, borrower.id, {
          relationship: 'friend',
          name: `Friend ${i}`,
          phone: `+861390013${String(9000 + i)}`,
        }),
      ),
    );
    expect(attempts.filter((a) => a.ok)).toHaveLength(CONTACT_LIMITS.referenceContactsPerBorrower);
    expect(
      attempts.filter((a) => !a.ok).every((a) => !a.ok && a.errors[0]?.code === 'LIMIT_EXCEEDED'),
    ).toBe(true);
  });

  test('refuses an unknown borrower and invalid fields', async ({ deps, borrower }) => {
    expect(
      await addReferenceContact(deps, '01937a5e-0000-7000-8000-0000000fffff', {
        relationship: 'x',
        name: 'y',
        phone: '+8613900139000',
      }),
    ).toMatchObject({ ok: false, errors: [{ code: 'BORROWER_NOT_FOUND' }] });
    const bad = await addReferenceContact(deps, borrower.id, {
      relationship: '',
      name: '',
      phone: 'call me',
    });
    expect(bad).toMatchObject({
      ok: false,
      errors: [
        { code: 'INVALID_RELATIONSHIP' },
        { code: 'INVALID_NAME' },
        { code: 'INVALID_PHONE' },
      ],
    });
  });
});

describe('importAddressBook', () => {
  test('stores valid entries once: duplicates inside the import and against stored ones are skipped', async ({
    db,
    deps,
    borrower,
  }) => {
    const first = await importAddressBook(deps, borrower.id, [
      { name: 'A', phone: '+8615900159000' },
      { name: 'A again', phone: '+86 159 0015 9000' },
      { name: 'B', phone: '+8618600186000' },
    ]);
    expect(first).toEqual({ ok: true, value: { imported: 2 } });
    const second = await importAddressBook(deps, borrower.id, [
      { name: 'B', phone: '+8618600186000' },
      { name: 'C', phone: '+8613700137000' },
    ]);
    expect(second).toEqual({ ok: true, value: { imported: 1 } });
    expect(await countRows(db, addressBookEntriesTable, borrower.id)).toBe(3);
  });

  test('stores nothing when any entry is invalid, and reports at most 20 errors', async ({
    db,
    deps,
    borrower,
  }) => {
    const entries = [
      { name: 'Good', phone: '+8615900159000' },
      ...Array.from({ length: 30 }, () => ({ name: 'Bad', phone: 'nope' })),
    ];
    const result = await importAddressBook(deps, borrower.id, entries);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(CONTACT_LIMITS.importErrorsReported);
    expect(result.errors[0]).toMatchObject({
      code: 'INVALID_PHONE',
      field: ['entries', '1', 'phone'],
    });
    expect(await countRows(db, addressBookEntriesTable, borrower.id)).toBe(0);
  });

  test(`refuses more than ${CONTACT_LIMITS.addressBookEntriesPerImport} entries in one import`, async ({
    deps,
    borrower,
  }) => {
    const entries = Array.from({ length: CONTACT_LIMITS.addressBookEntriesPerImport + 1 }, () => ({
      name: 'x',
      phone: '+8615900159000',
    }));
    expect(await importAddressBook(deps, borrower.id, entries)).toMatchObject({
      ok: false,
      errors: [{ code: 'LIMIT_EXCEEDED', field: ['entries'] }],
    });
  });

  test('pages the stored entries in insertion order', async ({ db, deps, borrower }) => {
    await importAddressBook(deps, borrower.id, [
      { name: 'One', phone: '+8615900159001' },
      { name: 'Two', phone: '+8615900159002' },
      { name: 'Three', phone: '+8615900159003' },
    ]);
    const page1 = await loadSealedAddressBookPage(db, borrower.id, 2, null);
    expect(page1.items).toHaveLength(2);
    expect(page1.hasNextPage).toBe(true);
    const page2 = await loadSealedAddressBookPage(db, borrower.id, 2, page1.items[1]!.id);
    expect(page2.items).toHaveLength(1);
    expect(page2.hasNextPage).toBe(false);
  });
});
