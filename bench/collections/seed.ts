/**
 * Set-based seeding for the collections bench, straight into the tables
 * (generate_series, no services): a loan book for close of business, the
 * day-to-day repayments that keep it comparable from one business day to
 * the next, and a book of open cases for the queue. Deterministic: every
 * choice comes from an md5 of the row number (or of a loan id and a date).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';

/** Instalments per loan: monthly, equal principal. */
export const TERM_MONTHS = 6;
/** Roughly the share of the book that is delinquent at the start (102 of 1024). */
const DELINQUENT_OF_1024 = 102;
/** Share of the instalments falling due that borrowers pay on the day, in %. */
const PAID_ON_TIME_PERCENT = 97;
/** Share of the delinquent loans whose borrower pays all arrears on a day (cures), in %. */
const CURED_PER_DAY_PERCENT = 1;

/**
 * Row g's id for `tag` (a constant): deterministic, and a canonical version-4
 * UUID, as global ids require.
 */
const idOf = (tag: string) =>
  sql.raw(`overlay(overlay(md5('${tag}:' || g) placing '4' from 13) placing '8' from 17)::uuid`);

/**
 * Six 10-bit draws (f0 … f5) per row number g, from the first 60 bits of
 * md5(`${tag}:${g}`).
 */
const draws = (tag: string, n: number) => sql`(
  select g, h & 1023 as f0, (h >> 10) & 1023 as f1, (h >> 20) & 1023 as f2,
    (h >> 30) & 1023 as f3, (h >> 40) & 1023 as f4, (h >> 50) & 1023 as f5
  from (select g, ('x' || substr(md5(${tag}::text || ':' || g), 1, 15))::bit(60)::bigint as h
        from generate_series(1, ${n}::int) g) r
)`;

export interface LoanBook {
  readonly loans: number;
  readonly delinquent: number;
  readonly installments: number;
  /** Loans per bucket, by the days past due the book starts with. */
  readonly byBucket: Record<string, number>;
}

/**
 * `loans` borrowers (one in five in the US, on New York time, the rest in
 * CN), each with a credit line and one loan of 1,200.00 to 49,140.00 over
 * six monthly instalments (principal/6, interest 1.5 % a month of what is
 * outstanding), as the ledger would have left them after close of business
 * on `businessDate`:
 *  - about 90 % current: disbursed 0 to 179 days ago, every instalment due
 *    before today paid;
 *  - about 10 % delinquent, having paid the first 0 to 2 instalments and
 *    nothing since, spread over the buckets like a real book: half 1–30 days
 *    past due, 20 % 31–60, 15 % 61–90, 15 % 91–178; penalty accrued on what is
 *    overdue.
 * About 2 % of borrowers opted out of SMS and 1 % of push. No journal: the
 * ledger's step posts accrual and penalty from the first day on.
 */
