import { createHash } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { configure } from 'safe-stable-stringify';
import { err, ok, problem, type Problem, type Result } from '@lending/kernel';
import type { Db } from './client.js';
import { idempotencyKeysTable } from './schema.js';
import { withTransaction, type TransactionOptions, type Tx } from './transaction.js';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

/** The codes every idempotent command may answer, whatever its domain. */
export const IdempotencyError = {
  INVALID_IDEMPOTENCY_KEY: 'INVALID_IDEMPOTENCY_KEY',
  CONFLICT: 'CONFLICT',
} as const;
export type IdempotencyError = (typeof IdempotencyError)[keyof typeof IdempotencyError];

/** What isValidIdempotencyKey requires, as a client reads it. */
export const IDEMPOTENCY_KEY_RULE = `Idempotency key must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable characters.`;

export function isValidIdempotencyKey(key: string): boolean {
  return key.length > 0 && key.length <= IDEMPOTENCY_KEY_MAX_LENGTH && /^[\x21-\x7e]+$/.test(key);
}

/** The refusal of a malformed key, for validators that report every problem at once. */
export function idempotencyKeyProblem(key: string): Problem<IdempotencyError> | null {
  return isValidIdempotencyKey(key)
    ? null
    : problem(IdempotencyError.INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_RULE, ['idempotencyKey']);
}

const stableJson = configure({ bigint: true, deterministic: true, strict: true });

/**
 * The one digest of a command's input: SHA-256 of its JSON with keys sorted
 * (Money and Date through their toJSON, bigint as a number literal), so the
 * same input digests the same whatever the order it was built in. Input that
 * holds personal data is blinded by the caller first (a keyed digest), so
 * the stored digest cannot be guessed back.
 */
export function requestDigest(request: unknown): string {
  const json = stableJson(request);
  if (json === undefined) throw new Error('an idempotent request must be JSON-serialisable');
  return createHash('sha256').update(json).digest('hex');
}

export interface IdempotentCommand {
  /** The operation, e.g. `makeRepayment`. */
  readonly operation: string;
  /** Keys are scoped to the actor: two clients cannot collide or replay each other's. */
  readonly actorId: string;
  readonly key: string;
  /** The command's input, as `requestDigest` reads it. */
  readonly request: unknown;
  readonly now: Date;
}

/** What a command stores with its key and a replay returns: plain JSON. */
export type StoredResult =
  | string
  | number
  | boolean
  | null
  | readonly StoredResult[]
  | { readonly [key: string]: StoredResult };

/** The stored result, and whether this call replayed it (the key had run already: nothing done again). */
export type Replayable<T> = T & { readonly replayed: boolean };

/** Carries a refusal out of the transaction so that everything `work` wrote rolls back. */
class Refusal<C extends string> extends Error {
  constructor(readonly result: Result<never, C>) {
    super('refused');
  }
}

/**
 * Runs a command once per (operation, actor, key), in a transaction of its
 * own. The key row is claimed first, so a concurrent request with the same
 * key waits on it, then replays the stored result instead of doing the work
 * twice; the same key with other input is a CONFLICT. When `work` refuses
 * (an error result), nothing it wrote and no key is kept: the client may
 * retry with corrected input under the same key.
 */
export async function runIdempotent<
  T extends { readonly [key: string]: StoredResult },
  C extends string,
