import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { getBusinessDate, queryRows, withTransaction, type Db } from '@lending/db';
import { BusinessDate, Money, newId, type Clock } from '@lending/kernel';
import {
  LINE_ACTIVITY_BATCH_MAX,
  listCreditLinesPage,
  setCreditLineLimits,
  setCreditLineStatuses,
  type CreditLine,
} from '@lending/ledger';
import { gradeOf } from '../decision/policy.js';
import { attributeReasons } from '../decision/reasons.js';
import {
  behaviouralChallengerModel,
  behaviouralModel,
  challengerProbability,
  modelInputs,
} from '../models.js';
import { formatProbability, score } from '../scorecard/scorecard.js';
import { creditLineReviewsTable } from '../schema.js';
import { behaviouralFeatures, behaviouralWording } from './features.js';
import { creditLineHistories } from './line-history.js';
import { decideLimit, type LimitAction } from './rules.js';

export interface LimitReviewSummary {
  readonly businessDate: string;
  readonly reviewed: number;
  readonly raised: number;
  readonly lowered: number;
  readonly frozen: number;
  readonly unfrozen: number;
  readonly kept: number;
  /** Lines already reviewed on this business date (a re-run changes nothing). */
  readonly alreadyReviewed: number;
}

/** Lines per batch: one transaction, about a dozen statements, whatever the batch holds. */
export const LIMIT_REVIEW_BATCH = 200;

/**
 * Re-scores every active and frozen line with the behavioural card from its
 * last six months in the ledger, and raises, lowers, freezes or unfreezes it
 * by the rules in rules.ts. Set-based, a batch of lines per transaction: the
 * batch's histories, last changes and review rows are each one statement, and
 * so are its limit and status changes. Once per line per business day: the
 * review rows are claimed (insert, on conflict do nothing) before any line is
 * changed, and only claimed lines change, so a re-run, a concurrent instance
 * on the same PostgreSQL, or a run resumed after a kill -9 (whose open batch
 * rolled back) skips what is done and does the rest.
 */
export async function runLimitReview(
  deps: { db: Db; clock: Clock },
  actor: { id: string },
  options: { onProgress?(linesDone: number): Promise<void>; batchSize?: number } = {},
): Promise<LimitReviewSummary> {
  const batchSize = options.batchSize ?? LIMIT_REVIEW_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > LINE_ACTIVITY_BATCH_MAX) {
    throw new RangeError(`batchSize must be a whole number from 1 to ${LINE_ACTIVITY_BATCH_MAX}`);
  }
  const asOf = BusinessDate.parseOrThrow(await getBusinessDate(deps.db));
  let done = 0;
  const counts = { RAISE: 0, LOWER: 0, FREEZE: 0, UNFREEZE: 0, KEEP: 0, SKIPPED: 0 };
  for (let after: string | null = null; ;) {
    const page = await listCreditLinesPage(deps.db, {
      statuses: ['ACTIVE', 'FROZEN'],
      after,
      limit: batchSize,
    });
    for (const action of await reviewBatch(deps, actor, page, asOf)) counts[action]++;
    done += page.length;
    await options.onProgress?.(done);
    if (page.length < batchSize) break;
    after = page.at(-1)!.id;
  }
  return {
    businessDate: asOf.toString(),
    reviewed: counts.RAISE + counts.LOWER + counts.FREEZE + counts.UNFREEZE + counts.KEEP,
    raised: counts.RAISE,
    lowered: counts.LOWER,
    frozen: counts.FREEZE,
    unfrozen: counts.UNFREEZE,
    kept: counts.KEEP,
    alreadyReviewed: counts.SKIPPED,
  };
}

