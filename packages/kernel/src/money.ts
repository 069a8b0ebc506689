import { currencyExponent, isCurrencyCode } from './currency.js';
import { decimalToFraction, isDecimal, pow10, toFraction } from './decimal.js';
import type { Decimal, DecimalFraction } from './decimal.js';
import { DomainError, err, ok } from './errors.js';
import type { Result } from './errors.js';
import { Rate } from './rate.js';
import { divideRounded } from './rounding.js';
import type { RoundingMode } from './rounding.js';

export type { RoundingMode } from './rounding.js';

export type MoneyParseErrorCode =
  | 'INVALID_AMOUNT'
  | 'TOO_MANY_DECIMALS'
  | 'AMOUNT_TOO_LARGE'
  | 'NEGATIVE_AMOUNT'
  | 'UNKNOWN_CURRENCY';

/**
 * Every amount, parsed or computed, has at most this many integer digits in
 * major units: |amount| ≤ 10^15 − 1 minor unit (999 999 999 999 999.99 CNY).
 * With exponent ≤ 3 the minor value stays below 10^18, so it always fits a
 * PostgreSQL bigint with room to spare, and an overflow is a bug, not data.
 */
export const MONEY_MAX_MAJOR_DIGITS = 15;

/** Most parts `allocate` and `allocateEvenly` will produce. */
export const ALLOCATION_MAX_PARTS = 10_000;

const AMOUNT_MAX_LENGTH = 64;
// Digits with an optional fraction; the sign is checked separately so a '-'
// can be reported as NEGATIVE_AMOUNT rather than INVALID_AMOUNT.
const AMOUNT_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

function maxMinor(currency: string): bigint {
  return pow10(MONEY_MAX_MAJOR_DIGITS + currencyExponent(currency)) - 1n;
}

/**
 * An exact amount: an integer of minor units (cents, fen; yen have none) and
 * an ISO 4217 code. Immutable; arithmetic returns new values; mixing
 * currencies throws CURRENCY_MISMATCH. No JS number is used anywhere.
 */
export class Money {
  readonly minor: bigint;
  readonly currency: string;

  private constructor(minor: bigint, currency: string) {
    this.minor = minor;
    this.currency = currency;
    Object.freeze(this);
  }

  /** Throws UNKNOWN_CURRENCY, INVALID_AMOUNT (not a bigint) or AMOUNT_TOO_LARGE. */
  static of(minor: bigint, currency: string): Money {
    if (typeof minor !== 'bigint')
      throw new DomainError('INVALID_AMOUNT', 'minor units must be a bigint');
    const limit = maxMinor(currency);
    if (minor > limit || minor < -limit) {
      throw new DomainError(
        'AMOUNT_TOO_LARGE',
        `amount exceeds ${String(MONEY_MAX_MAJOR_DIGITS)} integer digits`,
      );
    }
    return new Money(minor, currency);
  }

  static zero(currency: string): Money {
    return Money.of(0n, currency);
  }

  /**
   * Parses a decimal string in major units ("1234.50"). Strict: optional '-'
   * (only with `allowNegative`), digits, then optionally '.' and 1..exponent
   * digits. Extra fraction digits are refused (TOO_MANY_DECIMALS), never
   * rounded; '+', exponents, spaces, separators and a bare '.' are INVALID_AMOUNT.
   */
  static parse(
    amount: string,
    currency: string,
    opts: { allowNegative?: boolean } = {},
  ): Result<Money, MoneyParseErrorCode> {
    if (!isCurrencyCode(currency)) return err('UNKNOWN_CURRENCY', 'unknown currency');
    if (typeof amount !== 'string' || amount.length > AMOUNT_MAX_LENGTH) {
      return err('INVALID_AMOUNT', 'amount must be a decimal string');
    }
    const match = AMOUNT_PATTERN.exec(amount);
    if (match === null)
      return err('INVALID_AMOUNT', 'amount must be a plain decimal such as "1234.50"');
    const [, sign = '', whole = '', fraction = ''] = match;
    if (sign === '-' && opts.allowNegative !== true)
      return err('NEGATIVE_AMOUNT', 'amount must not be negative');
    const exponent = currencyExponent(currency);
    if (fraction.length > exponent) {
      return err(
        'TOO_MANY_DECIMALS',
        `${currency} allows at most ${String(exponent)} decimal places`,
      );
    }
    if (whole.replace(/^0+/, '').length > MONEY_MAX_MAJOR_DIGITS) {
      return err(
        'AMOUNT_TOO_LARGE',
        `amount exceeds ${String(MONEY_MAX_MAJOR_DIGITS)} integer digits`,
      );
    }
    const magnitude = BigInt(whole + fraction.padEnd(exponent, '0'));
    return ok(new Money(sign === '-' ? -magnitude : magnitude, currency));
  }

