import { and, desc, eq, inArray } from 'drizzle-orm';
import { getBusinessDate, withTransaction, type Db } from '@lending/db';
import {
  BusinessDate,
  checkFreeText,
  err,
  newId,
  ok,
  Rate,
  Role,
  type Clock,
  type Result,
} from '@lending/kernel';
import { restructureLoan, RESTRUCTURE_MAX_EXTENSION_MONTHS, trimRate } from '@lending/ledger';
import { recordCaseEvent } from './case-events.js';
import { CollectionsError } from './errors.js';
import { CaseEvent } from './events.js';
import { collectionCasesTable, hardshipPlansTable } from './schema.js';
import { CaseStatus } from './vocabulary.js';

export const PlanStatus = {
  OFFERED: 'OFFERED',
  ACTIVE: 'ACTIVE',
  BROKEN: 'BROKEN',
  COMPLETED: 'COMPLETED',
  EXPIRED: 'EXPIRED',
} as const;
export type PlanStatus = (typeof PlanStatus)[keyof typeof PlanStatus];

export interface HardshipPlan {
  readonly id: string;
  readonly caseId: string;
  readonly status: PlanStatus;
  readonly extendTermMonths: number;
  readonly waivePenalties: boolean;
  readonly reducedAnnualRate: Rate | null;
  readonly offeredBy: string;
  readonly offeredAt: Date;
  readonly expiresOn: BusinessDate;
  readonly acceptedAt: Date | null;
  readonly capitalisedMinor: bigint | null;
  readonly waivedMinor: bigint | null;
  readonly endedOn: BusinessDate | null;
}

export const PLAN_OFFER_DEFAULT_DAYS = 14;
export const PLAN_OFFER_MAX_DAYS = 60;
export const REASON_MAX_LENGTH = 500;

type Actor = { id: string; role: Role; borrowerId: string | null };

function checkReason(reason: string | null | undefined, required: boolean) {
  const text = reason?.trim() ?? '';
  if ((required && text.length === 0) || text.length > REASON_MAX_LENGTH) {
    return err(
      CollectionsError.INVALID_REASON,
      `A reason of ${required ? 1 : 0} to ${REASON_MAX_LENGTH} characters is required.`,
      ['reason'],
    );
  }
  // Case events keep the reason in the clear for staff and the borrower: no contact data in it.
  const clean = checkFreeText(text, ['reason'], 'The reason');
  if (!clean.ok) return clean;
  return ok(text || null);
}

/**
 * A collector assigned to the case, or OPS, offers a hardship plan: the
 * term extended, penalties waived, a reduced rate (interest owed is always
 * capitalised, so the new schedule starts from one principal). The
 * borrower has until `expiresOn` to accept. One plan is offered or active
 * at a time.
 */
