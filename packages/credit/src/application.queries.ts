import { inArray, sql } from 'drizzle-orm';
import type { Db } from '@lending/db';
import { Money, Rate } from '@lending/kernel';
import type { ApplicationStatus, Decision } from './decision/decide.js';
import type { RiskGrade } from './decision/policy.js';
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
      challengerModelVersion: row.challengerModelVersion,
      challengerProbabilityOfDefault: row.challengerProbabilityOfDefault,
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
