import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';
import { err, ok, type Result } from '@lending/kernel';
import { CollectionsError } from './errors.js';

export interface AttemptReviewRow {
  readonly jurisdiction: string;
  readonly channel: string;
  readonly target: string;
  /** The rule that refused them; null for the attempts allowed. */
  readonly refusedBy: string | null;
  readonly attempts: number;
}

/** A review spans at most a year. */
export const REVIEW_MAX_DAYS = 366;

/**
 * For a regulator: contact attempts over [from, to) by when they happened,
 * allowed and refused, per jurisdiction, channel, target and the rule that
 * refused them.
 */
export async function reviewContactAttempts(
  db: Db,
  period: { from: Date; to: Date; jurisdiction: string | null },
): Promise<Result<AttemptReviewRow[], CollectionsError>> {
  const span = period.to.getTime() - period.from.getTime();
  if (span <= 0 || span > REVIEW_MAX_DAYS * 86_400_000) {
    return err(
      CollectionsError.AT_OUT_OF_RANGE,
      `The period runs forward, over at most ${REVIEW_MAX_DAYS} days.`,
      ['to'],
    );
  }
  const rows = await queryRows<{
    jurisdiction: string;
    channel: string;
    target: string;
    refused_by: string | null;
    attempts: number;
  }>(
    db,
    sql`select jurisdiction, channel, target, refused_by, count(*)::int as attempts
        from contact_attempts
        where at >= ${period.from.toISOString()}::timestamptz and at < ${period.to.toISOString()}::timestamptz
          ${period.jurisdiction ? sql`and jurisdiction = ${period.jurisdiction}` : sql``}
        group by jurisdiction, channel, target, refused_by
        order by jurisdiction, refused_by nulls first, channel, target`,
  );
  return ok(
    rows.map((r) => ({
      jurisdiction: r.jurisdiction,
      channel: r.channel,
      target: r.target,
      refusedBy: r.refused_by,
      attempts: r.attempts,
    })),
  );
}