export async function seedLoanBook(
  db: Db,
  options: { loans: number; businessDate: string },
): Promise<LoanBook> {
  const { loans: n, businessDate } = options;
  const today = sql`${businessDate}::date`;
  await db.execute(sql`drop table if exists bench_loan_book`);
  await db.execute(sql`
    create table bench_loan_book as
    with d as (
      select g, f1, f2, f0 < ${DELINQUENT_OF_1024} as delinquent,
        case when f3 % 20 < 10 then 1 + f4 % 30
             when f3 % 20 < 14 then 31 + f4 % 30
             when f3 % 20 < 17 then 61 + f4 % 30
             else 91 + f4 % 88 end as dpd,
        f3 % 180 as age, 1 + f5 % 3 as first_missed
      from ${draws('book', n)} f
    )
    select g,
      ${idOf('loan')} as loan_id, ${idOf('borrower')} as borrower_id,
      ${idOf('line')} as line_id,
      (6000 * (20 + f2 % 800))::bigint as principal, delinquent,
      case when delinquent then ((${today} - dpd::int) - make_interval(months => first_missed::int))::date
           else ${today} - age::int end as disbursed_on,
      case when delinquent then first_missed::int else ${TERM_MONTHS + 1} end as first_missed,
      case when f1 % 5 = 0 then 'US' else 'CN' end as jurisdiction,
      f1 % 50 = 1 as sms_opted_out, f1 % 100 = 3 as push_opted_out
    from d`);
  await db.execute(sql`
    insert into borrowers (id, display_name, time_zone, created_at, jurisdiction)
    select borrower_id, 'Bench borrower ' || g,
      case jurisdiction when 'US' then 'America/New_York' else 'Asia/Shanghai' end, now(), jurisdiction
    from bench_loan_book`);
  await db.execute(sql`
    insert into credit_lines (id, borrower_id, currency, limit_minor, drawn_minor, annual_rate, cost_cap_annual, status, opened_at)
    select line_id, borrower_id, case jurisdiction when 'US' then 'USD' else 'CNY' end,
      principal + 600000, principal, 0.18, 0.24, 'ACTIVE', now()
    from bench_loan_book`);
  // Days past due: from the due date of the first instalment missed.
  await db.execute(sql`
    insert into loans (id, borrower_id, credit_line_id, currency, principal_minor, annual_rate, term_months,
                       repayment_method, disbursed_on, status, days_past_due, created_at)
    select loan_id, borrower_id, line_id, case jurisdiction when 'US' then 'USD' else 'CNY' end, principal, 0.18,
      ${TERM_MONTHS}, 'EQUAL_PRINCIPAL', disbursed_on,
      case when delinquent then 'DELINQUENT' else 'ACTIVE' end,
      case when delinquent then ${today} - (disbursed_on + make_interval(months => first_missed))::date else 0 end,
      now()
    from bench_loan_book`);
  await db.execute(sql`
    insert into installments (loan_id, borrower_id, number, due_date, principal_due_minor, interest_due_minor,
      principal_paid_minor, interest_paid_minor, penalty_due_minor, penalty_paid_minor, interest_accrued_minor, status)
    select b.loan_id, b.borrower_id, n, s.due, b.principal / ${TERM_MONTHS}, v.interest,
      case when v.paid then b.principal / ${TERM_MONTHS} else 0 end,
      case when v.paid then v.interest else 0 end,
      v.penalty, 0,
      case when s.due <= ${today} then v.interest else 0 end,
      case when v.paid then 'PAID' when s.due < ${today} then 'OVERDUE' when s.due = ${today} then 'DUE' else 'PENDING' end
    from bench_loan_book b
    cross join generate_series(1, ${TERM_MONTHS}::int) n
    cross join lateral (select (b.disbursed_on + make_interval(months => n))::date as due) s
    cross join lateral (
      select (b.principal - (n - 1) * (b.principal / ${TERM_MONTHS})) * 15 / 1000 as interest,
        case when b.delinquent then n < b.first_missed else s.due < ${today} end as paid,
        -- 6 % a year (the cost cap less the rate) on the unpaid principal, per day overdue
        case when b.delinquent and n >= b.first_missed and s.due < ${today}
             then (b.principal / ${TERM_MONTHS}) * 6 * (${today} - s.due) / 36500 else 0 end as penalty
    ) v`);
  await db.execute(sql`
    insert into contact_preferences (borrower_id, channel, opted_out, updated_at, updated_by, updated_by_role, reason)
    select borrower_id, 'SMS', true, now(), 'bench', 'BORROWER', null from bench_loan_book where sms_opted_out
    union all
    select borrower_id, 'PUSH', true, now(), 'bench', 'BORROWER', null from bench_loan_book where push_opted_out`);
  const [counts] = await queryRows<{ loans: number; delinquent: number; installments: number }>(
    db,
    sql`select (select count(*)::int from loans) as loans,
      (select count(*)::int from loans where status = 'DELINQUENT') as delinquent,
      (select count(*)::int from installments) as installments`,
  );
  const buckets = await queryRows<{ bucket: string; n: number }>(
    db,
    sql`select case when days_past_due = 0 then 'CURRENT' when days_past_due <= 30 then 'DPD_1_30'
        when days_past_due <= 60 then 'DPD_31_60' when days_past_due <= 90 then 'DPD_61_90'
        else 'DPD_90_PLUS' end as bucket, count(*)::int as n
      from loans group by 1 order by 1`,
  );
  await db.execute(sql`drop table bench_loan_book`);
  return {
    loans: counts!.loans,
    delinquent: counts!.delinquent,
    installments: counts!.installments,
    byBucket: Object.fromEntries(buckets.map((b) => [b.bucket, b.n])),
  };
}

/**
 * What borrowers do during business day `businessDate`, before it closes:
 * 97 % of the instalments falling due that day on loans that are not behind
 * are paid in full; 1 % of the delinquent loans pay everything overdue and
 * due (their cases resolve at the close); a loan with nothing left to pay is
 * paid off. Written straight into the instalments (no repayment rows, no
 * journal): it only keeps the book's shape from one day to the next, about
 * 3 % of the day's instalments becoming new delinquencies, about 1 % of the
 * delinquent loans curing.
 */
