import { sql, type SQL } from 'drizzle-orm';
import { DelinquencyBucket } from './vocabulary.js';

/**
 * The one table of bucket boundaries, in days past due, most severe last.
 * Close of business classifies in SQL from this same table
 * (`bucketOfSql`); the rank orders the collections queue.
 */
export const BUCKETS: readonly {
  readonly bucket: DelinquencyBucket;
  readonly minDaysPastDue: number;
  readonly maxDaysPastDue: number | null;
  readonly rank: number;
}[] = [
  { bucket: DelinquencyBucket.CURRENT, minDaysPastDue: 0, maxDaysPastDue: 0, rank: 0 },
  { bucket: DelinquencyBucket.DPD_1_30, minDaysPastDue: 1, maxDaysPastDue: 30, rank: 1 },
  { bucket: DelinquencyBucket.DPD_31_60, minDaysPastDue: 31, maxDaysPastDue: 60, rank: 2 },
  { bucket: DelinquencyBucket.DPD_61_90, minDaysPastDue: 61, maxDaysPastDue: 90, rank: 3 },
  { bucket: DelinquencyBucket.DPD_90_PLUS, minDaysPastDue: 91, maxDaysPastDue: null, rank: 4 },
];

export function bucketOf(daysPastDue: number): DelinquencyBucket {
  for (const b of BUCKETS) {
    if (
      daysPastDue >= b.minDaysPastDue &&
      (b.maxDaysPastDue === null || daysPastDue <= b.maxDaysPastDue)
    ) {
      return b.bucket;
    }
  }
  throw new RangeError('days past due cannot be negative');
}

export function bucketRank(bucket: DelinquencyBucket): number {
  return BUCKETS.find((b) => b.bucket === bucket)!.rank;
}

/** `bucketOf` over an SQL expression of days past due. */
export function bucketOfSql(daysPastDue: SQL): SQL {
  const arms = BUCKETS.map((b) =>
    b.maxDaysPastDue === null
      ? sql`when ${daysPastDue} >= ${b.minDaysPastDue}::int then ${b.bucket}::text`
      : sql`when ${daysPastDue} between ${b.minDaysPastDue}::int and ${b.maxDaysPastDue}::int then ${b.bucket}::text`,
  );
  return sql`(case ${sql.join(arms, sql` `)} end)`;
}

/** `bucketRank` over an SQL expression of a bucket name. */
export function bucketRankSql(bucket: SQL): SQL {
  const arms = BUCKETS.map((b) => sql`when ${b.bucket} then ${b.rank}::smallint`);
  return sql`(case ${bucket} ${sql.join(arms, sql` `)} end)`;
}