export async function offerHardshipPlan(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: {
    caseId: string;
    extendTermMonths: number;
    waivePenalties: boolean;
    reducedAnnualRate: Rate | null;
    expiresInDays: number | null;
    reason: string | null;
  },
): Promise<Result<HardshipPlan, CollectionsError>> {
  const reason = checkReason(input.reason, false);
  if (!reason.ok) return reason;
  if (
    !Number.isInteger(input.extendTermMonths) ||
    input.extendTermMonths < 0 ||
    input.extendTermMonths > RESTRUCTURE_MAX_EXTENSION_MONTHS
  ) {
    return err(
      CollectionsError.INVALID_PLAN,
      `The term is extended by 0 to ${RESTRUCTURE_MAX_EXTENSION_MONTHS} months.`,
      ['extendTermMonths'],
    );
  }
  const days = input.expiresInDays ?? PLAN_OFFER_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > PLAN_OFFER_MAX_DAYS) {
    return err(CollectionsError.INVALID_PLAN, `An offer stands 1 to ${PLAN_OFFER_MAX_DAYS} days.`, [
      'expiresInDays',
    ]);
  }
  if (input.extendTermMonths === 0 && !input.waivePenalties && !input.reducedAnnualRate) {
    return err(
      CollectionsError.INVALID_PLAN,
      'A plan extends the term, waives penalties or reduces the rate.',
      ['extendTermMonths'],
    );
  }
  return withTransaction(deps.db, async (tx): Promise<Result<HardshipPlan, CollectionsError>> => {
    const [row] = await tx
      .select()
      .from(collectionCasesTable)
      .where(eq(collectionCasesTable.id, input.caseId))
      .for('update');
    if (!row) return err(CollectionsError.CASE_NOT_FOUND, 'No such case.', ['caseId']);
    if (actor.role === Role.COLLECTOR && row.assignedTo !== actor.id) {
      return err(CollectionsError.NOT_ASSIGNED, 'This case is not assigned to you.', ['caseId']);
    }
    if (row.status !== CaseStatus.OPEN && row.status !== CaseStatus.PROMISED) {
      return err(
        CollectionsError.CASE_NOT_OPEN,
        `A plan is offered on an open case; this one is ${row.status}.`,
        ['caseId'],
      );
    }
    const live = await tx
      .select({ id: hardshipPlansTable.id })
      .from(hardshipPlansTable)
      .where(
        and(
          eq(hardshipPlansTable.caseId, row.id),
          inArray(hardshipPlansTable.status, [PlanStatus.OFFERED, PlanStatus.ACTIVE]),
        ),
      );
    if (live.length > 0) {
      return err(CollectionsError.PLAN_PENDING, 'A plan is already offered on this case.', [
        'caseId',
      ]);
    }
    const now = deps.clock.now();
    const today = BusinessDate.parseOrThrow(await getBusinessDate(tx));
    const [plan] = await tx
      .insert(hardshipPlansTable)
      .values({
        id: newId(),
        caseId: row.id,
        borrowerId: row.borrowerId,
        loanId: row.loanId,
        status: PlanStatus.OFFERED,
        capitaliseInterest: true,
        waivePenalties: input.waivePenalties,
        extendTermMonths: input.extendTermMonths,
        reducedAnnualRate: input.reducedAnnualRate?.toString() ?? null,
        offeredBy: actor.id,
        offeredAt: now,
        expiresOn: today.addDays(days).toString(),
      })
      .returning();
    await recordCaseEvent(tx, {
      caseId: row.id,
      borrowerId: row.borrowerId,
      kind: CaseEvent.PLAN_OFFERED,
      actor,
      at: now,
      reason: reason.value,
      details: {
        extendTermMonths: input.extendTermMonths,
        waivePenalties: input.waivePenalties,
        reducedAnnualRate: input.reducedAnnualRate?.toString() ?? null,
      },
    });
    return ok(toPlan(plan!));
  });
}

/**
 * The borrower accepts an offered plan before it expires: the ledger
 * restructures the loan in the same transaction, the case is under the
 * plan (HARDSHIP) until it completes or breaks, and the acceptance is on
 * record. Accepting an active plan again answers it.
 */
export async function acceptHardshipPlan(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: { planId: string },
): Promise<Result<HardshipPlan, CollectionsError>> {
  return withTransaction(deps.db, async (tx): Promise<Result<HardshipPlan, CollectionsError>> => {
    const [plan] = await tx
      .select()
      .from(hardshipPlansTable)
      .where(eq(hardshipPlansTable.id, input.planId))
      .for('update');
    if (!plan || actor.role !== Role.BORROWER || actor.borrowerId !== plan.borrowerId) {
      return err(CollectionsError.PLAN_NOT_FOUND, 'No such plan.', ['planId']);
    }
    if (plan.status === PlanStatus.ACTIVE) return ok(toPlan(plan));
    if (plan.status !== PlanStatus.OFFERED) {
      return err(CollectionsError.PLAN_NOT_OFFERED, `This plan is ${plan.status}.`, ['planId']);
    }
    const today = BusinessDate.parseOrThrow(await getBusinessDate(tx));
    if (today.isAfter(BusinessDate.parseOrThrow(plan.expiresOn))) {
      return err(CollectionsError.PLAN_EXPIRED, 'This offer has expired.', ['planId']);
    }
    const now = deps.clock.now();
    const restructured = await restructureLoan(
      tx,
      plan.loanId,
      {
        extendTermMonths: plan.extendTermMonths,
        waivePenalties: plan.waivePenalties,
        reducedAnnualRate:
          plan.reducedAnnualRate === null ? null : Rate.of(trimRate(plan.reducedAnnualRate)),
      },
      now,
    );
    if (!restructured.ok) {
      return err(CollectionsError.INVALID_PLAN, restructured.errors[0].message, ['planId']);
    }
    const [accepted] = await tx
      .update(hardshipPlansTable)
      .set({
        status: PlanStatus.ACTIVE,
        acceptedAt: now,
        capitalisedMinor: restructured.value.capitalised.minor,
        waivedMinor: restructured.value.waived.minor,
      })
      .where(eq(hardshipPlansTable.id, plan.id))
      .returning();
    await tx
      .update(collectionCasesTable)
      .set({ status: CaseStatus.HARDSHIP, updatedAt: now })
      .where(eq(collectionCasesTable.id, plan.caseId));
    await recordCaseEvent(tx, {
      caseId: plan.caseId,
      borrowerId: plan.borrowerId,
      kind: CaseEvent.PLAN_ACCEPTED,
      actor,
      at: now,
      details: {
        capitalised: restructured.value.capitalised.format(),
        waived: restructured.value.waived.format(),
        principal: restructured.value.principal.format(),
        termMonths: restructured.value.termMonths,
        annualRate: restructured.value.annualRate.toString(),
      },
    });
    return ok(toPlan(accepted!));
  });
}

