import { and, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { getBorrower, type Jurisdiction } from '@lending/borrowers';
import {
  AccessPurpose,
  ContactScope,
  guardedRead,
  loadSealedReferenceContacts,
  type ContactGuardDeps,
} from '@lending/consent';
import { getBusinessDate, withTransaction, type Db } from '@lending/db';
import {
  BusinessDate,
  err,
  newId,
  ok,
  problem,
  Role,
  startOfLocalDay,
  type Clock,
  type Problem,
  type Result,
} from '@lending/kernel';
import { getLoanArrears } from '@lending/ledger';
import { ComplianceRule, checkAttempt, type PastAttempt } from './compliance.js';
import { CollectionsError } from './errors.js';
import { JURISDICTION_RULES } from './jurisdiction-rules.js';
import { nothingOverdue } from './overdue.js';
import { optedOutChannels } from './preferences.service.js';
import { collectionCasesTable, contactAttemptsTable } from './schema.js';
import {
  AttemptOutcome,
  CaseStatus,
  ContactTarget,
  LOGGABLE_OUTCOMES,
  type ContactChannel,
} from './vocabulary.js';

export interface ContactAttempt {
  readonly id: string;
  readonly caseId: string;
  readonly borrowerId: string;
  readonly at: Date;
  readonly channel: ContactChannel;
  readonly target: ContactTarget;
  readonly referenceContactId: string | null;
  readonly outcome: AttemptOutcome;
  readonly refusedBy: ComplianceRule | null;
  readonly jurisdiction: Jurisdiction;
  readonly actorId: string;
  readonly actorRole: string;
  readonly recordedAt: Date;
}

export interface LogContactAttemptInput {
  readonly caseId: string;
  readonly channel: ContactChannel;
  readonly target: ContactTarget;
  readonly referenceContactId: string | null;
  readonly outcome: string;
  /** When it happened; now when not given. */
  readonly at: Date | null;
}

export interface LoggedAttempt {
  readonly attempt: ContactAttempt;
  /** The rule that refused it; the attempt is recorded as REFUSED all the same. */
  readonly refusal: Problem<ComplianceRule> | null;
}

/**
 * How far back the rules look: US counts 7 days, a third party needs 14
 * unreachable days. Wider is harmless; narrower would let a limit slip.
 */
const HISTORY_DAYS = 31;

/**
 * Checks an attempt and records it: allowed with its outcome, or refused
 * with outcome REFUSED and the rule that refused it (for compliance review).
 * First whether the case may be worked at all (the collector's, open,
 * something overdue now), then the borrower's jurisdiction. Refused attempts
 * do not count toward later limits. One borrower's attempts are checked one
 * at a time (a transaction-scoped lock), so two collectors cannot both pass
 * a limit.
 * A reference contact is reached only through consent's guard, which checks
 * the COLLECTIONS grant and the collector's assignment at that moment and
 * records the read in the borrower's access log.
 */
export async function logContactAttempt(
  deps: { db: Db; clock: Clock; guard: Omit<ContactGuardDeps, 'db'> },
  actor: { id: string; role: Role; borrowerId: string | null },
  input: LogContactAttemptInput,
  request: { requestId: string; operationName: string | null },
): Promise<Result<LoggedAttempt, CollectionsError>> {
  if (!(LOGGABLE_OUTCOMES as readonly string[]).includes(input.outcome)) {
    return err(
      CollectionsError.INVALID_OUTCOME,
      `Outcome must be one of ${LOGGABLE_OUTCOMES.join(', ')}.`,
      ['outcome'],
    );
  }
  const toThirdParty = input.target === ContactTarget.REFERENCE_CONTACT;
  if (toThirdParty !== (input.referenceContactId !== null)) {
    return err(
      CollectionsError.INVALID_TARGET,
      toThirdParty
        ? 'A reference contact attempt names the reference contact.'
        : 'An attempt to the borrower names no reference contact.',
      ['referenceContactId'],
    );
  }
  const now = deps.clock.now();
  const at = input.at ?? now;
  return withTransaction(deps.db, async (tx): Promise<Result<LoggedAttempt, CollectionsError>> => {
    const [row] = await tx
      .select()
      .from(collectionCasesTable)
      .where(eq(collectionCasesTable.id, input.caseId));
    if (!row) return err(CollectionsError.CASE_NOT_FOUND, 'No such case.', ['caseId']);
    const borrower = await getBorrower(tx, row.borrowerId);
    if (!borrower) throw new Error('case without its borrower');
    const today = BusinessDate.parseOrThrow(await getBusinessDate(tx));
    const earliest = Math.min(
      row.openedAt.getTime(),
      startOfLocalDay(BusinessDate.parseOrThrow(row.openedOn), borrower.timeZone).getTime(),
    );
    const latest = startOfLocalDay(today.addDays(1), borrower.timeZone).getTime();
    if (at.getTime() < earliest || at.getTime() >= latest) {
      return err(
        CollectionsError.AT_OUT_OF_RANGE,
        `An attempt happened between the case's opening and the end of the business day ${today.toString()} in the borrower's time zone.`,
        ['at'],
      );
    }
    // One borrower's attempts are judged one at a time.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`contact-attempts:${row.borrowerId}`}, 0))`,
    );
    const attempt = {
      at,
      channel: input.channel,
      target: input.target,
      referenceContactId: input.referenceContactId,
    };
    let refusal = await caseRefusal(tx, actor, row);
    if (refusal === null) {
      refusal = checkAttempt(attempt, {
        rules: JURISDICTION_RULES[borrower.jurisdiction],
        timeZone: borrower.timeZone,
        optedOut: await optedOutChannels(tx, row.borrowerId),
        history: await attemptHistory(tx, row.borrowerId, at, input.referenceContactId),
        caseOpenedAt: new Date(earliest),
      });
    }
    if (refusal === null && toThirdParty) {
      const confirmed = await confirmReferenceContact(
        { ...deps.guard, db: tx, clock: deps.clock },
        actor,
        row.borrowerId,
        input.referenceContactId!,
        request,
      );
      if (confirmed === 'NO_GRANT') {
        refusal = problem(
          ComplianceRule.NO_GRANT,
          'There is no active grant of the reference contacts for collections, or the case is not assigned to you.',
          ['referenceContactId'],
        );
      } else if (confirmed === 'NOT_FOUND') {
        return err(
          CollectionsError.REFERENCE_CONTACT_NOT_FOUND,
          'The borrower has no such reference contact.',
          ['referenceContactId'],
        );
      }
    }
    const [stored] = await tx
      .insert(contactAttemptsTable)
      .values({
        id: newId(),
        caseId: row.id,
        borrowerId: row.borrowerId,
        at,
        channel: input.channel,
        target: input.target,
        referenceContactId: input.referenceContactId,
        outcome: refusal ? AttemptOutcome.REFUSED : input.outcome,
        refusedBy: refusal?.code ?? null,
        jurisdiction: borrower.jurisdiction,
        actorId: actor.id,
        actorRole: actor.role,
        recordedAt: now,
      })
      .returning();
    if (!refusal) {
      await tx
        .update(collectionCasesTable)
        .set({
          lastContactAt: sql`greatest(${collectionCasesTable.lastContactAt}, ${at.toISOString()}::timestamptz)`,
          updatedAt: now,
        })
        .where(eq(collectionCasesTable.id, row.id));
    }
    return ok({ attempt: toAttempt(stored!), refusal });
  });
}

