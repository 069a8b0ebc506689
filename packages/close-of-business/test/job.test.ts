import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBusinessDate } from '@lending/db';
import type { JobContext } from '@lending/jobs';
import { createTestDb, FixedClock, type TestDb } from '@lending/testing';
import { BusinessCalendarMode, closeOfBusinessJob } from '../src/index.js';

let handle: TestDb;
const job = closeOfBusinessJob({ mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' });
const clock = new FixedClock('2026-01-15T09:00:00Z');
const progress: [number, number | null][] = [];
const ctx = (createdAt: string): JobContext => ({
  db: handle.db,
  clock,
  jobId: '0191f3a2-7b4c-7def-8123-456789012345',
  createdAt: new Date(createdAt),
  progress: (done, total) => {
    progress.push([done, total]);
    return Promise.resolve();
  },
});

beforeAll(async () => {
  handle = await createTestDb({ businessDate: '2026-01-15' });
});
afterAll(() => handle.close());

describe('the close-of-business job', () => {
  it('on a schedule, closes the local day it fired on and opens the next', async () => {
    // 23:00 in Shanghai on 15 January is 15:00 UTC: the 15th closes, the 16th opens.
    const data = job.parse({ scheduled: { timeZone: 'Asia/Shanghai' } });
    expect(await job.run(ctx('2026-01-15T15:00:00Z'), data)).toEqual({
      businessDate: '2026-01-16',
      daysClosed: 1,
      loansProcessed: 0,
    });
    expect(await getBusinessDate(handle.db)).toBe('2026-01-16');
    // 01:00 in Shanghai on the 17th is still the 16th in UTC: the zone decides.
    expect(await job.run(ctx('2026-01-16T17:00:00Z'), data)).toMatchObject({
      businessDate: '2026-01-18',
      daysClosed: 2,
    });
    expect(progress.at(-1)).toEqual([0, 0]);
  });

  it('finds nothing to do when another run already passed the date', async () => {
    const data = job.parse({ businessDate: '2026-01-17' });
    expect(await job.run(ctx('2026-01-17T15:00:00Z'), data)).toEqual({
      businessDate: '2026-01-17',
      daysClosed: 0,
      loansProcessed: 0,
    });
    expect(await getBusinessDate(handle.db)).toBe('2026-01-18');
  });

  it('refuses stored data it cannot read, rather than guessing a date', () => {
    expect(() => job.parse({ businessDate: '2026-02-30' })).toThrow();
    expect(() => job.parse({})).toThrow(/businessDate or a schedule/);
  });
});
