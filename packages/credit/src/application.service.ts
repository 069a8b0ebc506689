import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getBorrower } from '@lending/borrowers';
import {
  idempotent,
  isValidIdempotencyKey,
  withTransaction,
  type Db,
  IDEMPOTENCY_KEY_RULE,
} from '@lending/db';
import { openCreditLine } from '@lending/ledger';
import { Money, newId, Rate, type Clock } from '@lending/kernel';
import { validateAttributes } from './decision/attributes.js';
import { ApplicationStatus, decide, type Decision } from './decision/decide.js';
import { POLICY, PRODUCTS, type RiskGrade } from './decision/policy.js';
import { applicationModel } from './models.js';
import { creditApplicationsTable } from './schema.js';

export interface CreditApplication {
  readonly id: string;
  readonly borrowerId: string;
  readonly submittedBy: string;
  readonly submittedAt: Date;
  /** Where the application stands now: the decision's outcome, or the underwriter's. */
  readonly status: ApplicationStatus;
  readonly requestedLimit: Money;
  readonly monthlyIncome: Money;
  readonly monthlyDebtPayments: Money;
  readonly attributes: Readonly<Record<string, string>>;
  readonly decision: Decision & { readonly decidedAt: Date };
  readonly offerExpiresAt: Date | null;
  readonly review: {
    readonly reviewedBy: string;
    readonly reviewedAt: Date;
    readonly reason: string;
  } | null;
  readonly creditLineId: string | null;
  readonly acceptedAt: Date | null;
}

/** A refusal the client can act on: a code, a sentence, and the input field it concerns. */
export interface CreditUserError {
  readonly code: string;
  readonly message: string;
  readonly field: readonly string[];
}

export type CreditResult<T> = { ok: true; value: T } | { ok: false; errors: CreditUserError[] };

const fail = (code: string, message: string, field: readonly string[]): CreditResult<never> => ({
  ok: false,
  errors: [{ code, message, field }],
});

export interface SubmitApplicationInput {
  readonly borrowerId: string;
  readonly requestedLimit: Money;
  readonly monthlyIncome: Money;
  readonly monthlyDebtPayments: Money;
  readonly attributes: readonly { name: string; value: string }[];
  readonly idempotencyKey: string;
}

/**
 * Validates, decides and records an application in one transaction, once per
 * idempotency key: a retry with the same key and input returns the first
 * decision, the same key with other input is refused.
 */
export async function submitCreditApplication(
  deps: { db: Db; clock: Clock },
  actor: { id: string },
  input: SubmitApplicationInput,
): Promise<CreditResult<CreditApplication>> {
  const errors: CreditUserError[] = [];
  if (!isValidIdempotencyKey(input.idempotencyKey)) {
    errors.push({
      code: 'INVALID_IDEMPOTENCY_KEY',
      message: IDEMPOTENCY_KEY_RULE,
      field: ['idempotencyKey'],
    });
  }
  const currency = input.requestedLimit.currency;
  if (!PRODUCTS[currency]) {
    errors.push({
      code: 'UNSUPPORTED_CURRENCY',
      message: `Credit lines are offered in ${Object.keys(PRODUCTS).join(', ')}.`,
      field: ['requestedLimit', 'currency'],
    });
  }
  for (const [name, amount] of [
    ['monthlyIncome', input.monthlyIncome],
    ['monthlyDebtPayments', input.monthlyDebtPayments],
  ] as const) {
    if (amount.currency !== currency) {
      errors.push({
        code: 'CURRENCY_MISMATCH',
        message: `${name} must be in the currency of the requested limit (${currency}).`,
        field: [name, 'currency'],
      });
    }
  }
  const model = applicationModel();
  const validated = validateAttributes(model, input.attributes);
  if (!validated.ok) {
    for (const e of validated.errors) {
      errors.push({ code: e.code, message: e.message, field: ['attributes', e.attribute] });
    }
  }
  if (errors.length > 0 || !validated.ok) return { ok: false, errors };
  if (!(await getBorrower(deps.db, input.borrowerId))) {
    return fail('BORROWER_NOT_FOUND', 'No such borrower.', ['borrowerId']);
  }

  const requestDigest = createHash('sha256')
    .update(
      JSON.stringify([
        input.borrowerId,
        [input.requestedLimit, input.monthlyIncome, input.monthlyDebtPayments].map((m) =>
          m.toJSON(),
        ),
        Object.entries(validated.attributes).sort(([a], [b]) => a.localeCompare(b)),
      ]),
    )
    .digest('hex');
  const now = deps.clock.now();
  const outcome = await withTransaction(deps.db, (tx) =>
    idempotent<{ applicationId: string }, never>(
      tx,
      {
        operation: 'submitCreditApplication',
        actorId: actor.id,
        key: input.idempotencyKey,
        requestDigest,
      },
      now,
      async () => {
        const decision = decide(model, {
          requestedLimit: input.requestedLimit,
          monthlyIncome: input.monthlyIncome,
          monthlyDebtPayments: input.monthlyDebtPayments,
          attributes: validated.attributes,
        });
        const id = newId();
        await tx.insert(creditApplicationsTable).values({
          id,
          borrowerId: input.borrowerId,
          submittedBy: actor.id,
          submittedAt: now,
          status: decision.outcome,
          currency,
          requestedLimitMinor: input.requestedLimit.minor,
          monthlyIncomeMinor: input.monthlyIncome.minor,
          monthlyDebtPaymentsMinor: input.monthlyDebtPayments.minor,
          attributes: validated.attributes,
          outcome: decision.outcome,
          modelVersion: decision.modelVersion,
          score: decision.score,
          probabilityOfDefault: decision.probabilityOfDefault,
          riskGrade: decision.riskGrade,
          limitMinor: decision.limit?.minor ?? null,
          annualRate: decision.annualRate?.toString() ?? null,
          gradeCapMinor: decision.gradeCap?.minor ?? null,
          affordabilityCapMinor: decision.affordabilityCap?.minor ?? null,
          reasons: [...decision.reasons],
          decidedAt: now,
          offerExpiresAt: decision.outcome === ApplicationStatus.APPROVED ? offerExpiry(now) : null,
        });
        return { store: { applicationId: id } };
      },
    ),
  );
  if (outcome.kind === 'conflict') {
    return fail(
      'IDEMPOTENCY_KEY_REUSED',
      'This idempotency key was used for a different application.',
      ['idempotencyKey'],
    );
  }
  if (outcome.kind === 'aborted') throw new Error('unreachable: submission never aborts');
  const [application] = await getCreditApplicationsByIds(deps.db, [outcome.value.applicationId]);
  return { ok: true, value: application! };
}

