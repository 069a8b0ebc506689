import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '@lending/kernel';
import { createTestDb, type TestDb } from '@lending/testing';
import { createBorrower, ensureBorrower, getBorrower, getBorrowersByIds } from '../src/index.js';

let handle: TestDb;
const clock = new FixedClock('2026-03-01T08:00:00Z');
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.close());

describe('createBorrower', () => {
  it('stores a borrower with a UUIDv7 id and the clock time', async () => {
    const result = await createBorrower(
      handle.db,
      { displayName: '  Wang Fang ', timeZone: 'Asia/Shanghai' },
      clock,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ displayName: 'Wang Fang', timeZone: 'Asia/Shanghai' });
    expect(result.value.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(await getBorrower(handle.db, result.value.id)).toEqual({
      ...result.value,
      createdAt: new Date('2026-03-01T08:00:00Z'),
    });
  });

  it.each([
    [{ displayName: '', timeZone: 'UTC' }, 'INVALID_DISPLAY_NAME', ['displayName']],
    [{ displayName: 'x'.repeat(101), timeZone: 'UTC' }, 'INVALID_DISPLAY_NAME', ['displayName']],
    [{ displayName: 'Ok', timeZone: 'Mars/Olympus' }, 'INVALID_TIME_ZONE', ['timeZone']],
    [{ displayName: 'Ok', timeZone: '+08:00' }, 'INVALID_TIME_ZONE', ['timeZone']],
  ])('refuses %o with %s and writes nothing', async (input, code, field) => {
    const before = await getBorrowersByIds(handle.db, []);
    const result = await createBorrower(handle.db, input, clock);
    expect(result).toMatchObject({ ok: false, errors: [{ code, field }] });
    expect(before).toEqual([]);
  });
});

describe('ensureBorrower', () => {
  it('inserts once and returns the stored row on a replay', async () => {
    const seed = {
      id: '01937a5e-0000-7000-8000-0000000000aa',
      displayName: 'Seeded',
      timeZone: 'Europe/Berlin',
      createdAt: new Date('2026-01-01T00:00:00Z'),
    };
    const stored = { ...seed, jurisdiction: 'CN' };
    expect(await ensureBorrower(handle.db, seed)).toEqual({ ok: true, value: stored });
    const replay = await ensureBorrower(handle.db, { ...seed, displayName: 'Changed' });
    expect(replay).toEqual({ ok: true, value: stored });
  });
});

describe('jurisdiction', () => {
  it('is CN unless given, and only CN or US', async () => {
    const cn = await createBorrower(
      handle.db,
      { displayName: 'Li', timeZone: 'Asia/Shanghai' },
      clock,
    );
    expect(cn.ok && cn.value.jurisdiction).toBe('CN');
    const us = await createBorrower(
      handle.db,
      { displayName: 'Maria', timeZone: 'America/New_York', jurisdiction: 'US' },
      clock,
    );
    expect(us.ok && (await getBorrower(handle.db, us.value.id))?.jurisdiction).toBe('US');
    expect(
      await createBorrower(
        handle.db,
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
  it('answers in the order asked, with null for unknown ids', async () => {
    const a = await createBorrower(handle.db, { displayName: 'A', timeZone: 'UTC' }, clock);
    const b = await createBorrower(handle.db, { displayName: 'B', timeZone: 'UTC' }, clock);
    if (!a.ok || !b.ok) throw new Error('setup');
    const missing = '01937a5e-0000-7000-8000-0000000fffff';
    const found = await getBorrowersByIds(handle.db, [b.value.id, missing, a.value.id]);
    expect(found.map((x) => x?.displayName ?? null)).toEqual(['B', null, 'A']);
  });

  it('refuses an unbounded batch', async () => {
    const ids = Array.from({ length: 501 }, () => '01937a5e-0000-7000-8000-0000000fffff');
    await expect(getBorrowersByIds(handle.db, ids)).rejects.toThrow(RangeError);
  });
});
