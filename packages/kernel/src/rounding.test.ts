import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.js';
import { DomainError } from './errors.js';
import { DECIMAL_ROUNDING, ROUNDING_MODES, divideRounded } from './rounding.js';

describe('divideRounded', () => {
  it.each([
    [7n, 2n, 'HALF_EVEN', 4n],
    [5n, 2n, 'HALF_EVEN', 2n],
    [-5n, 2n, 'HALF_EVEN', -2n],
    [5n, -2n, 'HALF_EVEN', -2n],
    [-5n, -2n, 'HALF_EVEN', 2n],
    [5n, 2n, 'HALF_UP', 3n],
    [-5n, 2n, 'HALF_UP', -3n],
    [7n, 3n, 'HALF_UP', 2n],
    [8n, 3n, 'HALF_EVEN', 3n],
    [7n, 3n, 'UP', 3n],
    [-7n, 3n, 'UP', -3n],
    [-7n, 3n, 'DOWN', -2n],
    [-7n, 3n, 'FLOOR', -3n],
    [-7n, 3n, 'CEILING', -2n],
    [7n, 3n, 'FLOOR', 2n],
    [7n, 3n, 'CEILING', 3n],
    [6n, 3n, 'UP', 2n],
    [0n, 3n, 'UP', 0n],
  ] as const)('%s / %s %s = %s', (n, d, mode, expected) => {
    expect(divideRounded(n, d, mode)).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    expect(() => divideRounded(1n, 0n, 'HALF_EVEN')).toThrow(DomainError);
  });

  it('agrees with decimal.js for every mode', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.boolean(),
        fc.constantFrom(...ROUNDING_MODES),
        (n, d, negativeDenominator, mode) => {
          const denominator = negativeDenominator ? -d : d;
          const expected = new Decimal(n.toString())
            .div(new Decimal(denominator.toString()))
            .toDecimalPlaces(0, DECIMAL_ROUNDING[mode]);
          expect(divideRounded(n, denominator, mode).toString()).toBe(expected.toFixed());
        },
      ),
      { numRuns: 500 },
    );
  });
});
