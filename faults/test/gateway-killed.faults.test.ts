import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, queryRows, type DbHandle } from '@lending/db';
import { toGlobalId } from '@lending/kernel';
import { freshDatabase, report, SERVER_URL, token, type FreshDatabase } from '../src/database.js';
import { drawLoans } from '../src/loans.js';
import { startGateway, type PlatformProcess } from '../src/processes.js';
import { payUntilAnswered, type RepaymentClients } from '../src/repayment-clients.js';

const LOANS = 16;

describe.skipIf(!SERVER_URL)('kill -9 of a gateway in the middle of concurrent repayments', () => {
  let database: FreshDatabase;
  let db: DbHandle;
  const gateways: PlatformProcess[] = [];
  const loans: string[] = [];

  beforeAll(async () => {
    database = await freshDatabase();
    gateways.push(await startGateway('gateway A', database.url));
    db = await createDb({ databaseUrl: database.url, maxConnections: 4 });
    loans.push(...(await drawLoans(db.db, LOANS, 'fault')));
  });
  afterAll(async () => {
    for (const g of gateways) await g.stop();
    await db?.close();
    await database?.drop();
  });

  it('posts every acknowledged repayment exactly once, no key twice, and the books balance', async () => {
    const opsToken = await token('OPS', 'ops-faults', database.url);
    let url = gateways[0]!.url!;
    const clients: RepaymentClients = payUntilAnswered({
      url: () => url,
      token: opsToken,
      loanIds: loans.map((id) => toGlobalId('Loan', id)),
    });
    await clients.untilAcknowledged(3 * LOANS);
    const beforeKill = clients.acknowledged.length;
    await gateways[0]!.kill9();
    gateways.push(await startGateway('gateway B', database.url));
    url = gateways[1]!.url!;
    await clients.untilAcknowledged(beforeKill + 3 * LOANS);
    await clients.stop();

    expect(clients.unexpected).toEqual([]);
    // The kill happened under load: some requests got no answer and were sent again.
    expect(clients.retried).toBeGreaterThan(0);
    const acknowledgedPerLoan = new Map<string, number>();
    for (const a of clients.acknowledged)
      acknowledgedPerLoan.set(a.loanId, (acknowledgedPerLoan.get(a.loanId) ?? 0) + 1);

    const posted = await queryRows<{ loanId: string; n: number; total: string }>(
      db.db,
      sql`select loan_id as "loanId", count(*)::int as n, sum(amount_minor)::text as total
          from repayments group by loan_id`,
    );
    for (const row of posted) {
      const acked = acknowledgedPerLoan.get(toGlobalId('Loan', row.loanId)) ?? 0;
      expect({ loan: row.loanId, posted: row.n }).toEqual({ loan: row.loanId, posted: acked });
      expect(row.total).toBe(String(acked * 100)); // 1.00 CNY each, in fen
    }
    expect(posted.reduce((s, r) => s + r.n, 0)).toBe(clients.acknowledged.length);
    const [keys] = await queryRows<{ n: number; open: number }>(
      db.db,
      sql`select count(*)::int as n, count(*) filter (where result is null)::int as open
          from idempotency_keys where operation = 'makeRepayment'`,
    );
    expect(keys).toEqual({ n: clients.acknowledged.length, open: 0 });
    const books = await queryRows<{ currency: string; debits: string; credits: string }>(
      db.db,
      sql`select currency, sum(debit_minor)::text as debits, sum(credit_minor)::text as credits
          from postings group by currency`,
    );
    for (const b of books) expect(b.debits).toBe(b.credits);

    report(
      'kill -9 of gateway A during 16 concurrent clients making repayments; gateway B started',
      [
        `${clients.acknowledged.length} repayments acknowledged (${beforeKill} before the kill), ${clients.retried} requests retried after no answer`,
        'each loan has exactly as many repayments posted as were acknowledged, each 1.00',
        'every idempotency key is recorded once with its result; none left open',
        `trial balance balances (${books.map((b) => `${b.currency} ${b.debits} = ${b.credits}`).join(', ')})`,
      ],
    );
  });
});
