import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';
import { newId, Role, type Clock } from '@lending/kernel';
import {
  accessEntryJson,
  accessRecordFromRow,
  appendAccesses,
  type AccessEntry,
  type AccessLogRow,
  type AccessRecord,
} from './access-log.js';
import { RevealCapability } from './capability.js';
import type { Actor } from './grants.service.js';
import { Sealed } from './sealed.js';
import type { ContactVault } from './vault.js';
import { isGrantable, type AccessPurpose, type ContactScope } from './vocabulary.js';

/**
 * A further condition a role must meet on top of a grant, owned by another
 * domain. Collections registers one for COLLECTOR: a collector reads a
 * borrower's contacts only while assigned an open case of that borrower.
 */
export interface NeedToKnowRule {
  readonly name: string;
  appliesTo(role: Role, scope: ContactScope, purpose: AccessPurpose): boolean;
  /**
   * The rule as a boolean SQL condition over the actor's and the borrower's
   * ids (SQL expressions of type text and uuid): the guard checks it in the
   * same statement as the grant and the log append, at the moment of the read.
   */
  condition?(read: { actorId: SQL; borrowerId: SQL }): SQL;
  /** The rule in code, for a rule without `condition`: checked just before that statement. */
  isMet(db: Db, request: { actorId: string; borrowerId: string; now: Date }): Promise<boolean>;
}

export interface ContactGuardDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly vault: ContactVault;
  readonly needToKnow: readonly NeedToKnowRule[];
}

export interface ContactReadRequest {
  readonly actor: Actor;
  /** The data subject, taken from the parent object being resolved, never from arguments. */
  readonly borrowerId: string;
  readonly scope: ContactScope;
  readonly purpose: AccessPurpose;
  readonly fields: readonly string[];
  readonly path: string;
  readonly operationName: string | null;
  /** The server's id of the request. */
  readonly requestId: string;
  readonly clientRequestId?: string | null;
  readonly tokenId?: string | null;
  readonly actedBy?: string | null;
}

/**
 * A read the guard allowed and whose access-log row is committed (or, inside
 * a caller's transaction, written in it). Only `recordReads` makes these:
 * `reveal` opens the loaded values of that borrower and scope, once.
 */
export interface RecordedRead {
  readonly access: AccessRecord;
  reveal<L>(loaded: L): Revealed<L>;
}

/** The most reads one guard statement records; a request's batch is split above it. */
export const GUARD_BATCH_MAX = 200;

/**
 * Decides and records a batch of reads (typically every contact-data field of
 * one GraphQL request) in one SQL statement: for each read, the active grant
 * (scope, purpose, the actor's role, not expired, not revoked, share-locked so
 * that a revocation either lands first or waits for the record), the
 * need-to-know rules, and the append to the borrower's hash chain. A borrower
 * reading their own data needs no grant. Answers, per read, the recorded read
 * or null when it is denied (and left no row). If the record cannot be
 * written, the whole batch fails and nothing can be revealed.
 */
export async function recordReads(
  deps: Pick<ContactGuardDeps, 'db' | 'clock' | 'vault' | 'needToKnow'>,
  requests: readonly ContactReadRequest[],
): Promise<(RecordedRead | null)[]> {
  const now = deps.clock.now();
  const results: (RecordedRead | null)[] = requests.map(() => null);
  const subject: number[] = [];
  const staff: { index: number; rules: boolean[] }[] = [];
  for (const [index, request] of requests.entries()) {
    const { actor, borrowerId, scope, purpose } = request;
    if (actor.role === Role.BORROWER) {
      if (actor.borrowerId === borrowerId) subject.push(index);
      continue;
    }
    // The policy again, at the read: a grant row it forbids (however it got there) opens nothing.
    if (!isGrantable(scope, purpose, actor.role)) continue;
    const rules = deps.needToKnow.map((rule) => rule.appliesTo(actor.role, scope, purpose));
    let met = true;
    for (const [i, rule] of deps.needToKnow.entries()) {
      if (rules[i] && !rule.condition) {
        met = await rule.isMet(deps.db, { actorId: actor.id, borrowerId, now });
        if (!met) break;
      }
    }
    if (met) staff.push({ index, rules });
  }
  for (let start = 0; start < subject.length; start += GUARD_BATCH_MAX) {
    const batch = subject.slice(start, start + GUARD_BATCH_MAX);
    const records = await appendAccesses(
      deps.db,
      batch.map((i) => accessEntry(requests[i]!, now, null)),
    );
    for (const [k, i] of batch.entries()) results[i] = recordedRead(deps.vault, records[k]!);
  }
  for (let start = 0; start < staff.length; start += GUARD_BATCH_MAX) {
    const batch = staff.slice(start, start + GUARD_BATCH_MAX);
    const ids = batch.map(() => newId());
    const entries = batch.map(({ index, rules }, k) => ({
      ...accessEntryJson(ids[k]!, accessEntry(requests[index]!, now, null)),
      need_to_know: rules,
    }));
    const rows = await queryRows<AccessLogRow>(
      deps.db,
      guardStatement(JSON.stringify(entries), deps.needToKnow),
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const [k, { index }] of batch.entries()) {
      const row = byId.get(ids[k]!);
      if (row) results[index] = recordedRead(deps.vault, accessRecordFromRow(row));
    }
  }
  return results;
}

