import { and, desc, eq, ne } from 'drizzle-orm';
import type { Db } from '@lending/db';
import { BusinessDate } from '@lending/kernel';
import { listCreditLinesPage } from '@lending/ledger';
import {
  behaviouralFeatures,
  behaviouralModel,
  creditLineHistory,
  decideLimit,
  formatProbability,
  gradeOf,
  modelInputs,
  score,
  type LimitAction,
} from '../src/index.js';
import { creditLineReviewsTable } from '../src/schema.js';

/**
 * What the line-by-line review (before it was set-based) decided for each
 * line: its reads, one line at a time, as they were (a history read, a
 * last-change query), and the same rules. The set-based review must record
 * exactly this and change the lines exactly so.
 */
export async function referenceDecisions(db: Db, asOf: BusinessDate) {
  const model = behaviouralModel();
  const out = new Map<
    string,
    {
      action: LimitAction;
      limitAfterMinor: bigint;
      statusAfter: string;
      score: number;
      probabilityOfDefault: string;
    }
  >();
  const lines = await listCreditLinesPage(db, {
    statuses: ['ACTIVE', 'FROZEN'],
    after: null,
    limit: 1000,
  });
  for (const line of lines) {
    const history = await creditLineHistory(db, line.id, asOf, 7);
    if (!history) continue;
    const months = asOf.equals(asOf.endOfMonth()) ? history.slice(0, 6) : history.slice(1, 7);
    const features = behaviouralFeatures(line.limit, months);
    const scored = score(model.scorecard, modelInputs(model, features));
    const [last] = await db
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
      grade: gradeOf(scored.score),
      daysPastDueNow: history[0]!.daysPastDue,
      months,
      lastChange: last
        ? {
            action: last.action as LimitAction,
            daysAgo: BusinessDate.parseOrThrow(last.businessDate).daysUntil(asOf),
          }
        : null,
    });
    out.set(line.id, {
      action: decision.action,
      limitAfterMinor: decision.newLimit.minor,
      statusAfter: decision.newStatus,
      score: scored.score,
      probabilityOfDefault: formatProbability(scored.probabilityOfDefault),
    });
  }
  return out;
}

/** What the review recorded and what the lines hold now, in the reference's shape. */
export async function recordedDecisions(db: Db, asOf: BusinessDate) {
  const rows = await db
    .select()
    .from(creditLineReviewsTable)
    .where(eq(creditLineReviewsTable.businessDate, asOf.toString()));
  return new Map(
    rows.map((r) => [
      r.creditLineId,
      {
        action: r.action as LimitAction,
        limitAfterMinor: r.limitAfterMinor,
        statusAfter: r.statusAfter,
        score: r.score,
        probabilityOfDefault: r.probabilityOfDefault,
      },
    ]),
  );
}
