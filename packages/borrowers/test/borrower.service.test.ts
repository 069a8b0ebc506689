import { describe, expect } from 'vitest';
import { FixedClock } from '@lending/kernel';
import { dbTest as test } from '@lending/testing/fixtures';
import {
  createBorrower,
  ensureBorrower,
  getBorrower,
  getBorrowersByIds,
  type NewBorrower,
} from '../src/index.js';

const clock = new FixedClock('2026-03-01T08:00:00Z');

describe('createBorrower', () => {
  test('stores a borrower with a UUIDv7 id and the clock time', async ({ db }) => {
    const result = await createBorrower(
      db,
      { displayName: '  Wang Fang ', timeZone: 'Asia/Shanghai' },
      clock,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ displayName: 'Wang Fang', timeZone: 'Asia/Shanghai' });
    expect(result.value.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(await getBorrower(db, result.value.id)).toEqual({
      ...result.value,
      createdAt: new Date('2026-03-01T08:00:00Z'),
    });
  });

  test.for<[NewBorrower, string, string[]]>([
    [{ displayName: '', timeZone: 'UTC' }, 'INVALID_DISPLAY_NAME', ['displayName']],
    [{ displayName: 'x'.repeat(101), timeZone: 'UTC' }, 'INVALID_DISPLAY_NAME', ['displayName']],
    [{ displayName: 'Ok', timeZone: 'Mars/Olympus' }, 'INVALID_TIME_ZONE', ['timeZone']],
    [{ displayName: 'Ok', timeZone: '+08:00' }, 'INVALID_TIME_ZONE', ['timeZone']],
  ])('refuses %o with %s and writes nothing', async ([input, code, field], { db }) => {
    const before = await getBorrowersByIds(db, []);
    const result = await createBorrower(db, input, clock);
    expect(result).toMatchObject({ ok: false, errors: [{ code, field }] });
    expect(before).toEqual([]);
  });
});

describe('ensureBorrower', () => {
  test('inserts once and returns the stored row on a replay', async ({ db }) => {
    const seed = {
      id: '01937a5e-0000-7000-8000-0000000000aa',
      displayName: 'Seeded',
      timeZone: 'Europe/Berlin',
      createdAt: new Date('2026-01-01T00:00:00Z'),
    };
    const stored = { ...seed, jurisdiction: 'CN' };
    expect(await ensureBorrower(db, seed)).toEqual({ ok: true, value: stored });
    const replay = await ensureBorrower(db, { ...seed, displayName: 'Changed' });
    expect(replay).toEqual({ ok: true, value: stored });
  });
});

describe('jurisdiction', () => {
  test('is CN unless given, and only CN or US', async ({ db }) => {
    const cn = await createBorrower(db, { displayName: 'Li', timeZone: 'Asia/Shanghai' }, clock);
    expect(cn.ok && cn.value.jurisdiction).toBe('CN');
    const us = await createBorrower(
      db,
      { displayName: 'Maria', timeZone: 'America/New_York', jurisdiction: 'US' },
      clock,
    );
    expect(us.ok && (await getBorrower(db, us.value.id))?.jurisdiction).toBe('US');
    expect(
      await createBorrower(
        db,
        { displayName: 'X', timeZone: 'UTC', jurisdiction: 'FR' as never },
        clock,
      ),
    ).toEqual({
      ok: false,
      errors: [
        {
          code: 'INVALID_JURISDICTION',
          message: 'Jurisdiction must be CN or US.',
          field: ['jurisdiction'],
        },
      ],
    });
  });
});

describe('getBorrowersByIds', () => {
  test('answers in the order asked, with null for unknown ids', async ({ db }) => {
    const a = await createBorrower(db, { displayName: 'A', timeZone: 'UTC' }, clock);
    const b = await createBorrower(db, { displayName: 'B', timeZone: 'UTC' }, clock);
    if (!a.ok || !b.ok) throw new Error('setup');
    const missing = '01937a5e-0000-7000-8000-0000000fffff';
    const found = await getBorrowersByIds(db, [b.value.id, missing, a.value.id]);
    expect(found.map((x) => x?.displayName ?? null)).toEqual(['B', null, 'A']);
  });

  test('refuses an unbounded batch', async ({ db }) => {
    const ids = Array.from({ length: 501 }, () => '01937a5e-0000-7000-8000-0000000fffff');
    await expect(getBorrowersByIds(db, ids)).rejects.toThrow(RangeError);
  });
});
