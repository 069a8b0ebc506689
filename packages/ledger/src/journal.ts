import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';
import { contactDataIn, invariant, Money, newId, type BusinessDate } from '@lending/kernel';
import type { Account, EntryKind } from './accounts.js';
import { journalEntriesTable, postingsTable } from './schema.js';

export interface PostingLine {
  readonly account: Account;
  readonly debit?: Money;
  readonly credit?: Money;
  /** The loan the posting belongs to, for borrower-side accounts. */
  readonly loanId?: string | null;
}

export interface NewEntry {
  readonly borrowerId: string;
  readonly loanId: string | null;
  readonly kind: EntryKind;
  readonly businessDate: BusinessDate;
  readonly createdAt: Date;
  readonly reversesEntryId?: string | null;
  readonly memo?: string | null;
  readonly lines: readonly PostingLine[];
}

/** An entry checked and given its ids, ready to insert: what postEntry and a combined statement write. */
export interface PreparedEntry {
  readonly entry: typeof journalEntriesTable.$inferInsert & { id: string };
  readonly postings: (typeof postingsTable.$inferInsert)[];
}

/**
 * Checks one entry (every line one-sided and positive, debits equal credits
 * per currency, no contact data in the memo; the database checks the balance
 * again when the postings are inserted) and gives it and its postings ids.
 * Zero-amount lines are dropped rather than posted.
 */
export function prepareEntry(entry: NewEntry): PreparedEntry {
  const lines = entry.lines.filter((l) => !(l.debit ?? l.credit)?.isZero());
  invariant(lines.length >= 2, 'a journal entry needs at least two postings');
  const totals = new Map<string, bigint>();
  for (const line of lines) {
    const amount = line.debit ?? line.credit;
    invariant(
      amount !== undefined && (line.debit === undefined) !== (line.credit === undefined),
      'a posting is a debit or a credit',
    );
    invariant(amount.isPositive(), 'posting amounts are positive');
    const signed = line.debit ? amount.minor : -amount.minor;
    totals.set(amount.currency, (totals.get(amount.currency) ?? 0n) + signed);
  }
  for (const [currency, total] of totals)
    invariant(total === 0n, `entry does not balance in ${currency}`);
  // Memos are append-only and in the clear: a service refuses contact data in the text it is
  // given (checkFreeText) before it posts; this is the last line, and it never names the text.
  invariant(
    entry.memo == null || contactDataIn(entry.memo) === null,
    'a journal memo must not carry contact data',
  );

  const entryId = newId();
  return {
    entry: {
      id: entryId,
      borrowerId: entry.borrowerId,
      loanId: entry.loanId,
      kind: entry.kind,
      businessDate: entry.businessDate.toString(),
      createdAt: entry.createdAt,
      reversesEntryId: entry.reversesEntryId ?? null,
      memo: entry.memo ?? null,
    },
    postings: lines.map((line) => {
      const amount = (line.debit ?? line.credit)!;
      return {
        id: newId(),
        entryId,
        borrowerId: entry.borrowerId,
        loanId: line.loanId === undefined ? entry.loanId : line.loanId,
        account: line.account,
        currency: amount.currency,
        debitMinor: line.debit ? amount.minor : 0n,
        creditMinor: line.credit ? amount.minor : 0n,
      };
    }),
  };
}

/** Writes one balanced entry (see prepareEntry) and returns its id. */
export async function postEntry(tx: Db, entry: NewEntry): Promise<string> {
  const prepared = prepareEntry(entry);
  await tx.insert(journalEntriesTable).values(prepared.entry);
  await tx.insert(postingsTable).values(prepared.postings);
  return prepared.entry.id;
}

/**
 * The two INSERTs of a prepared entry as SQL, for a data-modifying CTE that
 * writes the entry together with the rows it explains. Postings of one entry
 * stay in one INSERT, as the balance trigger requires.
 */
