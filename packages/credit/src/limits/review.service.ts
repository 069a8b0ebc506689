import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { getBusinessDate, withTransaction, type Db } from '@lending/db';
import { BusinessDate, Money, newId, unwrap, type Clock } from '@lending/kernel';
import {
  listCreditLinesPage,
  setCreditLineLimit,
  setCreditLineStatus,
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
import { creditLineHistory } from './line-history.js';
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

const PAGE = 200;

/**
 * Re-scores every active and frozen line with the behavioural card from its
 * last six months in the ledger, and raises, lowers, freezes or unfreezes it
 * by the rules in rules.ts. Once per line per business day: the review row is
 * claimed before the line is changed, so a re-run or a concurrent run skips it.
 */
export async function runLimitReview(
  deps: { db: Db; clock: Clock },
  actor: { id: string },
  options: { onProgress?(linesDone: number): Promise<void> } = {},
): Promise<LimitReviewSummary> {
  const asOf = BusinessDate.parseOrThrow(await getBusinessDate(deps.db));
  let done = 0;
  const counts = { RAISE: 0, LOWER: 0, FREEZE: 0, UNFREEZE: 0, KEEP: 0, SKIPPED: 0 };
  for (let after: string | null = null; ;) {
    const page = await listCreditLinesPage(deps.db, {
      statuses: ['ACTIVE', 'FROZEN'],
      after,
      limit: PAGE,
    });
    for (const line of page) counts[await reviewLine(deps, actor, line, asOf)]++;
    done += page.length;
    await options.onProgress?.(done);
    if (page.length < PAGE) break;
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

async function reviewLine(
  deps: { db: Db; clock: Clock },
  actor: { id: string },
  line: CreditLine,
  asOf: BusinessDate,
): Promise<LimitAction | 'SKIPPED'> {
  const model = behaviouralModel();
  const challenger = behaviouralChallengerModel();
  return withTransaction(deps.db, async (tx) => {
    const history = await creditLineHistory(tx, line.id, asOf, 7);
    if (!history) return 'SKIPPED';
    // The card's months are statement months: a month still running is not one yet.
    const months = asOf.equals(asOf.endOfMonth()) ? history.slice(0, 6) : history.slice(1, 7);
    const features = behaviouralFeatures(line.limit, months);
    const inputs = modelInputs(model, features);
    const scored = score(model.scorecard, inputs);
    const grade = gradeOf(scored.score);
    const [last] = await tx
      .select({
        action: creditLineReviewsTable.action,
        businessDate: creditLineReviewsTable.businessDate,
      })
      .from(creditLineReviewsTable)
      .where(
        and(
          eq(creditLineReviewsTable.creditLineId, line.id),
          ne(creditLineReviewsTable.action, 'KEEP'),
        ),
      )
      .orderBy(desc(creditLineReviewsTable.businessDate))
      .limit(1);
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
            daysAgo: BusinessDate.parseOrThrow(last.businessDate).daysUntil(asOf),
          }
        : null,
    });
    const reasons = [
      ...(decision.rule ? [decision.rule] : []),
      ...attributeReasons(model.scorecard.features, scored, inputs, behaviouralWording),
    ];
    const id = newId();
    const claimed = await tx
      .insert(creditLineReviewsTable)
      .values({
        id,
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
        reviewedAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning({ id: creditLineReviewsTable.id });
    if (claimed.length === 0) return 'SKIPPED';

    if (decision.action === 'RAISE' || decision.action === 'LOWER') {
      // A drawdown may have landed since the line was read: lower only to what is drawn now.
      const set = unwrap(
        await setCreditLineLimit(tx, line.id, decision.newLimit, { atLeastDrawn: true }),
      );
      if (set.limit.minor !== decision.newLimit.minor) {
        await tx
          .update(creditLineReviewsTable)
          .set({ limitAfterMinor: set.limit.minor })
          .where(eq(creditLineReviewsTable.id, id));
      }
    } else if (decision.action === 'FREEZE' || decision.action === 'UNFREEZE') {
      await setCreditLineStatus(tx, line.id, decision.newStatus);
    }
    return decision.action;
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
