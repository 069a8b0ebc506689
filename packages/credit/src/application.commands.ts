import { and, eq, isNull } from 'drizzle-orm';
import { getBorrower } from '@lending/borrowers';
import { idempotencyKeyProblem, runIdempotent, withTransaction, type Db } from '@lending/db';
import { openCreditLine } from '@lending/ledger';
import {
  checkFreeText,
  err,
  errs,
  Money,
  newId,
  ok,
  problem,
  Rate,
  type Clock,
  type Problem,
  type Result,
} from '@lending/kernel';
import { getCreditApplicationsByIds, type CreditApplication } from './application.queries.js';
import { validateAttributes } from './decision/attributes.js';
import { ApplicationStatus, decide } from './decision/decide.js';
import { POLICY, PRODUCTS } from './decision/policy.js';
import { CreditError } from './errors.js';
import { applicationChallengerModel, applicationModel } from './models.js';
import { creditApplicationsTable } from './schema.js';

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
 * decision, the same key with other input is a CONFLICT. Every problem with
 * the input is reported at once.
 */
export async function submitCreditApplication(
  deps: { db: Db; clock: Clock },
  actor: { id: string },
  input: SubmitApplicationInput,
): Promise<Result<CreditApplication, CreditError>> {
  const problems: Problem<CreditError>[] = [];
  const keyProblem = idempotencyKeyProblem(input.idempotencyKey);
  if (keyProblem) problems.push(keyProblem);
  const currency = input.requestedLimit.currency;
  if (!PRODUCTS[currency]) {
    problems.push(
      problem(
        CreditError.UNSUPPORTED_CURRENCY,
        `Credit lines are offered in ${Object.keys(PRODUCTS).join(', ')}.`,
        ['requestedLimit', 'currency'],
      ),
    );
  }
  for (const [name, amount] of [
    ['monthlyIncome', input.monthlyIncome],
    ['monthlyDebtPayments', input.monthlyDebtPayments],
  ] as const) {
    if (amount.currency !== currency) {
      problems.push(
        problem(
          CreditError.CURRENCY_MISMATCH,
          `${name} must be in the currency of the requested limit (${currency}).`,
          [name, 'currency'],
        ),
      );
    }
  }
  const model = applicationModel();
  const validated = validateAttributes(model, input.attributes);
  if (!validated.ok) problems.push(...validated.errors);
  if (problems.length > 0 || !validated.ok) return errs(problems);
  if (!(await getBorrower(deps.db, input.borrowerId))) {
    return err(CreditError.BORROWER_NOT_FOUND, 'No such borrower.', ['borrowerId']);
  }

  const now = deps.clock.now();
  const outcome = await runIdempotent(
    deps.db,
    {
      operation: 'submitCreditApplication',
      actorId: actor.id,
      key: input.idempotencyKey,
      request: {
        borrowerId: input.borrowerId,
        requestedLimit: input.requestedLimit,
        monthlyIncome: input.monthlyIncome,
        monthlyDebtPayments: input.monthlyDebtPayments,
        attributes: validated.value,
      },
      now,
    },
    async (tx): Promise<Result<{ applicationId: string }, CreditError>> => {
      const decision = decide(
        model,
        {
          requestedLimit: input.requestedLimit,
          monthlyIncome: input.monthlyIncome,
          monthlyDebtPayments: input.monthlyDebtPayments,
          attributes: validated.value,
        },
        applicationChallengerModel(),
      );
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
        attributes: validated.value,
        outcome: decision.outcome,
        modelVersion: decision.modelVersion,
        score: decision.score,
        probabilityOfDefault: decision.probabilityOfDefault,
        challengerModelVersion: decision.challengerModelVersion,
        challengerProbabilityOfDefault: decision.challengerProbabilityOfDefault,
        riskGrade: decision.riskGrade,
        limitMinor: decision.limit?.minor ?? null,
        annualRate: decision.annualRate?.toString() ?? null,
        gradeCapMinor: decision.gradeCap?.minor ?? null,
        affordabilityCapMinor: decision.affordabilityCap?.minor ?? null,
        reasons: [...decision.reasons],
        decidedAt: now,
        offerExpiresAt: decision.outcome === ApplicationStatus.APPROVED ? offerExpiry(now) : null,
      });
      return ok({ applicationId: id });
    },
  );
  if (!outcome.ok) return outcome;
  return ok(await readApplication(deps.db, outcome.value.applicationId));
}

function offerExpiry(from: Date): Date {
  return new Date(from.getTime() + POLICY.offerValidDays * 24 * 60 * 60 * 1000);
}

export const REVIEW_REASON_MAX_LENGTH = 2000;

/**
 * An underwriter decides a referred application, with a reason on record. An
 * underwriter never reviews an application they submitted themselves.
 * Reviewing again with the same outcome and reason answers the first review.
 */
