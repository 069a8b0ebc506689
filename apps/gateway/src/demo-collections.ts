import { sql } from 'drizzle-orm';
import { ensureBorrower } from '@lending/borrowers';
import { runCloseOfBusiness, type BusinessCalendar } from '@lending/close-of-business';
import {
  acceptHardshipPlan,
  assignCollectionCase,
  listCasesOfBorrowers,
  logContactAttempt,
  offerHardshipPlan,
  recordPromiseToPay,
  type CollectionCase,
} from '@lending/collections';
import {
  grantConsent,
  insertContactPoints,
  type ContactDataDeps,
  type NeedToKnowRule,
} from '@lending/consent';
import { getBusinessDate, queryRows, setBusinessDate } from '@lending/db';
import { BusinessDate, instantAt, Money, Rate, Role, toGlobalId, unwrap } from '@lending/kernel';
import { drawdown, openCreditLine } from '@lending/ledger';

/**
 * Borrowers behind on their loans, so the collections queue has something
 * to show: one per bucket, in both jurisdictions, with a pending promise, a
 * broken one, an active hardship plan, contact attempts (one refused), and
 * a case of another collector's that collector-1 does not see.
 */
export const DEMO_DEBTORS = [
  {
    id: '01937a5e-0000-7000-8000-000000000011',
    displayName: 'Zhao Lei',
    timeZone: 'Asia/Shanghai',
    jurisdiction: 'CN',
    daysAgo: 45,
    phone: '+8613600136011',
    assignedTo: 'collector-1',
  },
  {
    id: '01937a5e-0000-7000-8000-000000000012',
    displayName: 'Sun Hua',
    timeZone: 'Asia/Shanghai',
    jurisdiction: 'CN',
    daysAgo: 80,
    phone: '+8613600136012',
    assignedTo: 'collector-1',
  },
  {
    id: '01937a5e-0000-7000-8000-000000000013',
    displayName: 'James Miller',
    timeZone: 'America/New_York',
    jurisdiction: 'US',
    daysAgo: 100,
    phone: '+12125550113',
    assignedTo: 'collector-1',
  },
  {
    id: '01937a5e-0000-7000-8000-000000000014',
    displayName: 'Olivia Brown',
    timeZone: 'America/Chicago',
    jurisdiction: 'US',
    daysAgo: 125,
    phone: '+13125550114',
    assignedTo: null,
  },
  {
    id: '01937a5e-0000-7000-8000-000000000015',
    displayName: 'Chen Yu',
    timeZone: 'Asia/Shanghai',
    jurisdiction: 'CN',
    daysAgo: 40,
    phone: '+8613600136015',
    assignedTo: 'collector-2',
  },
] as const;

const HISTORY_DAYS = 130;
const TERMS = {
  documentVersion: 'privacy-2026-01',
  documentSha256: '9f2c6a6b1d0e4b6f8a3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c',
  channel: 'mobile-app',
};
const OPS = { id: 'ops-1', role: Role.OPS, borrowerId: null };

/**
 * Plays the last HISTORY_DAYS business days on a fresh demo database: loans
 * drawn on their days, close of business every day, and what collectors and
 * borrowers did on theirs. Does nothing once any day has been closed (the
 * business date cannot go back), so a restart keeps what is there.
 */
