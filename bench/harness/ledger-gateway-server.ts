/**
 * The real gateway for the ledger bench (started as start-gateway.ts starts
 * it), seeded with borrowers who each have one credit line and 20 loans to
 * repay: group `oneCashAccount`, every client in CNY, so every repayment
 * debits the one house CASH account of CNY; group `ownCashAccounts`, each
 * client in a currency of its own, so no two clients share a house account.
 * Announces the URL and, per client, its borrower token and loan ids.
 *
 *   LEDGER_BENCH_CLIENTS=16 (clients per group)
 */
import { sql } from 'drizzle-orm';
import { borrowerFactory } from '@lending/borrowers/testing';
import { drawdown } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { Money, Role, toGlobalId } from '@lending/kernel';
import { announce, failStart, stopWhenAsked, type Announcement } from './child.js';
import { startBenchGateway } from './start-gateway.js';

export interface LedgerBenchClient {
  readonly token: string;
  readonly currency: string;
  /** Global ids of the client's loans. */
  readonly loans: readonly string[];
}

export interface LedgerAnnouncement extends Announcement {
  readonly driver: string;
  /** The server database's name (null on PGlite), to meter its backends' CPU. */
  readonly database: string | null;
  readonly groups: {
    readonly oneCashAccount: LedgerBenchClient[];
    readonly ownCashAccounts: LedgerBenchClient[];
  };
}

const LOANS_PER_CLIENT = 20;
/** Currencies with two decimals besides CNY, one per client of `ownCashAccounts`. */
const OTHER_CURRENCIES = [
  'AUD',
  'BRL',
  'CAD',
  'CHF',
  'CZK',
  'DKK',
  'EUR',
  'GBP',
  'HKD',
  'HUF',
  'INR',
  'MXN',
  'MYR',
  'NOK',
  'NZD',
  'PHP',
  'PLN',
  'SEK',
  'SGD',
  'THB',
  'USD',
  'ZAR',
];

async function main(): Promise<void> {
  const clients = Math.min(
    Number(process.env['LEDGER_BENCH_CLIENTS'] ?? 16),
    OTHER_CURRENCIES.length,
  );
  const gateway = await startBenchGateway();
  const { db } = gateway.db;
  const clock = { now: () => new Date() };

  async function client(currency: string): Promise<LedgerBenchClient> {
    const borrower = await borrowerFactory(db);
    const id = toGlobalId('Borrower', borrower.id);
    const line = await creditLineFactory(db, borrower.id, { limit: '1000000.00', currency });
    const loans: string[] = [];
    for (let l = 0; l < LOANS_PER_CLIENT; l++) {
      const r = await drawdown(
        { db, clock },
        { id, borrowerId: borrower.id },
        {
          creditLineId: line.id,
          amount: Money.parseOrThrow('20000.00', currency),
          termMonths: 12,
          repaymentMethod: 'EQUAL_INSTALLMENT',
          idempotencyKey: `seed-${l}`,
        },
      );
      if (!r.ok) throw new Error(`seeding a loan: ${r.errors[0].code}`);
      loans.push(toGlobalId('Loan', r.value.loanId));
    }
    return { token: await gateway.token({ sub: id, role: Role.BORROWER }), currency, loans };
  }

  const oneCashAccount: LedgerBenchClient[] = [];
  const ownCashAccounts: LedgerBenchClient[] = [];
  for (let c = 0; c < clients; c++) {
    oneCashAccount.push(await client('CNY'));
    ownCashAccounts.push(await client(OTHER_CURRENCIES[c]!));
  }
  await db.execute(sql`analyze`);
  stopWhenAsked(gateway.stop);
  const announcement: LedgerAnnouncement = {
    url: gateway.url,
    driver: gateway.db.driver,
    database:
      gateway.db.driver === 'postgres' ? new URL(gateway.db.location).pathname.slice(1) : null,
    groups: { oneCashAccount, ownCashAccounts },
  };
  announce(announcement);
}

main().catch(failStart('gateway'));