>(
  db: Db,
  command: IdempotentCommand,
  work: (tx: Tx) => Promise<Result<T, C>>,
  options?: TransactionOptions,
): Promise<Result<Replayable<T>, C | IdempotencyError>> {
  const keyProblem = idempotencyKeyProblem(command.key);
  if (keyProblem) return err(keyProblem.code, keyProblem.message, keyProblem.field);
  const digest = requestDigest(command.request);
  const scope = keyRow(command);
  try {
    return await withTransaction(
      db,
      async (tx): Promise<Result<Replayable<T>, C | IdempotencyError>> => {
        const claimed = await tx
          .insert(idempotencyKeysTable)
          .values({
            operation: command.operation,
            actorId: command.actorId,
            key: command.key,
            requestDigest: digest,
            result: null,
            createdAt: command.now,
          })
          .onConflictDoNothing()
          .returning({ key: idempotencyKeysTable.key });
        if (claimed.length === 0) {
          const [existing] = await tx.select().from(idempotencyKeysTable).where(scope);
          if (!existing) throw new Error('idempotency key vanished between claim and read');
          return storedOutcome<T>(command, existing);
        }
        const outcome = await work(tx);
        if (!outcome.ok) throw new Refusal(outcome);
        await tx.update(idempotencyKeysTable).set({ result: outcome.value }).where(scope);
        return ok({ ...outcome.value, replayed: false });
      },
      options,
    );
  } catch (error) {
    if (error instanceof Refusal) return (error as Refusal<C>).result;
    throw error;
  }
}

/**
 * The other way to run a command once per key, for hot paths where
 * runIdempotent's separate claim and result writes are two round trips too
 * many: the command reads `storedKeySql` beside its own state, does its
 * work, and writes its key with the result in the same statement as its
 * other writes (`claimKeySql`, inside a data-modifying CTE). When a
 * concurrent request with the same key committed first, that insert claims
 * nothing: the command throws `KeyTakenMeanwhile` to roll its writes back,
 * and `storedOutcome` answers from the stored key.
 */
export interface KeyScope {
  readonly operation: string;
  readonly actorId: string;
  readonly key: string;
}

/** A LEFT JOIN target: the stored key of `scope` as `(request_digest, result)`, or no row. */
export function storedKeySql(scope: KeyScope): SQL {
  return sql`(select request_digest, result from idempotency_keys
    where operation = ${scope.operation} and actor_id = ${scope.actorId} and key = ${scope.key})`;
}

/** An `insert ... on conflict do nothing returning 1` of the key with its result, for a CTE. */
export function claimKeySql(command: IdempotentCommand, result: StoredResult): SQL {
  return sql`insert into idempotency_keys (operation, actor_id, key, request_digest, result, created_at)
    values (${command.operation}, ${command.actorId}, ${command.key}, ${requestDigest(command.request)},
            ${JSON.stringify(result)}::jsonb, ${command.now.toISOString()}::timestamptz)
    on conflict do nothing returning 1`;
}

export class KeyTakenMeanwhile extends Error {
  constructor() {
    super('idempotency key claimed by a concurrent request');
  }
}

/** What a request answers for a key already stored: its result again, or CONFLICT for other input. */
export function storedOutcome<T extends { readonly [key: string]: StoredResult }>(
  command: IdempotentCommand,
  stored: { readonly requestDigest: string; readonly result: unknown },
): Result<Replayable<T>, IdempotencyError> {
  if (stored.requestDigest !== requestDigest(command.request)) {
    return err(
      IdempotencyError.CONFLICT,
      'This idempotency key was already used with different input.',
      ['idempotencyKey'],
    );
  }
  return ok({ ...(stored.result as T), replayed: true });
}

/** The stored key of `scope`, read after a KeyTakenMeanwhile (its writer has committed). */
export async function readStoredKey(
  db: Db,
  scope: KeyScope,
): Promise<{ requestDigest: string; result: unknown } | null> {
  const [row] = await db
    .select({
      requestDigest: idempotencyKeysTable.requestDigest,
      result: idempotencyKeysTable.result,
    })
    .from(idempotencyKeysTable)
    .where(keyRow(scope));
  return row ?? null;
}

/** The idempotency_keys row of one (operation, actor, key). */
function keyRow(scope: KeyScope) {
  return and(
    eq(idempotencyKeysTable.operation, scope.operation),
    eq(idempotencyKeysTable.actorId, scope.actorId),
    eq(idempotencyKeysTable.key, scope.key),
  );
}
