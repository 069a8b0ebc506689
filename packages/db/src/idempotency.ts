import { and, eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { idempotencyKeysTable } from './schema.js';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

export interface IdempotencyScope {
  /** The operation, e.g. `registerBorrower`. */
  readonly operation: string;
  /** Keys are scoped to the actor: two clients cannot collide or replay each other's. */
  readonly actorId: string;
  readonly key: string;
  /** A digest of the request's input (keyed, if the input holds personal data). */
  readonly requestDigest: string;
}

export type IdempotencyOutcome<T> =
  | { readonly kind: 'fresh'; readonly value: T }
  | { readonly kind: 'replayed'; readonly value: T }
  | { readonly kind: 'conflict' };

/** What isValidIdempotencyKey requires, as a client reads it. */
export const IDEMPOTENCY_KEY_RULE = `Idempotency key must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable characters.`;

export function isValidIdempotencyKey(key: string): boolean {
  return key.length > 0 && key.length <= IDEMPOTENCY_KEY_MAX_LENGTH && /^[\x21-\x7e]+$/.test(key);
}

/**
 * Runs `work` once per key. Call inside the transaction that does the work:
 * the key row is claimed first, so a concurrent request with the same key
 * waits on it and then replays the stored result instead of doing the work twice.
 * `work` returns `{ store }` to commit with the key, or `{ abort }` to record
 * nothing (a business refusal that the client may retry with corrected input).
 */
export async function idempotent<T, A>(
  tx: Db,
  scope: IdempotencyScope,
  now: Date,
  work: () => Promise<{ store: T } | { abort: A }>,
): Promise<IdempotencyOutcome<T> | { readonly kind: 'aborted'; readonly reason: A }> {
  const claimed = await tx
    .insert(idempotencyKeysTable)
    .values({
      operation: scope.operation,
      actorId: scope.actorId,
      key: scope.key,
      requestDigest: scope.requestDigest,
      result: null,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeysTable.key });
  if (claimed.length === 0) {
    const [existing] = await tx
      .select()
      .from(idempotencyKeysTable)
      .where(
        and(
          eq(idempotencyKeysTable.operation, scope.operation),
          eq(idempotencyKeysTable.actorId, scope.actorId),
          eq(idempotencyKeysTable.key, scope.key),
        ),
      );
    if (!existing) throw new Error('idempotency key vanished between claim and read');
    if (existing.requestDigest !== scope.requestDigest) return { kind: 'conflict' };
    return { kind: 'replayed', value: existing.result as T };
  }
  const outcome = await work();
  if ('abort' in outcome) {
    await tx
      .delete(idempotencyKeysTable)
      .where(
        and(
          eq(idempotencyKeysTable.operation, scope.operation),
          eq(idempotencyKeysTable.actorId, scope.actorId),
          eq(idempotencyKeysTable.key, scope.key),
        ),
      );
    return { kind: 'aborted', reason: outcome.abort };
  }
  await tx
    .update(idempotencyKeysTable)
    .set({ result: outcome.store })
    .where(
      and(
        eq(idempotencyKeysTable.operation, scope.operation),
        eq(idempotencyKeysTable.actorId, scope.actorId),
        eq(idempotencyKeysTable.key, scope.key),
      ),
    );
  return { kind: 'fresh', value: outcome.store };
}
