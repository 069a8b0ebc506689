import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { ensureBorrower } from '@lending/borrowers';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows, type Db } from '@lending/db';
import { FixedClock, newId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import { RevealCapability } from '../src/capability.js';
import {
  addReferenceContact,
  ContactVault,
  guardedRead,
  importAddressBook,
  loadSealedAddressBookPage,
  loadSealedContactPoints,
  loadSealedReferenceContacts,
  registerBorrower,
  resealContactData,
  type ContactScope,
  type Sealed,
} from '../src/index.js';
import { addressBookEntriesTable, contactPointsTable } from '../src/schema.js';
import { borrowerActor, TEST_CONTACT_KEY, testVault } from '../src/testing.js';

// Issue 13: the vault bound a ciphertext to its borrower and scope only, so
// anyone who can write the database could swap values between two rows of
// one borrower and scope (a reference contact's phone for another's, an
// e-mail for a phone) and the guard would reveal them. And the address
// book's phone digest was one HMAC for everyone: equal digests linked the
// same phone across borrowers for anyone who reads the database.

const test = dbTest;
const clock = new FixedClock('2026-01-15T09:00:00Z');
const deps = (db: Db, vault = testVault()) => ({ db, clock, vault, needToKnow: [] });

/** Sealed by the vault as it was before this change (key TEST_CONTACT_KEY), kept verbatim. */
const LEGACY = {
  borrowerId: '0190a000-0000-7000-8000-000000000001',
  keyId: 'k8c0cc17a0494',
  contactPoint: {
    value: { kind: 'PHONE', value: '+8613800138000' },
    ciphertext:
      'gai6QacYDXIgixouqYnqKLU3eXvQkeVV/LipsQ9vJxVZ6i6A40q6iMaDXnMmuvhuLBPazDqmsC/bQFzm50cS3ZzDZ4vV',
  },
  addressBookEntry: {
    value: { name: 'Wang Fang', phone: '+8613900139000' },
    ciphertext:
      'FD9WV3cw4aJxuaog18m+HSFWYmRTndZu+wmuBxkDcwUUOGbVCDcRuu44OSZSZA8kithnANirjfkkxV63A6o5RV22jcaHn8Tg/A==',
    phoneDigest: 'ad7328955b4f7643564be941746ae647786336d948208af04cd3d3e71db16795',
  },
} as const;

/** The old format, for rows the golden values above do not cover: AAD `borrowerId|scope`. */
function sealV1(key: Buffer, borrowerId: string, scope: ContactScope, payload: object): string {
  const encryption = Buffer.from(
    hkdfSync('sha256', key, Buffer.alloc(0), 'lending/contact-data/aes-256-gcm', 32),
  );
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryption, nonce);
  cipher.setAAD(Buffer.from(`${borrowerId}|${scope}`, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64');
}

function readAs(db: Db, borrowerId: string, scope: ContactScope, vault = testVault()) {
  const load = async (): Promise<readonly Sealed<unknown>[] | undefined> => {
    switch (scope) {
      case 'SELF_CONTACT':
        return (await loadSealedContactPoints(db, [borrowerId])).get(borrowerId);
      case 'REFERENCE_CONTACTS':
        return (await loadSealedReferenceContacts(db, [borrowerId])).get(borrowerId);
      case 'ADDRESS_BOOK':
        return (await loadSealedAddressBookPage(db, borrowerId, 500, null)).items;
    }
  };
  return guardedRead(
    deps(db, vault),
    {
      actor: borrowerActor(borrowerId),
      borrowerId,
      scope,
      purpose: 'SERVICING',
      fields: ['value'],
      path: 'borrower.contacts',
      operationName: null,
      requestId: 'req-1',
    },
    load,
  );
}

async function swapCiphertexts(db: Db, table: string, a: string, b: string) {
  await db.execute(sql`
    update ${sql.identifier(table)} as t set key_id = o.key_id, ciphertext = o.ciphertext
    from ${sql.identifier(table)} as o
    where (t.id, o.id) in ((${a}::uuid, ${b}::uuid), (${b}::uuid, ${a}::uuid))`);
}

const idsOf = async (db: Db, table: string, borrowerId: string) =>
  (
    await queryRows<{ id: string }>(
      db,
      sql`select id from ${sql.identifier(table)} where borrower_id = ${borrowerId} order by id`,
    )
  ).map((r) => r.id);

/** The re-seal covers the whole database: tests that run it first drop earlier tests' rows. */
async function onlyContactDataOf(db: Db, borrowerIds: readonly string[]) {
  const keep = sql.join(
    borrowerIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  for (const table of ['contact_points', 'reference_contacts', 'address_book_entries']) {
    await db.execute(sql`delete from ${sql.identifier(table)} where borrower_id not in (${keep})`);
  }
}

const digestsOf = async (db: Db, borrowerId: string) =>
  (
    await queryRows<{ phone_digest: string }>(
      db,
      sql`select phone_digest from address_book_entries where borrower_id = ${borrowerId} order by id`,
    )
  ).map((r) => r.phone_digest);

describe('a ciphertext moved to another row of the same borrower and scope', () => {
  test('contact points: the read fails closed and never shows the other row', async ({ db }) => {
    const registered = await registerBorrower(deps(db), 'ops-1', {
      displayName: 'Zhou Xin',
      timeZone: 'Asia/Shanghai',
      contactPoints: [
        { kind: 'PHONE', value: '+86 139 0013 9000' },
        { kind: 'EMAIL', value: 'zhou@example.cn' },
      ],
      idempotencyKey: 'zhou',
    });
    if (!registered.ok) throw new Error('setup');
    const borrowerId = registered.value.borrowerId;
    expect(await readAs(db, borrowerId, 'SELF_CONTACT')).toMatchObject({ ok: true });

    const [a, b] = await idsOf(db, 'contact_points', borrowerId);
    await swapCiphertexts(db, 'contact_points', a!, b!);
    await expect(readAs(db, borrowerId, 'SELF_CONTACT')).rejects.toThrow(
      'contact data does not open for this row',
    );
    // Nor through the vault directly, with a live capability for exactly this borrower and scope.
    const capability = RevealCapability.mint(borrowerId, 'SELF_CONTACT');
    for (const sealed of (await loadSealedContactPoints(db, [borrowerId])).get(borrowerId)!) {
      expect(() => testVault().reveal(sealed, capability)).toThrow('does not open');
    }
  });

  test('reference contacts and address-book entries: the same', async ({ db }) => {
    const borrowerId = (await borrowerFactory(db)).id;
    for (const [name, phone] of [
      ['Mother', '+86 139 0013 9001'],
      ['Brother', '+86 139 0013 9002'],
    ]) {
      const added = await addReferenceContact(deps(db), borrowerId, {
        relationship: name!,
        name: name!,
        phone: phone!,
      });
      expect(added.ok).toBe(true);
    }
    expect(
      await importAddressBook(deps(db), borrowerId, [
        { name: 'A', phone: '+86 139 0013 9003' },
        { name: 'B', phone: '+86 139 0013 9004' },
      ]),
    ).toEqual({ ok: true, value: { imported: 2 } });

    for (const [table, scope] of [
      ['reference_contacts', 'REFERENCE_CONTACTS'],
      ['address_book_entries', 'ADDRESS_BOOK'],
    ] as const) {
      expect(await readAs(db, borrowerId, scope)).toMatchObject({ ok: true });
      const [a, b] = await idsOf(db, table, borrowerId);
      await swapCiphertexts(db, table, a!, b!);
      await expect(readAs(db, borrowerId, scope)).rejects.toThrow('does not open for this row');
    }
  });

  test('stripping the format prefix does not downgrade a value to the unbound format', async ({
    db,
  }) => {
    const borrowerId = (await borrowerFactory(db)).id;
    expect(
      await importAddressBook(deps(db), borrowerId, [{ name: 'A', phone: '+86 139 0013 9005' }]),
    ).toMatchObject({ ok: true });
    await db.execute(
      sql`update address_book_entries set ciphertext = substr(ciphertext, 4) where borrower_id = ${borrowerId}`,
    );
    await expect(readAs(db, borrowerId, 'ADDRESS_BOOK')).rejects.toThrow('does not open');
  });
});

describe('rows sealed before the row id was bound', () => {
  test('still read, are upgraded by resealContactData (idempotently), and then bind their row', async ({
    db,
  }) => {
    const borrowerId = LEGACY.borrowerId;
    await onlyContactDataOf(db, [borrowerId]);
    await ensureBorrower(db, {
      id: borrowerId,
      displayName: 'Legacy',
      timeZone: 'Asia/Shanghai',
      createdAt: clock.now(),
    });
    const pointId = newId();
    await db.insert(contactPointsTable).values({
      id: pointId,
      borrowerId,
      keyId: LEGACY.keyId,
      ciphertext: LEGACY.contactPoint.ciphertext,
      createdAt: clock.now(),
    });
    // A second, unbound value of the same borrower and scope: sealed the old way.
    const emailId = newId();
    await db.insert(contactPointsTable).values({
      id: emailId,
      borrowerId,
      keyId: LEGACY.keyId,
      ciphertext: sealV1(TEST_CONTACT_KEY, borrowerId, 'SELF_CONTACT', {
        kind: 'EMAIL',
        value: 'legacy@example.cn',
      }),
      createdAt: clock.now(),
    });
    await db.insert(addressBookEntriesTable).values({
      id: newId(),
      borrowerId,
      keyId: LEGACY.keyId,
      ciphertext: LEGACY.addressBookEntry.ciphertext,
      phoneDigest: LEGACY.addressBookEntry.phoneDigest,
      createdAt: clock.now(),
    });
    const before = await readAs(db, borrowerId, 'SELF_CONTACT');
    expect(before).toMatchObject({ ok: true });
    expect(before.ok && before.value).toEqual(
      expect.arrayContaining([
        LEGACY.contactPoint.value,
        { kind: 'EMAIL', value: 'legacy@example.cn' },
      ]),
    );
    expect(await readAs(db, borrowerId, 'ADDRESS_BOOK')).toMatchObject({
      ok: true,
      value: [LEGACY.addressBookEntry.value],
    });

    expect(await resealContactData({ db, vault: testVault() })).toEqual({
      contactPoints: 2,
      referenceContacts: 0,
      addressBookEntries: 1,
      duplicatesRemoved: 0,
      unreadable: 0,
    });
    const rows = await queryRows<{ ciphertext: string; key_id: string }>(
      db,
      sql`select ciphertext, key_id from contact_points where borrower_id = ${borrowerId}
          union all select ciphertext, key_id from address_book_entries where borrower_id = ${borrowerId}`,
    );
    for (const row of rows) {
      expect(row.ciphertext.startsWith('v2:')).toBe(true);
      expect(row.key_id).toBe(LEGACY.keyId);
    }
    expect(await digestsOf(db, borrowerId)).toEqual([
      testVault().phoneDigest(borrowerId, '+8613900139000'),
    ]);
    const after = await readAs(db, borrowerId, 'SELF_CONTACT');
    expect(after.ok && after.value).toEqual(before.ok && before.value);
    expect(await readAs(db, borrowerId, 'ADDRESS_BOOK')).toMatchObject({
      ok: true,
      value: [LEGACY.addressBookEntry.value],
    });

    // Idempotent: nothing left to do.
    expect(await resealContactData({ db, vault: testVault() })).toEqual({
      contactPoints: 0,
      referenceContacts: 0,
      addressBookEntries: 0,
      duplicatesRemoved: 0,
      unreadable: 0,
    });
    // Upgraded rows now bind their row: the swap that the old format allowed fails.
    await swapCiphertexts(db, 'contact_points', pointId, emailId);
    await expect(readAs(db, borrowerId, 'SELF_CONTACT')).rejects.toThrow('does not open');
  });

  test('a moved value is left alone by the re-seal, reported, and still does not read', async ({
    db,
  }) => {
    const borrowerId = (await borrowerFactory(db)).id;
    await addReferenceContact(deps(db), borrowerId, {
      relationship: 'Aunt',
      name: 'Aunt',
      phone: '+86 139 0013 9011',
    });
    await onlyContactDataOf(db, [borrowerId]);
    const [id] = await idsOf(db, 'reference_contacts', borrowerId);
    const other = (await borrowerFactory(db)).id;
    // An old-format value sealed for another borrower, moved into this row.
    await db.execute(
      sql`update reference_contacts set ciphertext = ${sealV1(
        TEST_CONTACT_KEY,
        other,
        'REFERENCE_CONTACTS',
        { id, relationship: 'x', name: 'x', phone: '+8613900139012' },
      )} where id = ${id!}::uuid`,
    );
    expect(await resealContactData({ db, vault: testVault() })).toMatchObject({
      referenceContacts: 0,
      unreadable: 1,
    });
    await expect(readAs(db, borrowerId, 'REFERENCE_CONTACTS')).rejects.toThrow('does not open');
  });

  test('a rotated key: the re-seal moves every row to the current key; the old one may then go', async ({
    db,
  }) => {
    const newKey = Buffer.alloc(32, 7);
    const borrowerId = (await borrowerFactory(db)).id;
    await onlyContactDataOf(db, [borrowerId]);
    await addReferenceContact(deps(db), borrowerId, {
      relationship: 'Aunt',
      name: 'Aunt',
      phone: '+86 139 0013 9021',
    });
    await importAddressBook(deps(db), borrowerId, [{ name: 'A', phone: '+86 139 0013 9022' }]);
    const rotated = new ContactVault(newKey, [TEST_CONTACT_KEY]);
    // Before the re-seal, an import under the new key does not see the old digest: a duplicate.
    expect(
      await importAddressBook(deps(db, rotated), borrowerId, [
        { name: 'A again', phone: '+86 139 0013 9022' },
      ]),
    ).toEqual({ ok: true, value: { imported: 1 } });

    const report = await resealContactData({ db, vault: rotated });
    expect(report).toMatchObject({ referenceContacts: 1, duplicatesRemoved: 1, unreadable: 0 });
    const onlyNew = new ContactVault(newKey);
    expect(await readAs(db, borrowerId, 'REFERENCE_CONTACTS', onlyNew)).toMatchObject({
      ok: true,
      value: [{ relationship: 'Aunt', phone: '+8613900139021' }],
    });
    expect(await readAs(db, borrowerId, 'ADDRESS_BOOK', onlyNew)).toMatchObject({
      ok: true,
      value: [{ phone: '+8613900139022' }],
    });
    expect(
      await importAddressBook(deps(db, onlyNew), borrowerId, [
        { name: 'A', phone: '+86 139 0013 9022' },
      ]),
    ).toEqual({ ok: true, value: { imported: 0 } });
  });
});

describe('address-book phone digests', () => {
  test('differ between borrowers for the same phone; dedup within a borrower still works', async ({
    db,
  }) => {
    const [alice, bob] = [(await borrowerFactory(db)).id, (await borrowerFactory(db)).id];
    const phone = '+86 139 0013 9031';
    for (const borrowerId of [alice, bob]) {
      expect(
        await importAddressBook(deps(db), borrowerId, [
          { name: 'Same person', phone },
          { name: 'Same person, written again', phone: '+8613900139031' },
        ]),
      ).toEqual({ ok: true, value: { imported: 1 } });
      expect(await importAddressBook(deps(db), borrowerId, [{ name: 'Once more', phone }])).toEqual(
        { ok: true, value: { imported: 0 } },
      );
    }
    const [aliceDigests, bobDigests] = [await digestsOf(db, alice), await digestsOf(db, bob)];
    expect(aliceDigests).toHaveLength(1);
    expect(bobDigests).toHaveLength(1);
    expect(aliceDigests[0]).not.toBe(bobDigests[0]);
    // Nor is either the one HMAC everyone shared before.
    expect(aliceDigests[0]).not.toContain(testVault().digest('+8613900139031'));
  });

  test('old shared digests are recomputed per borrower by the re-seal, and dedup works after it', async ({
    db,
  }) => {
    const [alice, bob] = [(await borrowerFactory(db)).id, (await borrowerFactory(db)).id];
    await onlyContactDataOf(db, [alice, bob]);
    const vault = testVault();
    const phone = '+8613900139041';
    for (const borrowerId of [alice, bob]) {
      await db.insert(addressBookEntriesTable).values({
        id: newId(),
        borrowerId,
        keyId: vault.currentKeyId,
        ciphertext: sealV1(TEST_CONTACT_KEY, borrowerId, 'ADDRESS_BOOK', { name: 'X', phone }),
        // The old digest: one HMAC of the phone, the same in every borrower's book.
        phoneDigest: vault.digest(phone),
        createdAt: clock.now(),
      });
    }
    expect(await digestsOf(db, alice)).toEqual(await digestsOf(db, bob));

    expect(await resealContactData({ db, vault })).toMatchObject({
      addressBookEntries: 2,
      duplicatesRemoved: 0,
    });
    const [aliceDigests, bobDigests] = [await digestsOf(db, alice), await digestsOf(db, bob)];
    expect(aliceDigests).toEqual([vault.phoneDigest(alice, phone)]);
    expect(bobDigests).toEqual([vault.phoneDigest(bob, phone)]);
    expect(aliceDigests[0]).not.toBe(bobDigests[0]);
    for (const borrowerId of [alice, bob]) {
      expect(
        await importAddressBook(deps(db), borrowerId, [
          { name: 'X again', phone: '+86 139 0013 9041' },
        ]),
      ).toEqual({ ok: true, value: { imported: 0 } });
    }
  });
});
