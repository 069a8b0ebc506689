import type { Db } from './client.js';

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  /** Total attempts, the first included. */
  maxAttempts?: number;
}

/** serialization_failure and deadlock_detected: the transaction may simply be run again. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
export const MAX_TRANSACTION_ATTEMPTS = 10;

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Runs `work` in a transaction, re-running the whole of it when PostgreSQL
 * reports a serialization failure or a deadlock. `work` must therefore have
 * no side effects outside the transaction.
 */
export async function withTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const maxAttempts = Math.min(options.maxAttempts ?? 5, MAX_TRANSACTION_ATTEMPTS);
  for (let attempt = 1; ; attempt++) {
    try {
      // Read committed is PostgreSQL's default: asking for it again would cost a round trip.
      const isolationLevel = options.isolationLevel ?? 'read committed';
      return await db.transaction(
        work,
        isolationLevel === 'read committed' ? undefined : { isolationLevel },
      );
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      // Jittered backoff so two retrying transactions do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isRetryable(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && RETRYABLE_SQLSTATES.has(state);
}

export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}

/** postgres-js and Node socket codes for a connection that is gone or never came. */
const CONNECTION_LOST_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/**
 * Whether the error says the database cannot be reached right now (restarting,
 * shutting down, the connection dropped), as opposed to refusing what was
 * asked: a client should retry such a request later (with its idempotency key).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (CONNECTION_LOST_CODES.has(code)) return true;
      // 08: connection exception; 57P01-03: admin or crash shutdown, cannot connect now.
      if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code)) return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