async function reviewBatch(
  deps: { db: Db; clock: Clock },
  actor: { id: string },
  page: readonly CreditLine[],
  asOf: BusinessDate,
): Promise<(LimitAction | 'SKIPPED')[]> {
  if (page.length === 0) return [];
  const model = behaviouralModel();
  const challenger = behaviouralChallengerModel();
  return withTransaction(deps.db, async (tx) => {
    const ids = page.map((l) => l.id);
    // Lines another run already reviewed today are not scored again.
    const reviewed = new Set(
      (
        await tx
          .select({ id: creditLineReviewsTable.creditLineId })
          .from(creditLineReviewsTable)
          .where(
            and(
              eq(creditLineReviewsTable.businessDate, asOf.toString()),
              inArray(creditLineReviewsTable.creditLineId, ids),
            ),
          )
      ).map((r) => r.id),
    );
    const todo = page.filter((l) => !reviewed.has(l.id));
    if (todo.length === 0) return page.map(() => 'SKIPPED' as const);
    const todoIds = todo.map((l) => l.id);
    const histories = await creditLineHistories(tx, todoIds, asOf, 7);
    const lastChanges = new Map(
      (
        await queryRows<{ credit_line_id: string; action: string; business_date: string }>(
          tx,
          sql`select distinct on (credit_line_id) credit_line_id, action, business_date::text
                from credit_line_reviews
               where credit_line_id in (${sql.join(
                 todoIds.map((id) => sql`${id}::uuid`),
                 sql`, `,
               )}) and action <> 'KEEP'
               order by credit_line_id, business_date desc`,
        )
      ).map((r) => [r.credit_line_id, r]),
    );

    const now = deps.clock.now();
    const planned = todo.flatMap((line) => {
      const history = histories.get(line.id);
      if (!history) return [];
      // The card's months are statement months: a month still running is not one yet.
      const months = asOf.equals(asOf.endOfMonth()) ? history.slice(0, 6) : history.slice(1, 7);
      const features = behaviouralFeatures(line.limit, months);
      const inputs = modelInputs(model, features);
      const scored = score(model.scorecard, inputs);
      const grade = gradeOf(scored.score);
      const last = lastChanges.get(line.id);
      const decision = decideLimit({
        limit: line.limit,
        drawn: line.drawn,
        status: line.status,
        grade,
        daysPastDueNow: history[0]!.daysPastDue,
        months,
        lastChange: last
          ? {
              action: last.action as LimitAction,
              daysAgo: BusinessDate.parseOrThrow(last.business_date).daysUntil(asOf),
            }
          : null,
      });
      const reasons = [
        ...(decision.rule ? [decision.rule] : []),
        ...attributeReasons(model.scorecard.features, scored, inputs, behaviouralWording),
      ];
      return [
        {
          line,
          decision,
          row: {
            id: newId(),
            creditLineId: line.id,
            borrowerId: line.borrowerId,
            businessDate: asOf.toString(),
            action: decision.action,
            currency: line.limit.currency,
            limitBeforeMinor: line.limit.minor,
            limitAfterMinor: decision.newLimit.minor,
            statusBefore: line.status,
            statusAfter: decision.newStatus,
            modelVersion: model.version,
            score: scored.score,
            probabilityOfDefault: formatProbability(scored.probabilityOfDefault),
            challengerModelVersion: challenger.version,
            challengerProbabilityOfDefault: challengerProbability(challenger, features),
            riskGrade: grade,
            features,
            reasons,
            reviewedBy: actor.id,
            reviewedAt: now,
          },
        },
      ];
    });
    if (planned.length === 0) return page.map(() => 'SKIPPED' as const);

    // Claimed in line id order, so concurrent runs wait on each other in one order.
    planned.sort((a, b) => (a.line.id < b.line.id ? -1 : 1));
    const claimed = new Set(
      (
        await tx
          .insert(creditLineReviewsTable)
          .values(planned.map((p) => p.row))
          .onConflictDoNothing()
          .returning({ creditLineId: creditLineReviewsTable.creditLineId })
      ).map((r) => r.creditLineId),
    );
    const mine = planned.filter((p) => claimed.has(p.line.id));

    const limitChanges = mine.filter(
      (p) => p.decision.action === 'RAISE' || p.decision.action === 'LOWER',
    );
    // A drawdown may have landed since the line was read: lower only to what is drawn now.
    const set = await setCreditLineLimits(
      tx,
      limitChanges.map((p) => ({ creditLineId: p.line.id, limit: p.decision.newLimit })),
    );
    const corrected = limitChanges.flatMap((p) => {
      const actual = set.get(p.line.id);
      if (!actual) throw new Error(`credit line ${p.line.id} vanished during its review`);
      return actual.minor === p.decision.newLimit.minor ? [] : [{ id: p.row.id, actual }];
    });
    if (corrected.length > 0) {
      await tx.execute(
        sql`update credit_line_reviews r set limit_after_minor = v.limit_minor
              from (values ${sql.join(
                corrected.map((c) => sql`(${c.id}::uuid, ${c.actual.minor.toString()}::bigint)`),
                sql`, `,
              )}) as v(id, limit_minor)
             where r.id = v.id`,
      );
    }
    await setCreditLineStatuses(
      tx,
      mine
        .filter((p) => p.decision.action === 'FREEZE' || p.decision.action === 'UNFREEZE')
        .map((p) => ({ creditLineId: p.line.id, status: p.decision.newStatus })),
    );
    const actionOf = new Map(mine.map((p) => [p.line.id, p.decision.action]));
    return page.map((l) => actionOf.get(l.id) ?? ('SKIPPED' as const));
  });
}

export interface CreditLineReview {
  readonly id: string;
  readonly creditLineId: string;
  readonly businessDate: string;
  readonly action: LimitAction;
  readonly limitBefore: Money;
  readonly limitAfter: Money;
  readonly statusBefore: string;
  readonly statusAfter: string;
  readonly modelVersion: string;
  readonly score: number;
  readonly probabilityOfDefault: string;
  readonly challengerModelVersion: string | null;
  readonly challengerProbabilityOfDefault: string | null;
  readonly riskGrade: string;
  readonly reasons: readonly { code: string; description: string }[];
  readonly reviewedAt: Date;
}

/** Each line's limit changes (reviews that kept the line as it was are left out), newest first. */
export async function listLimitChangesOfLines(
  db: Db,
  creditLineIds: readonly string[],
): Promise<Map<string, CreditLineReview[]>> {
  const result = new Map<string, CreditLineReview[]>(creditLineIds.map((id) => [id, []]));
  if (creditLineIds.length === 0) return result;
  const rows = await db
    .select()
    .from(creditLineReviewsTable)
    .where(
      and(
        inArray(creditLineReviewsTable.creditLineId, [...creditLineIds]),
        ne(creditLineReviewsTable.action, 'KEEP'),
      ),
    )
    .orderBy(desc(creditLineReviewsTable.businessDate));
  for (const r of rows) {
    result.get(r.creditLineId)?.push({
      id: r.id,
      creditLineId: r.creditLineId,
      businessDate: r.businessDate,
      action: r.action as LimitAction,
      limitBefore: Money.of(r.limitBeforeMinor, r.currency),
      limitAfter: Money.of(r.limitAfterMinor, r.currency),
      statusBefore: r.statusBefore,
      statusAfter: r.statusAfter,
      modelVersion: r.modelVersion,
      score: r.score,
      probabilityOfDefault: r.probabilityOfDefault,
      challengerModelVersion: r.challengerModelVersion,
      challengerProbabilityOfDefault: r.challengerProbabilityOfDefault,
      riskGrade: r.riskGrade,
      reasons: r.reasons,
      reviewedAt: r.reviewedAt,
    });
  }
  return result;
}