/**
 * Whether anyone may contact the borrower about this case at all, before the
 * jurisdiction's rules: the case is the collector's (NOT_ASSIGNED first, so a
 * collector learns nothing more of a case that is not theirs), it is open
 * (CASE_RESOLVED), and its loan has something overdue at this moment, as the
 * ledger has it now (NOTHING_OVERDUE: a repayment may have cured it since
 * the case was last followed).
 */
async function caseRefusal(
  tx: Db,
  actor: { id: string; role: Role },
  kase: typeof collectionCasesTable.$inferSelect,
): Promise<Problem<ComplianceRule> | null> {
  if (actor.role === Role.COLLECTOR && kase.assignedTo !== actor.id) {
    return problem(ComplianceRule.NOT_ASSIGNED, 'This case is not assigned to you.', ['caseId']);
  }
  if (kase.status === CaseStatus.RESOLVED) {
    return problem(ComplianceRule.CASE_RESOLVED, 'This case is resolved.', ['caseId']);
  }
  const arrears = (await getLoanArrears(tx, [kase.loanId])).get(kase.loanId);
  if (nothingOverdue(arrears)) {
    return problem(
      ComplianceRule.NOTHING_OVERDUE,
      'Nothing is overdue on this loan now: the borrower is not contacted about it.',
      ['caseId'],
    );
  }
  return null;
}