/**
 * The one statement: each entry whose grant and need-to-know rules hold at
 * this moment goes, with the grant's id, to contact_access_append. Its text
 * depends only on the rules, so postgres-js prepares it once per connection.
 */
function guardStatement(entries: string, rules: readonly NeedToKnowRule[]): SQL {
  const actorId = sql`(r.e->>'actor_id')`;
  const borrowerId = sql`(r.e->>'borrower_id')::uuid`;
  const conditions = rules.flatMap((rule, i) =>
    rule.condition
      ? [
          sql`(not coalesce((r.e->'need_to_know'->>${sql.raw(String(i))})::boolean, true) or (${rule.condition({ actorId, borrowerId })}))`,
        ]
      : [],
  );
  return sql`select l.* from contact_access_append((
    select coalesce(jsonb_agg((r.e - 'need_to_know') || jsonb_build_object('grant_id', g.id) order by r.ord), '[]'::jsonb)
    from jsonb_array_elements(${entries}::jsonb) with ordinality as r(e, ord)
    cross join lateral (
      select g.id from consent_grants as g
      where g.borrower_id = ${borrowerId}
        and g.scope = r.e->>'scope'
        and g.purpose = r.e->>'purpose'
        and g.grantee_role = r.e->>'actor_role'
        and g.granted_at <= (r.e->>'at')::timestamptz
        -- Revoked means revoked, whatever its timestamp says about a clock.
        and g.revoked_at is null
        and (g.expires_at is null or g.expires_at > (r.e->>'at')::timestamptz)
      order by g.granted_at desc
      limit 1
      for share of g
    ) as g
    where ${conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`true`}
  )) as l`;
}

function accessEntry(request: ContactReadRequest, at: Date, grantId: string | null): AccessEntry {
  return {
    borrowerId: request.borrowerId,
    at,
    actorId: request.actor.id,
    actorRole: request.actor.role,
    purpose: request.purpose,
    scope: request.scope,
    grantId,
    fields: request.fields,
    path: request.path,
    operationName: request.operationName,
    requestId: request.requestId,
    clientRequestId: request.clientRequestId ?? null,
    tokenId: request.tokenId ?? null,
    actedBy: request.actedBy ?? null,
  };
}

function recordedRead(vault: ContactVault, access: AccessRecord): RecordedRead {
  let revealed = false;
  return Object.freeze({
    access,
    reveal<L>(loaded: L): Revealed<L> {
      if (revealed) throw new Error('a recorded read reveals once');
      revealed = true;
      const capability = RevealCapability.mint(access.borrowerId, access.scope);
      try {
        return revealDeep(vault, capability, loaded, 0) as Revealed<L>;
      } finally {
        RevealCapability.expire(capability);
      }
    },
  });
}

export type GuardedRead<T> =
  { readonly ok: true; readonly value: T; readonly access: AccessRecord } | { readonly ok: false };

/**
 * The only way to contact data in the clear, for one read: decide and record
 * (recordReads), then load and reveal. If the record cannot be written the
 * read fails, and the capability that decrypts ends with this call.
 */
export async function guardedRead<L>(
  deps: ContactGuardDeps,
  request: ContactReadRequest,
  load: () => Promise<L>,
): Promise<GuardedRead<Revealed<L>>> {
  const [read] = await recordReads(deps, [request]);
  if (!read) return { ok: false };
  const loaded = await load();
  return { ok: true, value: read.reveal(loaded), access: read.access };
}

/** Sealed<T> anywhere in L becomes T. */
export type Revealed<L> =
  L extends Sealed<infer T>
    ? T
    : L extends readonly (infer E)[]
      ? Revealed<E>[]
      : L extends Date
        ? L
        : L extends object
          ? { [K in keyof L]: Revealed<L[K]> }
          : L;

const REVEAL_MAX_DEPTH = 6;

function revealDeep(
  vault: ContactVault,
  capability: RevealCapability,
  value: unknown,
  depth: number,
): unknown {
  if (depth > REVEAL_MAX_DEPTH) throw new Error('contact data nested too deep to reveal');
  if (value instanceof Sealed) return vault.reveal(value, capability);
  if (Array.isArray(value)) return value.map((v) => revealDeep(vault, capability, v, depth + 1));
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, revealDeep(vault, capability, v, depth + 1)]),
    );
  }
  return value;
}