function offerExpiry(from: Date): Date {
  return new Date(from.getTime() + POLICY.offerValidDays * 24 * 60 * 60 * 1000);
}

export const REVIEW_REASON_MAX_LENGTH = 2000;

/**
 * An underwriter decides a referred application, with a reason on record. An
 * underwriter never reviews an application they submitted themselves.
 */
export async function reviewCreditApplication(
  deps: { db: Db; clock: Clock },
  actor: { id: string },
  input: { applicationId: string; outcome: ApplicationStatus; reason: string },
): Promise<CreditResult<CreditApplication>> {
  const reason = input.reason.trim();
  if (
    input.outcome !== ApplicationStatus.APPROVED &&
    input.outcome !== ApplicationStatus.DECLINED
  ) {
    return fail('INVALID_REVIEW_OUTCOME', 'A review approves or declines.', ['outcome']);
  }
  if (reason.length < 10 || reason.length > REVIEW_REASON_MAX_LENGTH) {
    return fail(
      'INVALID_REVIEW_REASON',
      `The reason must be 10 to ${REVIEW_REASON_MAX_LENGTH} characters.`,
      ['reason'],
    );
  }
  const now = deps.clock.now();
  const result = await withTransaction(deps.db, async (tx): Promise<CreditResult<string>> => {
    const row = await lockApplication(tx, input.applicationId);
    if (!row) return fail('APPLICATION_NOT_FOUND', 'No such application.', ['applicationId']);
    if (row.reviewedAt) {
      return row.status === input.outcome &&
        row.reviewedBy === actor.id &&
        row.reviewReason === reason
        ? { ok: true, value: row.id }
        : fail('ALREADY_REVIEWED', 'This application has already been reviewed.', [
            'applicationId',
          ]);
    }
    if (row.status !== ApplicationStatus.REFERRED) {
      return fail('NOT_REFERRED', 'Only a referred application is reviewed.', ['applicationId']);
    }
    if (row.submittedBy === actor.id) {
      return fail('SELF_REVIEW', 'An underwriter cannot review an application they submitted.', [
        'applicationId',
      ]);
    }
    await tx
      .update(creditApplicationsTable)
      .set({
        status: input.outcome,
        reviewedBy: actor.id,
        reviewedAt: now,
        reviewReason: reason,
        offerExpiresAt: input.outcome === ApplicationStatus.APPROVED ? offerExpiry(now) : null,
      })
      .where(eq(creditApplicationsTable.id, row.id));
    return { ok: true, value: row.id };
  });
  if (!result.ok) return result;
  const [application] = await getCreditApplicationsByIds(deps.db, [result.value]);
  return { ok: true, value: application! };
}

/**
 * The borrower accepts an approved offer before it expires: the ledger opens
 * the line, and the application keeps its id. Accepting again returns the
 * same line (the application row is locked, so two concurrent accepts open one line).
 */
