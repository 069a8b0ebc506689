/**
 * Codes for broken invariants and programmer errors. Expected business
 * outcomes are returned as `Result`s instead; their codes may reuse these
 * names so a throwing variant (`Rate.of`, `BusinessDate.of`) keeps the code.
 */
export const DomainErrorCode = {
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  TOO_MANY_DECIMALS: 'TOO_MANY_DECIMALS',
  NEGATIVE_AMOUNT: 'NEGATIVE_AMOUNT',
  AMOUNT_TOO_LARGE: 'AMOUNT_TOO_LARGE',
  UNKNOWN_CURRENCY: 'UNKNOWN_CURRENCY',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  DIVISION_BY_ZERO: 'DIVISION_BY_ZERO',
  INVALID_ALLOCATION: 'INVALID_ALLOCATION',
  INVALID_RATE: 'INVALID_RATE',
  INVALID_DATE: 'INVALID_DATE',
  INVALID_TIME_ZONE: 'INVALID_TIME_ZONE',
  INVALID_ID: 'INVALID_ID',
  INVARIANT_VIOLATION: 'INVARIANT_VIOLATION',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Throws `INVARIANT_VIOLATION` when `condition` is false. */
export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new DomainError('INVARIANT_VIOLATION', message);
}

export type Ok<T> = { ok: true; value: T };
export type Err<C extends string> = { ok: false; code: C; message: string; field?: string[] };
export type Result<T, C extends string> = Ok<T> | Err<C>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<C extends string>(code: C, message: string, field?: readonly string[]): Err<C> {
  return field === undefined
    ? { ok: false, code, message }
    : { ok: false, code, message, field: [...field] };
}

/**
 * Returns the value or throws a DomainError carrying the result's code: for
 * inputs the caller has already validated (fixtures, constants), where a
 * failure is a programmer error.
 */
export function unwrap<T, C extends DomainErrorCode>(result: Result<T, C>): T {
  if (result.ok) return result.value;
  throw new DomainError(result.code, result.message);
}