/** OPS refers a case to legal, with the reason on record; the strategy stops there. */
export async function referCaseToLegal(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  input: { caseId: string; reason: string },
): Promise<Result<{ caseId: string }, CollectionsError>> {
  const reason = checkReason(input.reason, true);
  if (!reason.ok) return reason;
  return withTransaction(
    deps.db,
    async (tx): Promise<Result<{ caseId: string }, CollectionsError>> => {
      const [row] = await tx
        .select()
        .from(collectionCasesTable)
        .where(eq(collectionCasesTable.id, input.caseId))
        .for('update');
      if (!row) return err(CollectionsError.CASE_NOT_FOUND, 'No such case.', ['caseId']);
      if (row.status === CaseStatus.LEGAL) return ok({ caseId: row.id });
      if (row.status === CaseStatus.RESOLVED || row.status === CaseStatus.HARDSHIP) {
        return err(CollectionsError.CASE_NOT_OPEN, `This case is ${row.status}.`, ['caseId']);
      }
      const now = deps.clock.now();
      await tx
        .update(collectionCasesTable)
        .set({ status: CaseStatus.LEGAL, updatedAt: now })
        .where(eq(collectionCasesTable.id, row.id));
      await recordCaseEvent(tx, {
        caseId: row.id,
        borrowerId: row.borrowerId,
        kind: CaseEvent.LEGAL_REFERRAL,
        actor,
        at: now,
        reason: reason.value,
      });
      return ok({ caseId: row.id });
    },
  );
}

function toPlan(r: typeof hardshipPlansTable.$inferSelect): HardshipPlan {
  return {
    id: r.id,
    caseId: r.caseId,
    status: r.status as PlanStatus,
    extendTermMonths: r.extendTermMonths,
    waivePenalties: r.waivePenalties,
    reducedAnnualRate: r.reducedAnnualRate === null ? null : Rate.of(trimRate(r.reducedAnnualRate)),
    offeredBy: r.offeredBy,
    offeredAt: r.offeredAt,
    expiresOn: BusinessDate.parseOrThrow(r.expiresOn),
    acceptedAt: r.acceptedAt,
    capitalisedMinor: r.capitalisedMinor === null ? null : BigInt(r.capitalisedMinor),
    waivedMinor: r.waivedMinor === null ? null : BigInt(r.waivedMinor),
    endedOn: r.endedOn ? BusinessDate.parseOrThrow(r.endedOn) : null,
  };
}

/** Each case's plans, newest first. */
export async function listPlansOfCases(
  db: Db,
  caseIds: readonly string[],
): Promise<Map<string, HardshipPlan[]>> {
  const result = new Map<string, HardshipPlan[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return result;
  const rows = await db
    .select()
    .from(hardshipPlansTable)
    .where(inArray(hardshipPlansTable.caseId, [...caseIds]))
    .orderBy(desc(hardshipPlansTable.offeredAt));
  for (const r of rows) result.get(r.caseId)?.push(toPlan(r));
  return result;
}