export async function payDay(
  db: Db,
  businessDate: string,
): Promise<{ installmentsPaid: number; cured: number; paidOff: number }> {
  const today = sql`${businessDate}::date`;
  const [paid] = await queryRows<{ installments: number; cured: number }>(
    db,
    sql`
    with due as (
      select i.loan_id, i.number, false as cure from installments i join loans l on l.id = i.loan_id
      where i.due_date = ${today} and i.status <> 'PAID' and l.status = 'ACTIVE'
        and abs(hashtext(i.loan_id::text || ':pay:' || ${businessDate}::text)) % 100 < ${PAID_ON_TIME_PERCENT}
      union all
      select i.loan_id, i.number, true from installments i join loans l on l.id = i.loan_id
      where l.status = 'DELINQUENT' and i.status in ('OVERDUE', 'DUE')
        and abs(hashtext(l.id::text || ':cure:' || ${businessDate}::text)) % 100 < ${CURED_PER_DAY_PERCENT}
    ), paid as (
      update installments i
      set principal_paid_minor = i.principal_due_minor, interest_paid_minor = i.interest_due_minor,
          fees_paid_minor = i.fees_due_minor, penalty_paid_minor = i.penalty_due_minor, status = 'PAID'
      from due where i.loan_id = due.loan_id and i.number = due.number
      returning i.loan_id, due.cure
    )
    select count(*)::int as installments, count(distinct loan_id) filter (where cure)::int as cured from paid`,
  );
  const paidOff = await queryRows<{ id: string }>(
    db,
    sql`update loans l set status = 'PAID_OFF', days_past_due = 0
      where l.status in ('ACTIVE', 'DELINQUENT')
        and not exists (select 1 from installments i where i.loan_id = l.id and i.status <> 'PAID')
      returning l.id`,
  );
  return { installmentsPaid: paid!.installments, cured: paid!.cured, paidOff: paidOff.length };
}

/**
 * Pending promises to pay on about 5 % of the open cases, due 1 to 10 days
 * after `businessDate`, none of them kept (there are no repayment rows):
 * each business day about a tenth break at the close. Their cases are
 * PROMISED.
 */
