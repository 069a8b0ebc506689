import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BusinessDate } from '@lending/kernel';
import { DateScalar, DateTimeScalar } from './scalars.js';

describe('DateTime scalar', () => {
  it('serializes a Date as an RFC 3339 UTC instant', () => {
    expect(DateTimeScalar.serialize(new Date('2026-11-28T09:30:00Z'))).toBe(
      '2026-11-28T09:30:00.000Z',
    );
  });

  it('parses RFC 3339 with Z or an offset', () => {
    expect(DateTimeScalar.parseValue('2026-11-28T09:30:00Z')).toEqual(
      new Date('2026-11-28T09:30:00Z'),
    );
    expect(DateTimeScalar.parseValue('2026-11-28T17:30:00+08:00')).toEqual(
      new Date('2026-11-28T09:30:00Z'),
    );
  });

  it.each([
    '2025-01-02',
    '2025-01-02 09:30:00Z',
    '2026-13-01T00:00:00Z',
    'yesterday',
    1764322200000,
  ])('refuses %s without repeating it', (value) => {
    expect(() => DateTimeScalar.parseValue(value)).toThrow(/^Expected an RFC 3339 date-time/);
    try {
      DateTimeScalar.parseValue(value);
    } catch (error) {
      expect((error as Error).message).not.toContain(String(value));
    }
  });

  it.each([
    ['the last day of each month', '2026-01-31T00:00:00Z'],
    ['30 April', '2026-04-30T23:59:59Z'],
    ['29 February of a leap year', '2024-02-29T12:00:00Z'],
    ['29 February of a century divisible by 400', '2000-02-29T00:00:00Z'],
    ['the last second of a year', '2026-12-31T23:59:59.999Z'],
    ['the easternmost offset', '2026-01-01T00:00:00+14:00'],
    ['the westernmost offset', '2026-01-01T00:00:00-12:00'],
    ['a half-hour offset', '2026-01-01T05:30:00+05:30'],
    ['an offset of -00:00', '2026-01-01T00:00:00-00:00'],
  ])('accepts %s', (_, value) => {
    expect(DateTimeScalar.parseValue(value)).toEqual(new Date(value));
  });

  it('reads an offset into the same instant, nanoseconds truncated to milliseconds', () => {
    expect(DateTimeScalar.parseValue('2026-01-01T00:00:00+14:00')).toEqual(
      new Date('2025-12-31T10:00:00Z'),
    );
    expect(DateTimeScalar.parseValue('2026-11-28T09:30:00.123456789Z')).toEqual(
      new Date('2026-11-28T09:30:00.123Z'),
    );
  });

  // Each of these was once moved to a neighbouring instant (2027-02-30 became 2027-03-02):
  // a consent would have lasted longer than the borrower asked.
  it.each([
    ['30 February', '2027-02-30T00:00:00Z'],
    ['31 April', '2026-04-31T00:00:00Z'],
    ['31 June', '2026-06-31T00:00:00Z'],
    ['31 September', '2026-09-31T00:00:00Z'],
    ['31 November', '2026-11-31T00:00:00Z'],
    ['29 February outside a leap year', '2026-02-29T00:00:00Z'],
    ['29 February of a century not divisible by 400', '1900-02-29T00:00:00Z'],
    ['day 0', '2026-01-00T00:00:00Z'],
    ['day 32', '2026-01-32T00:00:00Z'],
    ['month 0', '2026-00-10T00:00:00Z'],
    ['24:00 (ISO 8601 end of day)', '2026-01-01T24:00:00Z'],
    ['hour 25', '2026-01-01T25:00:00Z'],
    ['minute 60', '2026-01-01T10:60:00Z'],
    ['second 60 (a leap second)', '2026-12-31T23:59:60Z'],
    ['an offset east of +14:00', '2026-01-01T00:00:00+15:00'],
    ['an offset west of -12:00', '2026-01-01T00:00:00-13:00'],
    ['offset minutes of 60', '2026-01-01T00:00:00+01:60'],
    ['offset hours of 24', '2026-01-01T00:00:00+24:00'],
    ['no offset', '2026-01-01T00:00:00'],
    ['a lowercase z', '2026-01-01T00:00:00z'],
    ['an offset without a colon', '2026-01-01T00:00:00+0100'],
    ['ISO 8601 basic format', '20260101T000000Z'],
    ['an ISO week date', '2026-W01-1T00:00:00Z'],
    ['an ISO ordinal date', '2026-032T00:00:00Z'],
    ['hours only', '2026-01-01T10Z'],
    ['no seconds', '2026-01-01T10:00Z'],
    ['a fraction of ten digits', '2026-01-01T00:00:00.1234567890Z'],
  ])('refuses %s without repeating it', (_, value) => {
    expect(() => DateTimeScalar.parseValue(value)).toThrow(
      'Expected an RFC 3339 date-time that exists, with Z or an offset, such as 2026-11-28T09:30:00Z.',
    );
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value })).toThrow(
      /^Expected an RFC 3339 date-time/,
    );
    try {
      DateTimeScalar.parseValue(value);
    } catch (error) {
      expect((error as Error).message).not.toContain(value);
      expect((error as Error).message).not.toContain(value.slice(0, 10));
    }
  });

  it('refuses a non-string literal', () => {
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '5' })).toThrow();
  });
});

describe('Date scalar', () => {
  it('round-trips a civil date', () => {
    const date = DateScalar.parseValue('2024-02-29');
    expect(date).toBeInstanceOf(BusinessDate);
    expect(DateScalar.serialize(date)).toBe('2024-02-29');
  });

  it.each(['2026-02-30', '2026-2-3', '2026-11-28T00:00:00Z', ''])('refuses %s', (value) => {
    expect(() => DateScalar.parseValue(value)).toThrow('Expected a date as YYYY-MM-DD.');
  });
});
