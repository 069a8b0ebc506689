import { Decimal as BaseDecimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCIES, currencyExponent } from './currency.js';
import { Decimal } from './decimal.js';
import { DomainError } from './errors.js';
import { MONEY_MAX_MAJOR_DIGITS, Money } from './money.js';
import { Rate } from './rate.js';
import { ROUNDING_MODES } from './rounding.js';

const cny = (amount: string): Money => Money.parseOrThrow(amount, 'CNY', { allowNegative: true });
const formatted = (parts: readonly Money[]): string[] => parts.map((part) => part.format());

const currencyArb = fc.constantFrom(...Object.keys(CURRENCIES));
const maxMinorOf = (currency: string): bigint =>
  10n ** BigInt(MONEY_MAX_MAJOR_DIGITS + currencyExponent(currency)) - 1n;
const moneyArb = currencyArb.chain((currency) =>
  fc
    .bigInt({ min: -maxMinorOf(currency), max: maxMinorOf(currency) })
    .map((minor) => Money.of(minor, currency)),
);
const smallMoneyArb = (currency: string) =>
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((minor) => Money.of(minor, currency));

function expectThrowsCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    return;
  }
  expect.fail(`expected DomainError ${code}`);
}

describe('Money.parse', () => {
  it.each([
    ['1234.50', 'CNY', 123450n],
    ['1234.5', 'CNY', 123450n],
    ['1234', 'CNY', 123400n],
    ['0.01', 'USD', 1n],
    ['007.50', 'EUR', 750n],
    ['0', 'GBP', 0n],
    ['100', 'JPY', 100n],
    ['1.005', 'KWD', 1005n],
    ['1.5', 'BHD', 1500n],
    ['999999999999999.99', 'CNY', 99999999999999999n],
    ['999999999999999', 'JPY', 999999999999999n],
    ['0000000000000000001.00', 'CNY', 100n],
  ])('parses %s %s to %s minor units', (amount, currency, minor) => {
    const result = Money.parse(amount, currency);
    expect(result).toEqual({ ok: true, value: Money.of(minor, currency) });
  });

  it.each([
    ['1234.567', 'CNY', 'TOO_MANY_DECIMALS'],
    ['1.500', 'CNY', 'TOO_MANY_DECIMALS'],
    ['100.0', 'JPY', 'TOO_MANY_DECIMALS'],
    ['1.0005', 'KWD', 'TOO_MANY_DECIMALS'],
    ['1e5', 'CNY', 'INVALID_AMOUNT'],
    ['1E5', 'CNY', 'INVALID_AMOUNT'],
    ['', 'CNY', 'INVALID_AMOUNT'],
    [' 1', 'CNY', 'INVALID_AMOUNT'],
    ['1 ', 'CNY', 'INVALID_AMOUNT'],
    ['1,000.00', 'CNY', 'INVALID_AMOUNT'],
    ['0x10', 'CNY', 'INVALID_AMOUNT'],
    ['+1', 'CNY', 'INVALID_AMOUNT'],
    ['1.', 'CNY', 'INVALID_AMOUNT'],
    ['.5', 'CNY', 'INVALID_AMOUNT'],
    ['--1', 'CNY', 'INVALID_AMOUNT'],
    ['1.2.3', 'CNY', 'INVALID_AMOUNT'],
    ['NaN', 'CNY', 'INVALID_AMOUNT'],
    ['Infinity', 'CNY', 'INVALID_AMOUNT'],
    ['١٢', 'CNY', 'INVALID_AMOUNT'],
    ['-1', 'CNY', 'NEGATIVE_AMOUNT'],
    ['-0.00', 'CNY', 'NEGATIVE_AMOUNT'],
    ['1000000000000000', 'CNY', 'AMOUNT_TOO_LARGE'],
    ['1000000000000000.00', 'CNY', 'AMOUNT_TOO_LARGE'],
    ['1', 'XXX', 'UNKNOWN_CURRENCY'],
    ['1', 'cny', 'UNKNOWN_CURRENCY'],
    ['1', 'constructor', 'UNKNOWN_CURRENCY'],
  ])('rejects %j %s with %s', (amount, currency, code) => {
    const result = Money.parse(amount, currency);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].code).toBe(code);
  });

  it('rejects a too-long string without parsing it', () => {
    const result = Money.parse('1'.repeat(10_000), 'CNY');
    expect(result.ok).toBe(false);
  });

  it('accepts a leading minus only with allowNegative', () => {
    expect(Money.parse('-1', 'CNY', { allowNegative: true })).toEqual({
      ok: true,
      value: Money.of(-100n, 'CNY'),
    });
    expect(Money.parse('-0.05', 'CNY', { allowNegative: true })).toEqual({
      ok: true,
      value: Money.of(-5n, 'CNY'),
    });
    expect(Money.parse('-1', 'CNY', { allowNegative: false }).ok).toBe(false);
  });

  it('parseOrThrow throws the result code', () => {
    expectThrowsCode(() => Money.parseOrThrow('1.234', 'CNY'), 'TOO_MANY_DECIMALS');
  });

  it('parse(format(x)) is x for every representable amount', () => {
    fc.assert(
      fc.property(moneyArb, (money) => {
        const result = Money.parse(money.format(), money.currency, { allowNegative: true });
        expect(result.ok && result.value.equals(money)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Money.of', () => {
  it('enforces the documented range', () => {
    expect(Money.of(99999999999999999n, 'CNY').format()).toBe('999999999999999.99');
    expect(Money.of(-99999999999999999n, 'CNY').format()).toBe('-999999999999999.99');
    expectThrowsCode(() => Money.of(100000000000000000n, 'CNY'), 'AMOUNT_TOO_LARGE');
    expectThrowsCode(() => Money.of(1000000000000000n, 'JPY'), 'AMOUNT_TOO_LARGE');
    expect(Money.of(999999999999999999n, 'KWD').format()).toBe('999999999999999.999');
  });

  it('refuses non-bigint amounts and unknown currencies', () => {
    expectThrowsCode(() => Money.of(1 as unknown as bigint, 'CNY'), 'INVALID_AMOUNT');
    expectThrowsCode(() => Money.of(1n, 'ABC'), 'UNKNOWN_CURRENCY');
    expectThrowsCode(() => Money.zero('usd'), 'UNKNOWN_CURRENCY');
  });

  it('is immutable', () => {
    const money = Money.of(1n, 'CNY');
    expect(Object.isFrozen(money)).toBe(true);
    expect(() => {
      (money as { minor: bigint }).minor = 2n;
    }).toThrow(TypeError);
  });
});

describe('Money formatting', () => {
  it.each([
    [123450n, 'CNY', '1234.50'],
    [-5n, 'CNY', '-0.05'],
    [0n, 'CNY', '0.00'],
    [1n, 'USD', '0.01'],
    [1200n, 'JPY', '1200'],
    [-1200n, 'KRW', '-1200'],
    [1005n, 'KWD', '1.005'],
    [5n, 'BHD', '0.005'],
  ])('formats %s %s as %s', (minor, currency, text) => {
    expect(Money.of(minor, currency).format()).toBe(text);
  });

  it('serialises to JSON and strings', () => {
    const money = Money.of(123450n, 'CNY');
    expect(money.toString()).toBe('1234.50 CNY');
    expect(money.toJSON()).toEqual({ amount: '1234.50', currency: 'CNY' });
    expect(JSON.stringify({ money })).toBe('{"money":{"amount":"1234.50","currency":"CNY"}}');
  });
});

describe('Money arithmetic and comparison', () => {
  it('adds, subtracts and negates', () => {
    expect(cny('10.05').add(cny('0.95')).format()).toBe('11.00');
    expect(cny('10.05').subtract(cny('20.10')).format()).toBe('-10.05');
    expect(cny('10.05').negate().format()).toBe('-10.05');
    expect(cny('-3.00').abs().format()).toBe('3.00');
    expect(Money.sum([cny('1.00'), cny('2.50'), cny('-0.25')], 'CNY').format()).toBe('3.25');
    expect(Money.sum([], 'JPY').equals(Money.zero('JPY'))).toBe(true);
  });

  it('compares', () => {
    const one = cny('1.00');
    const two = cny('2.00');
    expect(one.compare(two)).toBe(-1);
    expect(two.compare(one)).toBe(1);
    expect(one.compare(cny('1'))).toBe(0);
    expect(one.lessThan(two)).toBe(true);
    expect(one.lessThanOrEqual(one)).toBe(true);
    expect(two.greaterThan(one)).toBe(true);
    expect(two.greaterThanOrEqual(two)).toBe(true);
    expect(one.min(two)).toBe(one);
    expect(one.max(two)).toBe(two);
    expect(Money.zero('CNY').isZero()).toBe(true);
    expect(cny('-0.01').isNegative()).toBe(true);
    expect(cny('0.01').isPositive()).toBe(true);
    expect(Money.zero('CNY').isPositive() || Money.zero('CNY').isNegative()).toBe(false);
  });

  it('refuses to mix currencies', () => {
    const yuan = Money.of(100n, 'CNY');
    const dollars = Money.of(100n, 'USD');
    expectThrowsCode(() => yuan.add(dollars), 'CURRENCY_MISMATCH');
    expectThrowsCode(() => yuan.subtract(dollars), 'CURRENCY_MISMATCH');
    expectThrowsCode(() => yuan.compare(dollars), 'CURRENCY_MISMATCH');
    expectThrowsCode(() => yuan.lessThan(dollars), 'CURRENCY_MISMATCH');
    expectThrowsCode(() => yuan.max(dollars), 'CURRENCY_MISMATCH');
    expectThrowsCode(() => Money.sum([yuan], 'USD'), 'CURRENCY_MISMATCH');
    expect(yuan.equals(dollars)).toBe(false);
  });

  it('throws AMOUNT_TOO_LARGE on overflow', () => {
    const max = Money.of(99999999999999999n, 'CNY');
    expectThrowsCode(() => max.add(Money.of(1n, 'CNY')), 'AMOUNT_TOO_LARGE');
  });

  it('subtract undoes add', () => {
    fc.assert(
      fc.property(
        currencyArb.chain((c) => fc.tuple(smallMoneyArb(c), smallMoneyArb(c))),
        ([a, b]) => {
          expect(a.add(b).subtract(b).equals(a)).toBe(true);
          expect(a.subtract(b).add(b).equals(a)).toBe(true);
          expect(a.add(b).equals(b.add(a))).toBe(true);
          expect(a.add(a.negate()).isZero()).toBe(true);
        },
      ),
    );
  });
});

describe('Money.multiply', () => {
  it('multiplies exactly and rounds once, half-even by default', () => {
    // 10000 fen × 0.1825 / 12 = 152.0833… fen
    const monthly = Rate.of('0.1825').periodic(12);
    expect(cny('100.00').multiply(monthly).format()).toBe('1.52');
    expect(cny('100.00').multiply(monthly, 'UP').format()).toBe('1.53');
    expect(cny('100000.00').multiply(monthly).format()).toBe('1520.83');
    expect(cny('12000.00').multiply(monthly).format()).toBe('182.50');
    expect(cny('100.00').multiply(Rate.of('0.1825')).format()).toBe('18.25');
    expect(cny('100.00').multiply(Rate.of('0.1825').div(365n)).format()).toBe('0.05');
  });

  it('rounds ties to even: 2.5 → 2, 3.5 → 4', () => {
    expect(Money.of(5n, 'CNY').multiply('0.5').minor).toBe(2n);
    expect(Money.of(7n, 'CNY').multiply('0.5').minor).toBe(4n);
    expect(cny('0.05').multiply('0.5').format()).toBe('0.02');
    expect(cny('0.07').multiply('0.5').format()).toBe('0.04');
    expect(cny('-0.05').multiply('0.5').format()).toBe('-0.02');
    expect(Money.of(25n, 'JPY').multiply('0.1').format()).toBe('2');
    expect(Money.of(35n, 'JPY').multiply('0.1').format()).toBe('4');
  });

  it.each([
    ['HALF_EVEN', 2n, 4n, -2n],
    ['HALF_UP', 3n, 4n, -3n],
    ['DOWN', 2n, 3n, -2n],
    ['UP', 3n, 4n, -3n],
    ['FLOOR', 2n, 3n, -3n],
    ['CEILING', 3n, 4n, -2n],
  ] as const)(
    '%s rounds 2.5 → %s, 3.5 → %s, -2.5 → %s',
    (mode, twoAndHalf, threeAndHalf, minusTwoAndHalf) => {
      expect(Money.of(5n, 'CNY').multiply('0.5', mode).minor).toBe(twoAndHalf);
      expect(Money.of(7n, 'CNY').multiply('0.5', mode).minor).toBe(threeAndHalf);
      expect(Money.of(-5n, 'CNY').multiply('0.5', mode).minor).toBe(minusTwoAndHalf);
    },
  );

  it('accepts Decimals, including ones from another decimal.js constructor', () => {
    expect(cny('10.00').multiply(new Decimal('1.5')).format()).toBe('15.00');
    expect(cny('10.00').multiply(new Decimal(1).div(3)).format()).toBe('3.33');
    expect(cny('10.00').multiply(new BaseDecimal('0.125')).format()).toBe('1.25');
    expect(cny('10.00').multiply(new BaseDecimal('1e-3')).format()).toBe('0.01');
  });

  it('multiplyRatio rounds once where multiply(periodic) would see the truncated rate', () => {
    const rate = Rate.of('0.1825');
    // 1 200 000 fen × 0.1825 / 12 = 18 250 fen exactly
    expect(cny('12000.00').multiplyRatio(rate, 12n, 'DOWN').format()).toBe('182.50');
    expect(cny('12000.00').multiply(rate.periodic(12), 'DOWN').format()).toBe('182.49');
    expect(cny('10000.00').multiplyRatio(rate.times(31n), 365n).format()).toBe('155.00');
    expect(cny('1234.56').multiplyRatio('1', 3n).format()).toBe('411.52');
    expectThrowsCode(() => cny('1.00').multiplyRatio('1', 0n), 'DIVISION_BY_ZERO');
  });

  it('refuses malformed multipliers', () => {
    expectThrowsCode(() => cny('1.00').multiply('1e2'), 'INVALID_DECIMAL');
    expectThrowsCode(() => cny('1.00').multiply(' 1'), 'INVALID_DECIMAL');
    expectThrowsCode(() => cny('1.00').multiply(new Decimal(NaN)), 'INVALID_DECIMAL');
    expectThrowsCode(() => cny('1.00').multiply(new Decimal(Infinity)), 'INVALID_DECIMAL');
    expectThrowsCode(() => cny('1.00').multiply('1000000000000000000'), 'AMOUNT_TOO_LARGE');
  });

  it('multiplying by 1 is the identity in every rounding mode', () => {
    fc.assert(
      fc.property(moneyArb, fc.constantFrom(...ROUNDING_MODES), (money, mode) => {
        expect(money.multiply(Rate.ONE, mode).equals(money)).toBe(true);
        expect(money.multiply('1.000', mode).equals(money)).toBe(true);
      }),
    );
  });
});

describe('Money.divide', () => {
  it('divides with one rounding', () => {
    expect(cny('100.00').divide(3n).format()).toBe('33.33');
    expect(cny('100.00').divide(3n, 'UP').format()).toBe('33.34');
    expect(Money.of(5n, 'CNY').divide(2n).minor).toBe(2n);
    expect(Money.of(7n, 'CNY').divide(2n).minor).toBe(4n);
    expect(Money.of(7n, 'CNY').divide(-2n).minor).toBe(-4n);
    expect(cny('10.00').divide(new Decimal('0.5')).format()).toBe('20.00');
    expect(cny('10.00').divide(new Decimal('2.5')).format()).toBe('4.00');
  });

  it('refuses division by zero', () => {
    expectThrowsCode(() => cny('1.00').divide(0n), 'DIVISION_BY_ZERO');
    expectThrowsCode(() => cny('1.00').divide(new Decimal(0)), 'DIVISION_BY_ZERO');
  });
});

describe('Money.allocate', () => {
  it('splits 100 CNY over [1, 1, 1] as 33.34 / 33.33 / 33.33', () => {
    expect(formatted(cny('100.00').allocate([1n, 1n, 1n]))).toEqual(['33.34', '33.33', '33.33']);
    expect(formatted(cny('100.00').allocateEvenly(3))).toEqual(['33.34', '33.33', '33.33']);
  });

  it('gives leftovers to the largest remainders, ties to the earliest index', () => {
    // shares 0.05 × [0.7, 0.2, 0.1] = 3.5, 1, 0.5 fen → floors 3, 1, 0; leftover 1 to index 0
    expect(formatted(cny('0.05').allocate([7n, 2n, 1n]))).toEqual(['0.04', '0.01', '0.00']);
    // shares 1/6 × 10 fen: 1.666.., 3.333.., 5 → floors 1, 3, 5; leftover 1 to index 0
    expect(formatted(cny('0.10').allocate([1n, 2n, 3n]))).toEqual(['0.02', '0.03', '0.05']);
    expect(formatted(cny('0.02').allocate([1n, 1n, 1n]))).toEqual(['0.01', '0.01', '0.00']);
    expect(formatted(cny('0.00').allocate([1n, 1n]))).toEqual(['0.00', '0.00']);
  });

  it('mirrors positive allocation for negative totals', () => {
    expect(formatted(cny('-100.00').allocate([1n, 1n, 1n]))).toEqual([
      '-33.34',
      '-33.33',
      '-33.33',
    ]);
  });

  it('gives zero weights nothing', () => {
    expect(formatted(cny('1.00').allocate([0n, 1n, 0n]))).toEqual(['0.00', '1.00', '0.00']);
  });

  it('accepts Decimal weights exactly', () => {
    const weights = [new Decimal('0.6'), new Decimal('0.25'), new Decimal('0.15')];
    expect(formatted(cny('1000.01').allocate(weights))).toEqual(['600.01', '250.00', '150.00']);
    expect(formatted(Money.of(100n, 'JPY').allocate([new Decimal('1.5'), 1n]))).toEqual([
      '60',
      '40',
    ]);
  });

  it('refuses empty, negative or all-zero weights', () => {
    expectThrowsCode(() => cny('1.00').allocate([]), 'INVALID_ALLOCATION');
    expectThrowsCode(() => cny('1.00').allocate([0n, 0n]), 'INVALID_ALLOCATION');
    expectThrowsCode(() => cny('1.00').allocate([2n, -1n]), 'INVALID_ALLOCATION');
    expectThrowsCode(() => cny('1.00').allocateEvenly(0), 'INVALID_ALLOCATION');
    expectThrowsCode(() => cny('1.00').allocateEvenly(1.5), 'INVALID_ALLOCATION');
  });

  it('sums exactly to the total, each part within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(
        moneyArb,
        fc
          .array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 40 })
          .filter((ws) => ws.some((w) => w > 0n)),
        (money, weights) => {
          const parts = money.allocate(weights);
          expect(parts).toHaveLength(weights.length);
          expect(Money.sum(parts, money.currency).equals(money)).toBe(true);
          const totalWeight = weights.reduce((sum, w) => sum + w, 0n);
          parts.forEach((part, index) => {
            const weight = weights[index] ?? 0n;
            // |part − total × w / W| < 1  ⇔  |part × W − total × w| < W
            const deviation = part.minor * totalWeight - money.minor * weight;
            expect(deviation < totalWeight && deviation > -totalWeight).toBe(true);
            expect(part.currency).toBe(money.currency);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('allocateEvenly parts differ by at most one minor unit', () => {
    fc.assert(
      fc.property(moneyArb, fc.integer({ min: 1, max: 400 }), (money, n) => {
        const parts = money.allocateEvenly(n);
        expect(Money.sum(parts, money.currency).equals(money)).toBe(true);
        const minors = parts.map((part) => part.minor);
        const spread =
          minors.reduce((a, b) => (a > b ? a : b)) - minors.reduce((a, b) => (a < b ? a : b));
        expect(spread <= 1n).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