/** The borrower's attempts that were not refused, around `at`, and every earlier one to this reference contact. */
async function attemptHistory(
  tx: Db,
  borrowerId: string,
  at: Date,
  referenceContactId: string | null,
): Promise<PastAttempt[]> {
  const a = contactAttemptsTable;
  const span = HISTORY_DAYS * 86_400_000;
  const rows = await tx
    .select()
    .from(a)
    .where(
      and(
        eq(a.borrowerId, borrowerId),
        isNull(a.refusedBy),
        or(
          and(gte(a.at, new Date(at.getTime() - span)), lte(a.at, new Date(at.getTime() + span))),
          referenceContactId ? eq(a.referenceContactId, referenceContactId) : undefined,
        ),
      ),
    );
  return rows.map((r) => ({
    at: r.at,
    channel: r.channel as ContactChannel,
    target: r.target as ContactTarget,
    referenceContactId: r.referenceContactId,
    outcome: r.outcome as AttemptOutcome,
  }));
}

/**
 * Reads the reference contact through consent's guard: the grant (and the
 * collector's need-to-know) is decided now, the read lands in the
 * borrower's access log, and the contact must exist. The value itself is
 * not kept: the attempt has happened; its record holds only the id.
 */
async function confirmReferenceContact(
  guard: ContactGuardDeps,
  actor: { id: string; role: Role; borrowerId: string | null },
  borrowerId: string,
  referenceContactId: string,
  request: { requestId: string; operationName: string | null },
): Promise<'CONFIRMED' | 'NO_GRANT' | 'NOT_FOUND'> {
  const read = await guardedRead(
    guard,
    {
      actor,
      borrowerId,
      scope: ContactScope.REFERENCE_CONTACTS,
      purpose: AccessPurpose.COLLECTIONS,
      fields: ['id'],
      path: 'logContactAttempt.referenceContact',
      operationName: request.operationName,
      requestId: request.requestId,
    },
    async () => (await loadSealedReferenceContacts(guard.db, [borrowerId])).get(borrowerId) ?? [],
  );
  if (!read.ok) return 'NO_GRANT';
  return read.value.some((c) => c.id === referenceContactId) ? 'CONFIRMED' : 'NOT_FOUND';
}

export function toAttempt(r: typeof contactAttemptsTable.$inferSelect): ContactAttempt {
  return {
    id: r.id,
    caseId: r.caseId,
    borrowerId: r.borrowerId,
    at: r.at,
    channel: r.channel as ContactChannel,
    target: r.target as ContactTarget,
    referenceContactId: r.referenceContactId,
    outcome: r.outcome as AttemptOutcome,
    refusedBy: r.refusedBy as ComplianceRule | null,
    jurisdiction: r.jurisdiction as Jurisdiction,
    actorId: r.actorId,
    actorRole: r.actorRole,
    recordedAt: r.recordedAt,
  };
}

/** Each case's attempts, oldest first. */
export async function listAttemptsOfCases(
  db: Db,
  caseIds: readonly string[],
): Promise<Map<string, ContactAttempt[]>> {
  const result = new Map<string, ContactAttempt[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return result;
  const rows = await db
    .select()
    .from(contactAttemptsTable)
    .where(inArray(contactAttemptsTable.caseId, [...caseIds]))
    .orderBy(contactAttemptsTable.at, contactAttemptsTable.id);
  for (const r of rows) result.get(r.caseId)?.push(toAttempt(r));
  return result;
}
