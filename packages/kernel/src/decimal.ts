import { Decimal as DecimalJs } from 'decimal.js';
import { DomainError } from './errors.js';

/**
 * The decimal.js constructor every package should use: a clone, so the
 * library's global configuration stays untouched. 40 significant digits is
 * far beyond any rate we store; `toString()` never uses exponent notation.
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Decimal = DecimalJs;

export function isDecimal(value: unknown): value is Decimal {
  return DecimalJs.isDecimal(value);
}

/** An exact decimal value as `numerator / 10^scale`. */
export interface DecimalFraction {
  readonly numerator: bigint;
  readonly scale: number;
}

/** Inputs longer than this are refused before any parsing work. */
export const DECIMAL_STRING_MAX_LENGTH = 100;

// Plain decimal notation only: no exponent, no '+', no spaces, no bare '.'.
const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parses a strict decimal string ("-12.340") exactly, or returns null. */
export function parseDecimalFraction(text: string): DecimalFraction | null {
  if (typeof text !== 'string' || text.length > DECIMAL_STRING_MAX_LENGTH) return null;
  return matchDecimal(text);
}

function matchDecimal(text: string): DecimalFraction | null {
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = ''] = match;
  const magnitude = BigInt(whole + fraction);
  return { numerator: sign === '-' ? -magnitude : magnitude, scale: fraction.length };
}

// Bounds for converting a Decimal to an exact fraction: beyond these a value
// is not a money multiplier or weight but a bug, and the BigInt would be huge.
const FRACTION_MAX_INTEGER_DIGITS = 40;
const FRACTION_MAX_SCALE = 100;

/** The exact value of a finite Decimal as a fraction; throws INVALID_DECIMAL otherwise. */
export function decimalToFraction(value: Decimal): DecimalFraction {
  if (!isDecimal(value) || !value.isFinite()) {
    throw new DomainError('INVALID_DECIMAL', 'expected a finite Decimal');
  }
  if (value.isZero()) return { numerator: 0n, scale: 0 };
  if (value.e >= FRACTION_MAX_INTEGER_DIGITS || value.decimalPlaces() > FRACTION_MAX_SCALE) {
    throw new DomainError('INVALID_DECIMAL', 'Decimal out of the supported range');
  }
  const fraction = matchDecimal(value.toFixed());
  if (fraction === null)
    throw new DomainError('INVARIANT_VIOLATION', 'Decimal.toFixed() produced a non-decimal string');
  return fraction;
}

/** A multiplier given as a Decimal or a strict decimal string, as an exact fraction. */
export function toFraction(value: Decimal | string): DecimalFraction {
  if (typeof value === 'string') {
    const fraction = parseDecimalFraction(value);
    if (fraction === null)
      throw new DomainError(
        'INVALID_DECIMAL',
        `not a plain decimal: ${JSON.stringify(value.slice(0, 40))}`,
      );
    return fraction;
  }
  return decimalToFraction(value);
}

export function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}
