import { DomainError } from './errors.js';

export const ROUNDING_MODES = ['HALF_EVEN', 'HALF_UP', 'DOWN', 'UP', 'FLOOR', 'CEILING'] as const;
/**
 * HALF_EVEN: ties to even (banker's). HALF_UP: ties away from zero.
 * DOWN/UP: toward/away from zero. FLOOR/CEILING: toward -∞/+∞.
 */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** decimal.js rounding constants (Decimal.ROUND_*) for each mode. */
export const DECIMAL_ROUNDING = {
  UP: 0,
  DOWN: 1,
  CEILING: 2,
  FLOOR: 3,
  HALF_UP: 4,
  HALF_EVEN: 6,
} as const satisfies Record<RoundingMode, 0 | 1 | 2 | 3 | 4 | 6>;

export function isRoundingMode(mode: unknown): mode is RoundingMode {
  return typeof mode === 'string' && (ROUNDING_MODES as readonly string[]).includes(mode);
}

/** numerator / denominator rounded to an integer, exactly, with BigInt only. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new DomainError('DIVISION_BY_ZERO', 'division by zero');
  if (!isRoundingMode(mode))
    throw new DomainError('INVARIANT_VIOLATION', `unknown rounding mode: ${String(mode)}`);
  let n = numerator;
  let d = denominator;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const quotient = n / d; // truncates toward zero
  const remainder = n % d; // carries the sign of n
  if (remainder === 0n) return quotient;
  const away = quotient + (n < 0n ? -1n : 1n);
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  switch (mode) {
    case 'DOWN':
      return quotient;
    case 'UP':
      return away;
    case 'FLOOR':
      return n < 0n ? away : quotient;
    case 'CEILING':
      return n > 0n ? away : quotient;
    case 'HALF_UP':
      return twiceRemainder >= d ? away : quotient;
    case 'HALF_EVEN':
      if (twiceRemainder > d) return away;
      if (twiceRemainder < d) return quotient;
      return quotient % 2n === 0n ? quotient : away;
  }
}