  /** Throwing variant of `parse`, for fixtures and constants. */
  static parseOrThrow(
    amount: string,
    currency: string,
    opts: { allowNegative?: boolean } = {},
  ): Money {
    const result = Money.parse(amount, currency, opts);
    if (!result.ok) throw new DomainError(result.errors[0].code, result.errors[0].message);
    return result.value;
  }

  /** Sum of `items`, all in `currency` (which also types the empty sum). */
  static sum(items: readonly Money[], currency: string): Money {
    let total = Money.zero(currency);
    for (const item of items) total = total.add(item);
    return total;
  }

  get exponent(): number {
    return currencyExponent(this.currency);
  }

  /** Exact decimal in major units with exactly `exponent` fraction digits: "1234.50", "-0.05", "1200" (JPY). */
  format(): string {
    const exponent = this.exponent;
    const negative = this.minor < 0n;
    const digits = (negative ? -this.minor : this.minor).toString().padStart(exponent + 1, '0');
    const whole = digits.slice(0, digits.length - exponent);
    const fraction = digits.slice(digits.length - exponent);
    return (negative ? '-' : '') + (exponent === 0 ? whole : `${whole}.${fraction}`);
  }

  toJSON(): { amount: string; currency: string } {
    return { amount: this.format(), currency: this.currency };
  }

  toString(): string {
    return `${this.format()} ${this.currency}`;
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.of(this.minor + other.minor, this.currency);
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.of(this.minor - other.minor, this.currency);
  }

  negate(): Money {
    return new Money(-this.minor, this.currency);
  }

  abs(): Money {
    return this.minor < 0n ? this.negate() : this;
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.minor < other.minor ? -1 : this.minor > other.minor ? 1 : 0;
  }

  /** Same currency and amount; unlike `compare`, a different currency is simply not equal. */
  equals(other: Money): boolean {
    return this.currency === other.currency && this.minor === other.minor;
  }

  lessThan(other: Money): boolean {
    return this.compare(other) < 0;
  }

  lessThanOrEqual(other: Money): boolean {
    return this.compare(other) <= 0;
  }

  greaterThan(other: Money): boolean {
    return this.compare(other) > 0;
  }

  greaterThanOrEqual(other: Money): boolean {
    return this.compare(other) >= 0;
  }

  min(other: Money): Money {
    return this.compare(other) <= 0 ? this : other;
  }

  max(other: Money): Money {
    return this.compare(other) >= 0 ? this : other;
  }

  isZero(): boolean {
    return this.minor === 0n;
  }

  isNegative(): boolean {
    return this.minor < 0n;
  }

  isPositive(): boolean {
    return this.minor > 0n;
  }

  /**
   * this × factor, computed exactly (as BigInt fractions) and rounded once to
   * the minor unit. A string factor must be a plain decimal ("0.5", "-1.25").
   */
  multiply(factor: Rate | Decimal | string, rounding: RoundingMode = 'HALF_EVEN'): Money {
    const { numerator, scale } =
      factor instanceof Rate ? decimalToFraction(factor.toDecimal()) : toFraction(factor);
    return Money.of(divideRounded(this.minor * numerator, pow10(scale), rounding), this.currency);
  }

  /**
   * this × factor ÷ denominator with a single rounding, e.g. a day's interest
   * `principal.multiplyRatio(rateAnnual, 365n)`. Prefer it to
   * `multiply(rate.periodic(n))` when the truncated 40-digit periodic rate
   * could matter (DOWN/FLOOR rounding of an amount that lands on a whole unit).
   */
  multiplyRatio(
    factor: Rate | Decimal | string,
    denominator: bigint,
    rounding: RoundingMode = 'HALF_EVEN',
  ): Money {
    if (typeof denominator !== 'bigint')
      throw new DomainError('INVALID_DECIMAL', 'denominator must be a bigint');
    if (denominator === 0n) throw new DomainError('DIVISION_BY_ZERO', 'money divided by zero');
    const { numerator, scale } =
      factor instanceof Rate ? decimalToFraction(factor.toDecimal()) : toFraction(factor);
    return Money.of(
      divideRounded(this.minor * numerator, pow10(scale) * denominator, rounding),
      this.currency,
    );
  }