export function preparedEntrySql({ entry, postings }: PreparedEntry): {
  entry: SQL;
  postings: SQL;
} {
  return {
    entry: sql`insert into journal_entries (id, borrower_id, loan_id, kind, business_date, created_at, reverses_entry_id, memo)
      values (${entry.id}::uuid, ${entry.borrowerId}::uuid, ${entry.loanId ?? null}::uuid, ${entry.kind},
              ${entry.businessDate}::date, ${entry.createdAt.toISOString()}::timestamptz,
              ${entry.reversesEntryId ?? null}::uuid, ${entry.memo ?? null})`,
    postings: sql`insert into postings (id, entry_id, borrower_id, loan_id, account, currency, debit_minor, credit_minor)
      select id, entry_id, borrower_id, loan_id, account, currency, debit_minor, credit_minor
      from json_to_recordset(${JSON.stringify(
        postings.map((p) => ({
          id: p.id,
          entry_id: p.entryId,
          borrower_id: p.borrowerId,
          loan_id: p.loanId ?? null,
          account: p.account,
          currency: p.currency,
          debit_minor: String(p.debitMinor),
          credit_minor: String(p.creditMinor),
        })),
      )}::json) as p(id uuid, entry_id uuid, borrower_id uuid, loan_id uuid, account text,
        currency text, debit_minor bigint, credit_minor bigint)`,
  };
}

export interface AccountTotals {
  readonly account: string;
  readonly debits: Money;
  readonly credits: Money;
}

/** Debits and credits per account in one currency, summed from postings (no balance rows). */
export async function trialBalance(db: Db, currency: string): Promise<AccountTotals[]> {
  const rows = await queryRows<{
    account: string;
    debits: string | bigint;
    credits: string | bigint;
  }>(
    db,
    sql`select account, coalesce(sum(debit_minor), 0) as debits, coalesce(sum(credit_minor), 0) as credits
        from postings where currency = ${currency} group by account order by account`,
  );
  return rows.map((r) => ({
    account: r.account,
    debits: Money.of(BigInt(r.debits), currency),
    credits: Money.of(BigInt(r.credits), currency),
  }));
}

/** Net debit balance of each account of one loan (receivables are positive when owed). */
export async function loanAccountBalances(
  db: Db,
  loanIds: readonly string[],
): Promise<Map<string, Map<string, bigint>>> {
  const result = new Map<string, Map<string, bigint>>(loanIds.map((id) => [id, new Map()]));
  if (loanIds.length === 0) return result;
  const rows = await queryRows<{ loan_id: string; account: string; net: string | bigint }>(
    db,
    sql`select loan_id, account, sum(debit_minor) - sum(credit_minor) as net
        from postings where loan_id in (${sql.join(
          loanIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        group by loan_id, account`,
  );
  for (const row of rows) result.get(row.loan_id)?.set(row.account, BigInt(row.net));
  return result;
}

export interface LoanTransactionRow {
  readonly id: string;
  readonly kind: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly businessDate: string;
  readonly createdAt: Date;
}

/** A loan's entries, oldest first, each with its amount (the sum of its debits). */
export async function listLoanTransactions(
  db: Db,
  loanId: string,
  first: number,
  after: { createdAt: Date; id: string } | null,
): Promise<{ rows: LoanTransactionRow[]; hasNextPage: boolean }> {
  const entries = await db
    .select()
    .from(journalEntriesTable)
    .where(
      and(
        eq(journalEntriesTable.loanId, loanId),
        // A row comparison, with the instant as text: postgres-js cannot bind a raw Date in sql``.
        after
          ? sql`(${journalEntriesTable.createdAt}, ${journalEntriesTable.id}) > (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(journalEntriesTable.createdAt), asc(journalEntriesTable.id))
    .limit(first + 1);
  const page = entries.slice(0, first);
  const amounts = new Map<string, { minor: bigint; currency: string }>();
  if (page.length > 0) {
    const sums = await queryRows<{ entry_id: string; currency: string; debits: string | bigint }>(
      db,
      sql`select entry_id, currency, sum(debit_minor) as debits from postings
          where entry_id in (${sql.join(
            page.map((e) => sql`${e.id}::uuid`),
            sql`, `,
          )}) group by entry_id, currency`,
    );
    for (const s of sums)
      amounts.set(s.entry_id, { minor: BigInt(s.debits), currency: s.currency });
  }
  return {
    rows: page.map((e) => ({
      id: e.id,
      kind: e.kind,
      amountMinor: amounts.get(e.id)?.minor ?? 0n,
      currency: amounts.get(e.id)?.currency ?? '',
      businessDate: e.businessDate,
      createdAt: e.createdAt,
    })),
    hasNextPage: entries.length > first,
  };
}