export async function acceptCreditOffer(
  deps: { db: Db; clock: Clock },
  actor: { borrowerId: string },
  input: { applicationId: string; idempotencyKey: string },
): Promise<CreditResult<{ application: CreditApplication; creditLineId: string }>> {
  if (!isValidIdempotencyKey(input.idempotencyKey)) {
    return fail('INVALID_IDEMPOTENCY_KEY', IDEMPOTENCY_KEY_RULE, ['idempotencyKey']);
  }
  const now = deps.clock.now();
  const result = await withTransaction(deps.db, async (tx): Promise<CreditResult<string>> => {
    const row = await lockApplication(tx, input.applicationId);
    if (!row || row.borrowerId !== actor.borrowerId) {
      return fail('APPLICATION_NOT_FOUND', 'No such application.', ['applicationId']);
    }
    if (row.creditLineId) return { ok: true, value: row.creditLineId };
    if (row.status !== ApplicationStatus.APPROVED) {
      return fail(
        'NO_OFFER',
        row.status === ApplicationStatus.REFERRED
          ? 'This application is waiting for an underwriter.'
          : 'This application was declined; there is no offer to accept.',
        ['applicationId'],
      );
    }
    if (!row.offerExpiresAt || now.getTime() >= row.offerExpiresAt.getTime()) {
      return fail('OFFER_EXPIRED', 'This offer has expired; please apply again.', [
        'applicationId',
      ]);
    }
    const opened = await openCreditLine(tx, deps.clock, {
      borrowerId: row.borrowerId,
      limit: Money.of(row.limitMinor!, row.currency),
      annualRate: Rate.of(row.annualRate!),
    });
    if (!opened.ok) throw new Error(`the ledger refused an approved offer: ${opened.message}`);
    await tx
      .update(creditApplicationsTable)
      .set({ creditLineId: opened.value.id, acceptedAt: now })
      .where(
        and(eq(creditApplicationsTable.id, row.id), isNull(creditApplicationsTable.creditLineId)),
      );
    return { ok: true, value: opened.value.id };
  });
  if (!result.ok) return result;
  const [application] = await getCreditApplicationsByIds(deps.db, [input.applicationId]);
  return { ok: true, value: { application: application!, creditLineId: result.value } };
}

/** Reads an application and locks its row until the transaction ends: review and accept serialise on it. */
async function lockApplication(tx: Db, id: string) {
  const [row] = await tx
    .select()
    .from(creditApplicationsTable)
    .where(eq(creditApplicationsTable.id, id))
    .for('update');
  return row;
}

export async function getCreditApplicationsByIds(
  db: Db,
  ids: readonly string[],
): Promise<(CreditApplication | null)[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(creditApplicationsTable)
    .where(inArray(creditApplicationsTable.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, toApplication(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Each borrower's applications, newest first. */
export async function listCreditApplicationsOfBorrowers(
  db: Db,
  borrowerIds: readonly string[],
): Promise<Map<string, CreditApplication[]>> {
  const result = new Map<string, CreditApplication[]>(borrowerIds.map((id) => [id, []]));
  if (borrowerIds.length === 0) return result;
  const rows = await db
    .select()
    .from(creditApplicationsTable)
    .where(inArray(creditApplicationsTable.borrowerId, [...borrowerIds]))
    .orderBy(
      sql`${creditApplicationsTable.submittedAt} desc`,
      sql`${creditApplicationsTable.id} desc`,
    );
  for (const row of rows) result.get(row.borrowerId)?.push(toApplication(row));
  return result;
}

function toApplication(row: typeof creditApplicationsTable.$inferSelect): CreditApplication {
  const money = (minor: bigint | null) => (minor === null ? null : Money.of(minor, row.currency));
  return {
    id: row.id,
    borrowerId: row.borrowerId,
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt,
    status: row.status as ApplicationStatus,
    requestedLimit: Money.of(row.requestedLimitMinor, row.currency),
    monthlyIncome: Money.of(row.monthlyIncomeMinor, row.currency),
    monthlyDebtPayments: Money.of(row.monthlyDebtPaymentsMinor, row.currency),
    attributes: row.attributes,
    decision: {
      outcome: row.outcome as ApplicationStatus,
      modelVersion: row.modelVersion,
      score: row.score,
      probabilityOfDefault: row.probabilityOfDefault,
      riskGrade: row.riskGrade as RiskGrade | null,
      limit: money(row.limitMinor),
      annualRate: row.annualRate === null ? null : Rate.of(row.annualRate),
      gradeCap: money(row.gradeCapMinor),
      affordabilityCap: money(row.affordabilityCapMinor),
      reasons: row.reasons,
      decidedAt: row.decidedAt,
    },
    offerExpiresAt: row.offerExpiresAt,
    review:
      row.reviewedAt && row.reviewedBy && row.reviewReason
        ? { reviewedBy: row.reviewedBy, reviewedAt: row.reviewedAt, reason: row.reviewReason }
        : null,
    creditLineId: row.creditLineId,
    acceptedAt: row.acceptedAt,
  };
}