  /** this ÷ divisor rounded once to the minor unit (e.g. principal ÷ term for an even instalment). */
  divide(divisor: bigint | Decimal, rounding: RoundingMode = 'HALF_EVEN'): Money {
    let fraction: DecimalFraction;
    if (typeof divisor === 'bigint') fraction = { numerator: divisor, scale: 0 };
    else if (isDecimal(divisor)) fraction = decimalToFraction(divisor);
    else throw new DomainError('INVALID_DECIMAL', 'divisor must be a bigint or a Decimal');
    if (fraction.numerator === 0n)
      throw new DomainError('DIVISION_BY_ZERO', 'money divided by zero');
    return Money.of(
      divideRounded(this.minor * pow10(fraction.scale), fraction.numerator, rounding),
      this.currency,
    );
  }

  /**
   * Splits this amount in proportion to `weights` so the parts sum exactly to
   * it (largest-remainder method): each part is its exact share rounded toward
   * zero, then the leftover minor units go one each to the largest remainders,
   * ties to the earliest index. Every part is within one minor unit of its
   * exact share. Weights must be non-negative with a positive sum; zero
   * weights get zero.
   */
  allocate(weights: readonly (bigint | Decimal)[]): Money[] {
    if (weights.length === 0)
      throw new DomainError('INVALID_ALLOCATION', 'no weights to allocate over');
    if (weights.length > ALLOCATION_MAX_PARTS) {
      throw new DomainError('INVALID_ALLOCATION', `at most ${String(ALLOCATION_MAX_PARTS)} parts`);
    }
    const scaled = integerWeights(weights);
    let totalWeight = 0n;
    for (const weight of scaled) {
      if (weight < 0n) throw new DomainError('INVALID_ALLOCATION', 'weights must not be negative');
      totalWeight += weight;
    }
    if (totalWeight === 0n)
      throw new DomainError('INVALID_ALLOCATION', 'weights must not all be zero');

    // Allocate the magnitude and restore the sign, so a negative total splits
    // as the mirror image of the positive one.
    const negative = this.minor < 0n;
    const magnitude = negative ? -this.minor : this.minor;
    const parts: bigint[] = [];
    const remainders: bigint[] = [];
    let allocated = 0n;
    for (const weight of scaled) {
      const share = magnitude * weight;
      const part = share / totalWeight;
      parts.push(part);
      remainders.push(share % totalWeight);
      allocated += part;
    }
    let leftover = magnitude - allocated;
    const order = remainders
      .map((remainder, index) => ({ remainder, index }))
      .sort((a, b) =>
        a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : a.index - b.index,
      );
    for (const { index } of order) {
      if (leftover === 0n) break;
      parts[index] = (parts[index] ?? 0n) + 1n;
      leftover -= 1n;
    }
    if (leftover !== 0n)
      throw new DomainError('INVARIANT_VIOLATION', 'allocation left minor units over');
    return parts.map((part) => new Money(negative ? -part : part, this.currency));
  }

  /** Splits into `parts` near-equal amounts; the earlier parts take the extra minor units. */
  allocateEvenly(parts: number): Money[] {
    if (!Number.isSafeInteger(parts) || parts < 1 || parts > ALLOCATION_MAX_PARTS) {
      throw new DomainError(
        'INVALID_ALLOCATION',
        `parts must be an integer in 1..${String(ALLOCATION_MAX_PARTS)}`,
      );
    }
    return this.allocate(Array.from({ length: parts }, () => 1n));
  }

  private assertSameCurrency(other: Money): void {
    if (!(other instanceof Money)) throw new DomainError('INVARIANT_VIOLATION', 'expected Money');
    if (other.currency !== this.currency) {
      throw new DomainError(
        'CURRENCY_MISMATCH',
        `cannot combine ${this.currency} with ${other.currency}`,
      );
    }
  }
}

/** Weights as integers with a common scale, so Decimal weights stay exact. */
function integerWeights(weights: readonly (bigint | Decimal)[]): bigint[] {
  const fractions = weights.map((weight): DecimalFraction => {
    if (typeof weight === 'bigint') return { numerator: weight, scale: 0 };
    if (isDecimal(weight)) return decimalToFraction(weight);
    throw new DomainError('INVALID_ALLOCATION', 'weights must be bigints or Decimals');
  });
  const scale = fractions.reduce(
    (widest, fraction) => (fraction.scale > widest ? fraction.scale : widest),
    0,
  );
  return fractions.map((fraction) => fraction.numerator * pow10(scale - fraction.scale));
}
