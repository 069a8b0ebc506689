import { withTransaction, type Db } from '@lending/db';
import { Role, type Clock } from '@lending/kernel';
import { appendAccess, type AccessRecord } from './access-log.js';
import { RevealCapability } from './capability.js';
import { findActiveGrant, type Actor } from './grants.service.js';
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

export type AccessDecision =
  | { readonly allowed: true; readonly basis: 'DATA_SUBJECT'; readonly grantId: null }
  | { readonly allowed: true; readonly basis: 'GRANT'; readonly grantId: string }
  | { readonly allowed: false };

const DENIED: AccessDecision = { allowed: false };

/** Decides at the moment of the read, without looking at the data itself. */
export async function decideAccess(
  deps: Pick<ContactGuardDeps, 'db' | 'needToKnow'>,
  now: Date,
  request: Pick<ContactReadRequest, 'actor' | 'borrowerId' | 'scope' | 'purpose'>,
): Promise<AccessDecision> {
  const { actor, borrowerId, scope, purpose } = request;
  if (actor.role === Role.BORROWER) {
    return actor.borrowerId === borrowerId
      ? { allowed: true, basis: 'DATA_SUBJECT', grantId: null }
      : DENIED;
  }
  // The policy again, at the read: a grant row it forbids (however it got there) opens nothing.
  if (!isGrantable(scope, purpose, actor.role)) return DENIED;
  const grant = await findActiveGrant(
    deps.db,
    now,
    { borrowerId, scope, purpose, granteeRole: actor.role },
    { lockForShare: true },
  );
  if (!grant) return DENIED;
  for (const rule of deps.needToKnow) {
    if (!rule.appliesTo(actor.role, scope, purpose)) continue;
    if (!(await rule.isMet(deps.db, { actorId: actor.id, borrowerId, now }))) return DENIED;
  }
  return { allowed: true, basis: 'GRANT', grantId: grant.id };
}

export type GuardedRead<T> =
  { readonly ok: true; readonly value: T; readonly access: AccessRecord } | { readonly ok: false };

/**
 * The only way to contact data in the clear: decide, record the read, then
 * load and reveal. If the record cannot be written the read fails, and the
 * capability that decrypts ends with this call.
 */
export async function guardedRead<L>(
  deps: ContactGuardDeps,
  request: ContactReadRequest,
  load: () => Promise<L>,
): Promise<GuardedRead<Revealed<L>>> {
  const now = deps.clock.now();
  // Decide and record in one transaction: the grant relied on stays share-locked until
  // the read is in the log, so a revocation either lands first or waits for the record.
  const access = await withTransaction(deps.db, async (tx) => {
    const decision = await decideAccess({ ...deps, db: tx }, now, request);
    if (!decision.allowed) return null;
    return appendAccess(tx, {
      borrowerId: request.borrowerId,
      at: now,
      actorId: request.actor.id,
      actorRole: request.actor.role,
      purpose: request.purpose,
      scope: request.scope,
      grantId: decision.grantId,
      fields: request.fields,
      path: request.path,
      operationName: request.operationName,
      requestId: request.requestId,
      clientRequestId: request.clientRequestId ?? null,
      tokenId: request.tokenId ?? null,
      actedBy: request.actedBy ?? null,
    });
  });
  if (!access) return { ok: false };
  const loaded = await load();
  const capability = RevealCapability.mint(request.borrowerId, request.scope);
  try {
    return {
      ok: true,
      value: revealDeep(deps.vault, capability, loaded, 0) as Revealed<L>,
      access,
    };
  } finally {
    RevealCapability.expire(capability);
  }
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