export async function seedPromises(db: Db, businessDate: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    with chosen as (
      select c.id, c.borrower_id, c.loan_id, c.currency, c.amount_overdue_minor,
        1 + abs(hashtext(c.id::text || ':due')) % 10 as in_days
      from collection_cases c
      where c.status = 'OPEN' and c.amount_overdue_minor > 0 and abs(hashtext(c.id::text || ':promise')) % 100 < 5
    ), promised as (
      update collection_cases c set status = 'PROMISED' from chosen where c.id = chosen.id returning c.id
    )
    insert into promises_to_pay (id, case_id, borrower_id, loan_id, currency, amount_minor, due_date, status, recorded_at, recorded_by)
    select gen_random_uuid(), id, borrower_id, loan_id, currency, greatest(1, amount_overdue_minor / 2),
      ${businessDate}::date + in_days, 'PENDING', now(), 'collector-1'
    from chosen
    returning id`,
  );
  return rows.length;
}

/** The queue's collectors: a case is unassigned or assigned to one of these (a token's sub). */
export const COLLECTORS = [
  'collector-1',
  'collector-2',
  'collector-3',
  'collector-4',
  'collector-5',
];

/**
 * `openCases` open collection cases (and as many resolved ones, the history
 * a real table has), each with its borrower, credit line and delinquent
 * loan: buckets as in a real book (half 1–30 days past due, 20 % 31–60, 15 %
 * 61–90, 15 % over 90), amounts overdue from 10.00 to about 30,000.00, 60 %
 * unassigned and the rest spread over COLLECTORS, 30 % never contacted and
 * the others last contacted 0 to 20 days ago, one in ten with a broken
 * promise or two.
 */
export async function seedQueue(
  db: Db,
  options: { openCases: number; businessDate: string },
): Promise<{ open: number; resolved: number }> {
  const total = options.openCases * 2;
  const today = sql`${options.businessDate}::date`;
  await db.execute(sql`drop table if exists bench_queue_book`);
  await db.execute(sql`
    create table bench_queue_book as
    select g, g <= ${options.openCases} as open,
      ${idOf('qcase')} as case_id, ${idOf('qloan')} as loan_id,
      ${idOf('qborrower')} as borrower_id, ${idOf('qline')} as line_id,
      case when f3 % 20 < 10 then 1 + f4 % 30
           when f3 % 20 < 14 then 31 + f4 % 30
           when f3 % 20 < 17 then 61 + f4 % 30
           else 91 + f4 % 88 end as dpd,
      (1000 + f2 * f2 * 3 + f5)::bigint as overdue,
      case when f1 % 10 < 6 then null else 'collector-' || (1 + f2 % 5) end as assigned_to,
      case when f0 % 10 < 3 then null
           else (${today} + time '18:00') at time zone 'UTC' - make_interval(mins => ((f0 * 29 + f5) % 28800)::int)
           end as last_contact_at,
      case when f5 % 10 = 0 then 1 + (f5 / 10) % 2 else 0 end as broken_promises,
      case when f1 % 5 = 0 then 'US' else 'CN' end as jurisdiction
    from ${draws('queue', total)} f`);
  await db.execute(sql`
    insert into borrowers (id, display_name, time_zone, created_at, jurisdiction)
    select borrower_id, 'Queue borrower ' || g,
      case jurisdiction when 'US' then 'America/New_York' else 'Asia/Shanghai' end, now(), jurisdiction
    from bench_queue_book`);
  await db.execute(sql`
    insert into credit_lines (id, borrower_id, currency, limit_minor, drawn_minor, annual_rate, cost_cap_annual, status, opened_at)
    select line_id, borrower_id, 'CNY', 5000000, 3000000, 0.18, 0.24, 'ACTIVE', now() from bench_queue_book`);
  await db.execute(sql`
    insert into loans (id, borrower_id, credit_line_id, currency, principal_minor, annual_rate, term_months,
                       repayment_method, disbursed_on, status, days_past_due, created_at)
    select loan_id, borrower_id, line_id, 'CNY', 3000000, 0.18, ${TERM_MONTHS}, 'EQUAL_PRINCIPAL',
      ${today} - dpd::int - 30, case when open then 'DELINQUENT' else 'ACTIVE' end,
      case when open then dpd else 0 end, now()
    from bench_queue_book`);
  await db.execute(sql`
    insert into collection_cases (id, borrower_id, loan_id, currency, status, bucket, bucket_rank, days_past_due,
      amount_overdue_minor, assigned_to, broken_promises, last_contact_at, opened_on, opened_at,
      resolved_on, resolution, updated_at)
    select case_id, borrower_id, loan_id, 'CNY', case when open then 'OPEN' else 'RESOLVED' end,
      case when not open then 'DPD_1_30' when dpd <= 30 then 'DPD_1_30' when dpd <= 60 then 'DPD_31_60'
           when dpd <= 90 then 'DPD_61_90' else 'DPD_90_PLUS' end,
      case when not open or dpd <= 30 then 1 when dpd <= 60 then 2 when dpd <= 90 then 3 else 4 end,
      case when open then dpd else 0 end, case when open then overdue else 0 end,
      assigned_to, broken_promises, last_contact_at,
      ${today} - dpd::int,
      (${today} - dpd::int + time '16:00') at time zone 'UTC',
      case when open then null else ${today} end, case when open then null else 'CURED' end, now()
    from bench_queue_book`);
  await db.execute(sql`drop table bench_queue_book`);
  await db.execute(sql`analyze`);
  const [row] = await queryRows<{ open: number; resolved: number }>(
    db,
    sql`select count(*) filter (where status <> 'RESOLVED')::int as open,
      count(*) filter (where status = 'RESOLVED')::int as resolved from collection_cases`,
  );
  return row!;
}

/**
 * What-if for the queue (run.ts --queue-index), in the bench's database
 * only: collection_cases_queue_idx is declared DESC NULLS LAST, while
 * listQueue orders by plain DESC, which is NULLS FIRST, so PostgreSQL cannot
 * read the queue in index order and sorts every open case on each request.
 * This is the same index in the direction the query asks for; with it the
 * plan becomes an index scan with an incremental sort that stops after the
 * page. (The fix proper belongs in packages/collections: `desc nulls last`
 * in listQueue's ORDER BY, or the index declared NULLS FIRST.)
 */
export const QUEUE_INDEX_NULLS_FIRST = sql`create index bench_queue_nulls_first_idx on collection_cases
  (bucket_rank desc, amount_overdue_minor desc, broken_promises desc, id desc) where status <> 'RESOLVED'`;