export async function reviewCreditApplication(
  deps: { db: Db; clock: Clock },
  actor: { id: string },
  input: { applicationId: string; outcome: ApplicationStatus; reason: string },
): Promise<Result<CreditApplication, CreditError>> {
  const reason = input.reason.trim();
  if (
    input.outcome !== ApplicationStatus.APPROVED &&
    input.outcome !== ApplicationStatus.DECLINED
  ) {
    return err(CreditError.INVALID_REVIEW_OUTCOME, 'A review approves or declines.', ['outcome']);
  }
  if (reason.length < 10 || reason.length > REVIEW_REASON_MAX_LENGTH) {
    return err(
      CreditError.INVALID_REVIEW_REASON,
      `The reason must be 10 to ${REVIEW_REASON_MAX_LENGTH} characters.`,
      ['reason'],
    );
  }
  // The reason is shown to staff and kept in the clear: no contact data in it.
  const clean = checkFreeText(reason, ['reason'], 'The reason');
  if (!clean.ok) return clean;
  const now = deps.clock.now();
  const result = await withTransaction(
    deps.db,
    async (tx): Promise<Result<string, CreditError>> => {
      const row = await lockApplication(tx, input.applicationId);
      if (!row)
        return err(CreditError.APPLICATION_NOT_FOUND, 'No such application.', ['applicationId']);
      if (row.reviewedAt) {
        return row.status === input.outcome &&
          row.reviewedBy === actor.id &&
          row.reviewReason === reason
          ? ok(row.id)
          : err(CreditError.ALREADY_REVIEWED, 'This application has already been reviewed.', [
              'applicationId',
            ]);
      }
      if (row.status !== ApplicationStatus.REFERRED) {
        return err(CreditError.NOT_REFERRED, 'Only a referred application is reviewed.', [
          'applicationId',
        ]);
      }
      if (row.submittedBy === actor.id) {
        return err(
          CreditError.SELF_REVIEW,
          'An underwriter cannot review an application they submitted.',
          ['applicationId'],
        );
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
      return ok(row.id);
    },
  );
  if (!result.ok) return result;
  return ok(await readApplication(deps.db, result.value));
}

/**
 * The borrower accepts an approved offer before it expires: the ledger opens
 * the line, and the application keeps its id. Idempotent on the key like
 * every command; accepting again under another key returns the same line
 * (the application row is locked, so two concurrent accepts open one line).
 */
export async function acceptCreditOffer(
  deps: { db: Db; clock: Clock },
  actor: { id: string; borrowerId: string },
  input: { applicationId: string; idempotencyKey: string },
): Promise<Result<{ application: CreditApplication; creditLineId: string }, CreditError>> {
  const now = deps.clock.now();
  const outcome = await runIdempotent(
    deps.db,
    {
      operation: 'acceptCreditOffer',
      actorId: actor.id,
      key: input.idempotencyKey,
      request: { applicationId: input.applicationId },
      now,
    },
    async (tx): Promise<Result<{ creditLineId: string }, CreditError>> => {
      const row = await lockApplication(tx, input.applicationId);
      if (!row || row.borrowerId !== actor.borrowerId) {
        return err(CreditError.APPLICATION_NOT_FOUND, 'No such application.', ['applicationId']);
      }
      if (row.creditLineId) return ok({ creditLineId: row.creditLineId });
      if (row.status !== ApplicationStatus.APPROVED) {
        return err(
          CreditError.NO_OFFER,
          row.status === ApplicationStatus.REFERRED
            ? 'This application is waiting for an underwriter.'
            : 'This application was declined; there is no offer to accept.',
          ['applicationId'],
        );
      }
      if (!row.offerExpiresAt || now.getTime() >= row.offerExpiresAt.getTime()) {
        return err(CreditError.OFFER_EXPIRED, 'This offer has expired; please apply again.', [
          'applicationId',
        ]);
      }
      const opened = await openCreditLine(tx, deps.clock, {
        borrowerId: row.borrowerId,
        limit: Money.of(row.limitMinor!, row.currency),
        annualRate: Rate.of(row.annualRate!),
      });
      if (!opened.ok) {
        throw new Error(`the ledger refused an approved offer: ${opened.errors[0].message}`);
      }
      await tx
        .update(creditApplicationsTable)
        .set({ creditLineId: opened.value.id, acceptedAt: now })
        .where(
          and(eq(creditApplicationsTable.id, row.id), isNull(creditApplicationsTable.creditLineId)),
        );
      return ok({ creditLineId: opened.value.id });
    },
  );
  if (!outcome.ok) return outcome;
  return ok({
    application: await readApplication(deps.db, input.applicationId),
    creditLineId: outcome.value.creditLineId,
  });
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

async function readApplication(db: Db, id: string): Promise<CreditApplication> {
  const [application] = await getCreditApplicationsByIds(db, [id]);
  if (!application) throw new Error('an application written in this request vanished');
  return application;
}