export async function seedDemoCollections(
  deps: ContactDataDeps,
  needToKnow: readonly NeedToKnowRule[],
  calendar: BusinessCalendar,
): Promise<void> {
  const [closed] = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from close_of_business_days`,
  );
  if ((closed?.n ?? 0) > 0) return;
  const today = BusinessDate.parseOrThrow(await getBusinessDate(deps.db));
  const start = today.addDays(-HISTORY_DAYS);
  await setBusinessDate(deps.db, start.toString(), deps.clock.now());

  for (const d of DEMO_DEBTORS) {
    unwrap(
      await ensureBorrower(deps.db, {
        id: d.id,
        displayName: d.displayName,
        timeZone: d.timeZone,
        jurisdiction: d.jurisdiction,
        createdAt: deps.clock.now(),
      }),
    );
    await insertContactPoints(deps, d.id, [{ kind: 'PHONE', value: d.phone }]);
    // Each granted their contact points to collections when they borrowed.
    unwrap(
      await grantConsent(
        deps.db,
        deps.clock,
        { id: toGlobalId('Borrower', d.id), role: Role.BORROWER, borrowerId: d.id },
        {
          borrowerId: d.id,
          scope: 'SELF_CONTACT',
          purpose: 'COLLECTIONS',
          grantee: Role.COLLECTOR,
          expiresAt: null,
          evidence: TERMS,
        },
      ),
    );
  }

  const caseOf = async (borrowerId: string): Promise<CollectionCase> => {
    const c = (await listCasesOfBorrowers(deps.db, [borrowerId])).get(borrowerId)?.[0];
    if (!c) throw new Error(`demo: no case for ${borrowerId}`);
    return c;
  };
  const byName = (name: string) => DEMO_DEBTORS.find((d) => d.displayName === name)!;
  const at = (day: BusinessDate, hour: number, timeZone: string) =>
    instantAt(day, hour * 3600, timeZone);

  for (let day = start.addDays(1); day.isOnOrBefore(today); day = day.addDays(1)) {
    unwrap(await runCloseOfBusiness(deps.db, deps.clock, day, { calendar }));
    const daysAgo = BusinessDate.daysBetween(day, today);
    for (const d of DEMO_DEBTORS) {
      if (d.daysAgo !== daysAgo) continue;
      const currency = d.jurisdiction === 'CN' ? 'CNY' : 'USD';
      const line = unwrap(
        await openCreditLine(deps.db, deps.clock, {
          borrowerId: d.id,
          limit: Money.parseOrThrow('8000', currency),
          annualRate: Rate.of('0.18'),
        }),
      );
      unwrap(
        await drawdown(
          deps,
          { id: toGlobalId('Borrower', d.id), borrowerId: d.id },
          {
            creditLineId: line.id,
            amount: Money.parseOrThrow('6000', currency),
            termMonths: 6,
            repaymentMethod: 'EQUAL_INSTALLMENT',
            idempotencyKey: `demo-debt-${d.id}`,
          },
        ),
      );
    }
    // What people did on their days.
    if (daysAgo === 20) {
      const olivia = byName('Olivia Brown');
      const c = await caseOf(olivia.id);
      unwrap(
        await recordPromiseToPay(deps, OPS, {
          caseId: c.id,
          amount: Money.parseOrThrow('500.00', 'USD'),
          dueDate: day.addDays(3),
        }),
      );
    }
    if (daysAgo === 6) {
      const james = byName('James Miller');
      const c = await caseOf(james.id);
      unwrap(await assignCollectionCase(deps, OPS, { caseId: c.id, collectorId: 'collector-1' }));
      const collector = { id: 'collector-1', role: Role.COLLECTOR, borrowerId: null };
      const attempt = (hour: number, outcome: string) =>
        logContactAttempt(
          { ...deps, guard: { ...deps, needToKnow } },
          collector,
          {
            caseId: c.id,
            channel: 'CALL',
            target: 'BORROWER',
            referenceContactId: null,
            outcome,
            at: at(day, hour, james.timeZone),
          },
          { requestId: 'demo', operationName: null },
        );
      unwrap(await attempt(10, 'NO_ANSWER'));
      // 21:30 in New York: refused by Regulation F's hours, and recorded as refused.
      unwrap(await attempt(21.5, 'NO_ANSWER'));
    }
    if (daysAgo === 5) {
      const sun = byName('Sun Hua');
      const c = await caseOf(sun.id);
      unwrap(await assignCollectionCase(deps, OPS, { caseId: c.id, collectorId: 'collector-1' }));
      const plan = unwrap(
        await offerHardshipPlan(deps, OPS, {
          caseId: c.id,
          extendTermMonths: 6,
          waivePenalties: true,
          reducedAnnualRate: Rate.of('0.12'),
          expiresInDays: 14,
          reason: 'demo: reduced hours at work',
        }),
      );
      unwrap(
        await acceptHardshipPlan(
          deps,
          { id: toGlobalId('Borrower', sun.id), role: Role.BORROWER, borrowerId: sun.id },
          { planId: plan.id },
        ),
      );
    }
  }
  for (const name of ['Zhao Lei', 'Chen Yu']) {
    const d = byName(name);
    const c = await caseOf(d.id);
    if (d.assignedTo)
      unwrap(await assignCollectionCase(deps, OPS, { caseId: c.id, collectorId: d.assignedTo }));
  }
  const zhao = await caseOf(byName('Zhao Lei').id);
  unwrap(
    await recordPromiseToPay(deps, OPS, {
      caseId: zhao.id,
      amount: Money.parseOrThrow('1000.00', 'CNY'),
      dueDate: today.addDays(5),
    }),
  );
}
