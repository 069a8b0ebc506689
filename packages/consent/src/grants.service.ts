import { and, desc, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm';
import { getBorrower } from '@lending/borrowers';
import type { Db } from '@lending/db';
import {
  checkFreeText,
  err,
  FreeTextError,
  newId,
  ok,
  Role,
  type Clock,
  type Result,
} from '@lending/kernel';
import { consentGrantsTable } from './schema.js';
import { GrantStatus, isGrantable, type AccessPurpose, type ContactScope } from './vocabulary.js';

export interface ConsentGrant {
  readonly id: string;
  readonly borrowerId: string;
  readonly scope: ContactScope;
  readonly purpose: AccessPurpose;
  readonly granteeRole: Role;
  readonly grantedBy: string;
  readonly grantedAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
  readonly documentVersion: string;
  readonly documentSha256: string;
  readonly channel: string;
}

export const GrantError = {
  ...FreeTextError,
  POLICY_FORBIDDEN: 'POLICY_FORBIDDEN',
  INVALID_EVIDENCE: 'INVALID_EVIDENCE',
  INVALID_EXPIRY: 'INVALID_EXPIRY',
  INVALID_REASON: 'INVALID_REASON',
  NOT_THE_DATA_SUBJECT: 'NOT_THE_DATA_SUBJECT',
  BORROWER_NOT_FOUND: 'BORROWER_NOT_FOUND',
  GRANT_NOT_FOUND: 'GRANT_NOT_FOUND',
} as const;
export type GrantError = (typeof GrantError)[keyof typeof GrantError];

export const GRANT_LIMITS = {
  documentVersionMax: 50,
  channelMax: 50,
  reasonMax: 500,
  grantsListedPerBorrower: 500,
} as const;

/** Who is acting: taken from the verified token, never from input. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly borrowerId: string | null;
}

export interface GrantConsentInput {
  readonly borrowerId: string;
  readonly scope: ContactScope;
  readonly purpose: AccessPurpose;
  readonly grantee: Role;
  readonly expiresAt: Date | null;
  readonly evidence: { documentVersion: string; documentSha256: string; channel: string };
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const SHORT_TEXT = /^[\x20-\x7e]+$/;

export function grantStatus(grant: ConsentGrant, now: Date): GrantStatus {
  if (grant.revokedAt && grant.revokedAt <= now) return GrantStatus.REVOKED;
  if (grant.expiresAt && grant.expiresAt <= now) return GrantStatus.EXPIRED;
  return GrantStatus.ACTIVE;
}

/** Records a grant. Only the data subject grants, and only what the policy allows. */
export async function grantConsent(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: GrantConsentInput,
): Promise<Result<ConsentGrant, GrantError>> {
  if (actor.role !== Role.BORROWER || actor.borrowerId !== input.borrowerId) {
    return err(
      GrantError.NOT_THE_DATA_SUBJECT,
      'Only the borrower can grant access to their contact data.',
      ['borrowerId'],
    );
  }
  if (!isGrantable(input.scope, input.purpose, input.grantee)) {
    return err(
      GrantError.POLICY_FORBIDDEN,
      'Policy does not allow this scope to be granted for this purpose to this role.',
      ['scope'],
    );
  }
  const { documentVersion, documentSha256, channel } = input.evidence;
  if (!SHA256_HEX.test(documentSha256)) {
    return err(GrantError.INVALID_EVIDENCE, 'Document SHA-256 must be 64 hexadecimal digits.', [
      'evidence',
      'documentSha256',
    ]);
  }
  if (
    !SHORT_TEXT.test(documentVersion) ||
    documentVersion.length > GRANT_LIMITS.documentVersionMax
  ) {
    return err(
      GrantError.INVALID_EVIDENCE,
      `Document version must be 1 to ${GRANT_LIMITS.documentVersionMax} characters.`,
      ['evidence', 'documentVersion'],
    );
  }
  if (!SHORT_TEXT.test(channel) || channel.length > GRANT_LIMITS.channelMax) {
    return err(
      GrantError.INVALID_EVIDENCE,
      `Channel must be 1 to ${GRANT_LIMITS.channelMax} characters.`,
      ['evidence', 'channel'],
    );
  }
  // Evidence is kept and shown in the clear, like a reason.
  for (const [name, value] of [
    ['documentVersion', documentVersion],
    ['channel', channel],
  ] as const) {
    const clean = checkFreeText(value, ['evidence', name], `The evidence's ${name}`);
    if (!clean.ok) return clean;
  }
  const now = clock.now();
  if (input.expiresAt && input.expiresAt <= now) {
    return err(GrantError.INVALID_EXPIRY, 'Expiry must be in the future.', ['expiresAt']);
  }
  if (!(await getBorrower(db, input.borrowerId))) {
    return err(GrantError.BORROWER_NOT_FOUND, 'No such borrower.', ['borrowerId']);
  }
  const grant: ConsentGrant = {
    id: newId(),
    borrowerId: input.borrowerId,
    scope: input.scope,
    purpose: input.purpose,
    granteeRole: input.grantee,
    grantedBy: actor.id,
    grantedAt: now,
    expiresAt: input.expiresAt,
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
    documentVersion,
    documentSha256: documentSha256.toLowerCase(),
    channel,
  };
  await db.insert(consentGrantsTable).values(grant);
  return ok(grant);
}

/**
 * Revokes a grant; effective for the next read, since every read checks the
 * grant at that moment. Revoking an already revoked grant returns it as it is.
 */
export async function revokeConsent(
  db: Db,
  clock: Clock,
  actor: Actor,
  grantId: string,
  reason: string | null,
): Promise<Result<ConsentGrant, GrantError>> {
  if (reason !== null && reason.length > GRANT_LIMITS.reasonMax) {
    return err(
      GrantError.INVALID_REASON,
      `Reason must be at most ${GRANT_LIMITS.reasonMax} characters.`,
      ['reason'],
    );
  }
  // The reason is shown to the borrower and compliance, in the clear: no contact data in it.
  if (reason !== null) {
    const clean = checkFreeText(reason, ['reason'], 'The reason');
    if (!clean.ok) return clean;
  }
  const [grant] = await getGrantsByIds(db, [grantId]);
  if (!grant) return err(GrantError.GRANT_NOT_FOUND, 'No such grant.', ['grantId']);
  if (!canManageGrantsOf(actor, grant.borrowerId)) {
    return err(
      GrantError.NOT_THE_DATA_SUBJECT,
      'Only the borrower or compliance can revoke this grant.',
      ['grantId'],
    );
  }
  if (grant.revokedAt) return ok(grant);
  const [updated] = await db
    .update(consentGrantsTable)
    .set({ revokedAt: clock.now(), revokedBy: actor.id, revokeReason: reason })
    .where(and(eq(consentGrantsTable.id, grantId), isNull(consentGrantsTable.revokedAt)))
    .returning();
  if (!updated) {
    // Revoked concurrently: answer with the stored state.
    const [current] = await getGrantsByIds(db, [grantId]);
    if (!current) throw new Error('grant vanished during revocation');
    return ok(current);
  }
  return ok(toGrant(updated));
}

/** The data subject and COMPLIANCE see and manage a borrower's grants. */
export function canManageGrantsOf(actor: Actor, borrowerId: string): boolean {
  return (
    actor.role === Role.COMPLIANCE ||
    (actor.role === Role.BORROWER && actor.borrowerId === borrowerId)
  );
}

export async function getGrantsByIds(
  db: Db,
  ids: readonly string[],
): Promise<(ConsentGrant | null)[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(consentGrantsTable)
    .where(inArray(consentGrantsTable.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, toGrant(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function listGrantsOfBorrowers(
  db: Db,
  borrowerIds: readonly string[],
): Promise<Map<string, ConsentGrant[]>> {
  const result = new Map<string, ConsentGrant[]>(borrowerIds.map((id) => [id, []]));
  if (borrowerIds.length === 0) return result;
  const rows = await db
    .select()
    .from(consentGrantsTable)
    .where(inArray(consentGrantsTable.borrowerId, [...borrowerIds]))
    .orderBy(desc(consentGrantsTable.grantedAt), desc(consentGrantsTable.id))
    .limit(GRANT_LIMITS.grantsListedPerBorrower * borrowerIds.length);
  for (const row of rows) result.get(row.borrowerId)?.push(toGrant(row));
  return result;
}

/** The grant that covers this read right now, if any: the moment of the read decides. */
export async function findActiveGrant(
  db: Db,
  now: Date,
  q: { borrowerId: string; scope: ContactScope; purpose: AccessPurpose; granteeRole: Role },
  options: { lockForShare?: boolean } = {},
): Promise<ConsentGrant | null> {
  const query = db
    .select()
    .from(consentGrantsTable)
    .where(
      and(
        eq(consentGrantsTable.borrowerId, q.borrowerId),
        eq(consentGrantsTable.scope, q.scope),
        eq(consentGrantsTable.purpose, q.purpose),
        eq(consentGrantsTable.granteeRole, q.granteeRole),
        lte(consentGrantsTable.grantedAt, now),
        // Revoked means revoked, whatever its timestamp says about a clock.
        isNull(consentGrantsTable.revokedAt),
        or(isNull(consentGrantsTable.expiresAt), gt(consentGrantsTable.expiresAt, now)),
      ),
    )
    .orderBy(desc(consentGrantsTable.grantedAt))
    .limit(1);
  // A share lock held until the read is logged: a revocation (an UPDATE of the row) waits
  // for the read in flight, or the read sees the revocation; never a read after it commits.
  const [row] = options.lockForShare ? await query.for('share') : await query;
  return row ? toGrant(row) : null;
}

function toGrant(row: typeof consentGrantsTable.$inferSelect): ConsentGrant {
  return {
    ...row,
    scope: row.scope as ContactScope,
    purpose: row.purpose as AccessPurpose,
    granteeRole: row.granteeRole as Role,
  };
}
