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

/**
 * One refusal a client can act on: a code from the domain's closed list, a
 * sentence for a person, and the input field it concerns (as a path).
 */
export interface Problem<C extends string> {
  readonly code: C;
  readonly message: string;
  readonly field?: readonly string[];
}

export type Ok<T> = { readonly ok: true; readonly value: T };
/** At least one problem; validation may report several at once. */
export type Err<C extends string> = {
  readonly ok: false;
  readonly errors: readonly [Problem<C>, ...Problem<C>[]];
};
/**
 * The one shape of an expected business outcome. Services return it; the
 * GraphQL edge maps `errors` to `userErrors` in one place (graphql-kit).
 */
export type Result<T, C extends string> = Ok<T> | Err<C>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function problem<C extends string>(
  code: C,
  message: string,
  field?: readonly string[],
): Problem<C> {
  return field === undefined ? { code, message } : { code, message, field: [...field] };
}

export function err<C extends string>(code: C, message: string, field?: readonly string[]): Err<C> {
  return { ok: false, errors: [problem(code, message, field)] };
}

/** Several problems at once (validation); there must be at least one. */
export function errs<C extends string>(problems: readonly Problem<C>[]): Err<C> {
  const [first, ...rest] = problems;
  if (first === undefined) throw new DomainError('INVARIANT_VIOLATION', 'errs() needs a problem');
  return { ok: false, errors: [first, ...rest] };
}

/**
 * Returns the value or throws a DomainError: for inputs the caller has
 * already validated (fixtures, constants), where a failure is a programmer
 * error. A kernel code is kept; any other code is named in the message of
 * an INVARIANT_VIOLATION.
 */
export function unwrap<T, C extends string>(result: Result<T, C>): T {
  if (result.ok) return result.value;
  const [first] = result.errors;
  if (isDomainErrorCode(first.code)) throw new DomainError(first.code, first.message);
  throw new DomainError('INVARIANT_VIOLATION', `${first.code}: ${first.message}`);
}

function isDomainErrorCode(code: string): code is DomainErrorCode {
  return Object.hasOwn(DomainErrorCode, code);
}
