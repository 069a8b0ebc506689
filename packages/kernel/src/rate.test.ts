import { Decimal as BaseDecimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.js';
import { DomainError } from './errors.js';
import { Rate } from './rate.js';

describe('Rate.parse', () => {
  it.each(['0', '0.1825', '1', '10', '10.0', '0.000000000001', '02.4', '010', '3.5'])(
    'accepts %j',
    (text) => {
      expect(Rate.parse(text).ok).toBe(true);
    },
  );

  it.each([
    '',
    '-0.1',
    '+0.1',
    '.5',
    '1.',
    '1e-2',
    '1E2',
    ' 0.1',
    '0.1 ',
    '0,1',
    '10.0000000001',
    '11',
    '1000',
    '0.0000000000001',
    'NaN',
    'Infinity',
    '0x1',
  ])('rejects %j as INVALID_RATE', (text) => {
    const result = Rate.parse(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].code).toBe('INVALID_RATE');
  });

  it('Rate.of throws a DomainError', () => {
    expect(() => Rate.of('abc')).toThrow(DomainError);
    expect(Rate.of('0.1825').toString()).toBe('0.1825');
  });
});

describe('Rate values', () => {
  it('prints plain decimals, never exponent notation', () => {
    expect(Rate.of('0.000000000001').toString()).toBe('0.000000000001');
    expect(Rate.of('10.0').toString()).toBe('10');
    expect(Rate.of('0.1825').div(12n).toString()).toBe(
      '0.01520833333333333333333333333333333333333',
    );
    expect(JSON.stringify({ rate: Rate.of('0.24') })).toBe('{"rate":"0.24"}');
  });

  it('does exact decimal arithmetic', () => {
    const a = Rate.of('0.1');
    const b = Rate.of('0.2');
    expect(a.plus(b).toString()).toBe('0.3');
    expect(a.minus(b).toString()).toBe('-0.1');
    expect(a.minus(b).isNegative()).toBe(true);
    expect(a.times(b).toString()).toBe('0.02');
    expect(a.times(3n).toString()).toBe('0.3');
    expect(b.div(a).toString()).toBe('2');
    expect(a.plus(new Decimal('0.05')).toString()).toBe('0.15');
    expect(a.plus(new BaseDecimal('0.05')).toString()).toBe('0.15');
    expect(() => a.div(Rate.ZERO)).toThrow(DomainError);
  });

  it('compares', () => {
    const low = Rate.of('0.18');
    const high = Rate.of('0.24');
    expect(low.compare(high)).toBe(-1);
    expect(high.compare(low)).toBe(1);
    expect(low.compare(Rate.of('0.180'))).toBe(0);
    expect(low.equals(Rate.of('0.1800'))).toBe(true);
    expect(low.min(high)).toBe(low);
    expect(low.max(high)).toBe(high);
    expect(Rate.ZERO.isZero()).toBe(true);
  });

  it('periodic divides the annual rate', () => {
    expect(Rate.of('0.24').periodic(12).toString()).toBe('0.02');
    expect(Rate.of('0.1825').periodic(365).toString()).toBe('0.0005');
    expect(Rate.of('0.1825').periodic(12).toString()).toBe(
      '0.01520833333333333333333333333333333333333',
    );
    expect(() => Rate.of('0.1').periodic(0)).toThrow(DomainError);
    expect(() => Rate.of('0.1').periodic(1.5)).toThrow(DomainError);
  });

  it('keeps the global decimal.js configuration untouched', () => {
    expect(BaseDecimal.precision).toBe(20);
    expect(Decimal.precision).toBe(40);
    expect(Decimal.rounding).toBe(BaseDecimal.ROUND_HALF_EVEN);
  });

  it('wraps only finite Decimals', () => {
    expect(() => Rate.fromDecimal(new Decimal(NaN))).toThrow(DomainError);
    expect(Rate.fromDecimal(new Decimal('0.5')).toString()).toBe('0.5');
  });
});
