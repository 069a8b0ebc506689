import { Decimal, isDecimal } from './decimal.js';
import { DomainError, err, ok } from './errors.js';
import type { Result } from './errors.js';

export type RateErrorCode = 'INVALID_RATE';

/** Parsed rates lie in [0, RATE_MAX]: 10 = 1000 %, far above any legal cost cap. */
export const RATE_MAX = '10';
/** At most this many fraction digits in a parsed rate ("0.000000000001" is 1e-12). */
export const RATE_MAX_FRACTION_DIGITS = 12;

const RATE_PATTERN = /^\d{1,3}(?:\.\d{1,12})?$/;
const RATE_MAX_DECIMAL = new Decimal(RATE_MAX);

/**
 * A rate as an exact decimal fraction (0.1825 = 18.25 %), never a float.
 * Parsing enforces 0 ≤ rate ≤ 10; arithmetic results are only required to be
 * finite (a difference of rates may be negative).
 */
export class Rate {
  private readonly value: Decimal;

  private constructor(value: Decimal) {
    this.value = value;
    Object.freeze(this);
  }

  static readonly ZERO: Rate = new Rate(new Decimal(0));
  static readonly ONE: Rate = new Rate(new Decimal(1));

  /** Strict plain decimal: digits, optional '.' and 1–12 digits; no sign, exponent or spaces. */
  static parse(text: string): Result<Rate, RateErrorCode> {
    if (typeof text !== 'string' || !RATE_PATTERN.test(text)) {
      return err('INVALID_RATE', 'rate must be a plain decimal such as "0.1825"');
    }
    const value = new Decimal(text);
    if (value.greaterThan(RATE_MAX_DECIMAL)) {
      return err('INVALID_RATE', `rate must be between 0 and ${RATE_MAX}`);
    }
    return ok(new Rate(value));
  }

  /** Throwing variant of `parse`, for constants and already-validated input. */
  static of(text: string): Rate {
    const result = Rate.parse(text);
    if (!result.ok) throw new DomainError('INVALID_RATE', result.errors[0].message);
    return result.value;
  }

  /** Wraps a computed Decimal (any finite value; no range check). */
  static fromDecimal(value: Decimal): Rate {
    if (!isDecimal(value) || !value.isFinite())
      throw new DomainError('INVALID_RATE', 'rate must be a finite Decimal');
    return new Rate(new Decimal(value));
  }

  toDecimal(): Decimal {
    return this.value;
  }

  /** Plain decimal notation, never exponent notation: "0.1825". */
  toString(): string {
    return this.value.toFixed();
  }

  toJSON(): string {
    return this.toString();
  }

  plus(other: Rate | Decimal): Rate {
    return Rate.fromDecimal(this.value.plus(operand(other)));
  }

  minus(other: Rate | Decimal): Rate {
    return Rate.fromDecimal(this.value.minus(operand(other)));
  }

  times(other: Rate | Decimal | bigint): Rate {
    return Rate.fromDecimal(this.value.times(operand(other)));
  }

  div(other: Rate | Decimal | bigint): Rate {
    const divisor = operand(other);
    if (divisor.isZero()) throw new DomainError('DIVISION_BY_ZERO', 'rate divided by zero');
    return Rate.fromDecimal(this.value.div(divisor));
  }

  compare(other: Rate): -1 | 0 | 1 {
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  equals(other: Rate): boolean {
    return this.value.equals(other.value);
  }

  min(other: Rate): Rate {
    return this.compare(other) <= 0 ? this : other;
  }

  max(other: Rate): Rate {
    return this.compare(other) >= 0 ? this : other;
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }

  /**
   * The rate per period for `periodsPerYear` periods (12 → monthly), as a
   * Decimal rounded to 40 significant digits; money rounding happens later,
   * once, in `Money.multiply`.
   */
  periodic(periodsPerYear: number): Decimal {
    if (!Number.isSafeInteger(periodsPerYear) || periodsPerYear < 1 || periodsPerYear > 366) {
      throw new DomainError('INVALID_RATE', 'periodsPerYear must be an integer in 1..366');
    }
    return this.value.div(periodsPerYear);
  }
}

function operand(value: Rate | Decimal | bigint): Decimal {
  if (value instanceof Rate) return value.toDecimal();
  if (typeof value === 'bigint') return new Decimal(value.toString());
  if (isDecimal(value) && value.isFinite()) return value;
  throw new DomainError('INVALID_DECIMAL', 'expected a Rate, a finite Decimal or a bigint');
}
