import type { Db } from '@lending/db';
import { FixedClock, Money, Rate, unwrap, type Clock } from '@lending/kernel';
import { openCreditLine, type CreditLine } from './credit-line.service.js';

/** Factory for tests and demo data: an ACTIVE line, overridable. */
export async function creditLineFactory(
  db: Db,
  borrowerId: string,
  overrides: { limit?: string; currency?: string; annualRate?: string } = {},
  clock: Clock = new FixedClock('2026-01-15T09:00:00Z'),
): Promise<CreditLine> {
  const result = await openCreditLine(db, clock, {
    borrowerId,
    limit: Money.parseOrThrow(overrides.limit ?? '50000.00', overrides.currency ?? 'CNY'),
    annualRate: Rate.of(overrides.annualRate ?? '0.18'),
  });
  return unwrap(result);
}
