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
