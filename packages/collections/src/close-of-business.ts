import { sql, type SQL } from 'drizzle-orm';
import { borrowerProfilesSql } from '@lending/borrowers';
import type { Db } from '@lending/db';
import type { BusinessDate } from '@lending/kernel';
import {
  installmentsFallingDueSql,
  LoanStatus,
  loanArrearsSql,
  standingRepaymentsSql,
} from '@lending/ledger';
import { bucketOfSql, bucketRankSql } from './buckets.js';
import { CaseEvent, REPAYMENT_ACTOR, SYSTEM_ACTOR } from './events.js';
import { JURISDICTION_RULES } from './jurisdiction-rules.js';
import { MessageStatus } from './messages/outbox.service.js';
import { formatMinorSql, renderSql, Template, TEMPLATES } from './messages/templates.js';
import { AUTOMATED_STEPS, REMINDER_DAYS_BEFORE_DUE } from './strategy.js';
import {
  CaseResolution,
  CaseStatus,
  ContactChannel,
  ContactTarget,
  PromiseStatus,
} from './vocabulary.js';

const OPEN = sql.raw(`'${CaseStatus.RESOLVED}'`);
/** Automated messages of a day go out from this local time. */
const MESSAGE_LOCAL_TIME = '10:00';

/**
 * What collections' statements run for: the business date and the instant
 * they act at, who acts, and which loans they look at — every loan at close
 * of business, or the loans a repayment has just moved (followRepayment).
 */
interface Run {
  readonly day: string;
  readonly at: string;
  readonly actor: string;
  /** Null: the whole book. */
  readonly loanIds: readonly string[] | null;
}

/**
 * Collections' step of close of business for day `day`, after the ledger's
 * (it reads the days past due and statuses the ledger just wrote), inside
 * the same transaction. Set-based: promises kept or broken, hardship plans
 * broken, completed or expired, cases opened for newly delinquent loans,
 * moved between buckets (with history), resolved when the loan is current,
 * paid off or recovered (before following, so a resolved case keeps the
 * bucket it was last in), and the day's messages planned into the outbox.
 * The run claims each day once, so nothing here runs twice for a day; each
 * statement is also written to change nothing if it did.
 */
export async function closeCollectionsDay(
  tx: Db,
  day: BusinessDate,
  now: Date,
  options: {
    /** Plan payment reminders for these loans only (the others' were planned in their batches). */
    remindersFor?: readonly string[];
  } = {},
): Promise<void> {
  const run: Run = {
    day: day.toString(),
    at: now.toISOString(),
    actor: SYSTEM_ACTOR,
    loanIds: null,
  };
  await settlePromises(tx, run);
  await endPlans(tx, run);
  await expireOffers(tx, run);
  // Resolve first: a case whose loan is current again keeps the bucket it was last in.
  await resolveCases(tx, run);
  await openCases(tx, run);
  await followCases(tx, run);
  await planCaseMessages(tx, run);
  await planReminders(tx, day, run.at, options.remindersFor ?? null);
}

/**
 * The open cases of `loanIds` follow their loans now, during business date
 * `day`, with close of business's own statements for those loans only:
 * promises kept, a plan completed by a payoff, the case resolved (its
 * planned messages withdrawn) or moved to what is overdue now. What only
 * the passing of a day decides (a promise or an offer running out, a case
 * opened) is left to close of business: money coming in never causes it.
 */
export async function followCasesOfLoans(
  tx: Db,
  loanIds: readonly string[],
  day: BusinessDate,
  now: Date,
): Promise<void> {
  if (loanIds.length === 0) return;
  const run: Run = { day: day.toString(), at: now.toISOString(), actor: REPAYMENT_ACTOR, loanIds };
  await settlePromises(tx, run);
  await endPlans(tx, run);
  await resolveCases(tx, run);
  await followCases(tx, run);
}

/**
 * The payment reminders of day `day` for a batch of loans close of business
 * has just closed: the part of collections' day that grows with the loans,
 * planned in each batch's transaction rather than all at the end.
 */
export async function planPaymentReminders(
  tx: Db,
  day: BusinessDate,
  now: Date,
  loanIds: readonly string[],
): Promise<void> {
  await planReminders(tx, day, now.toISOString(), loanIds);
}

function event(kind: CaseEvent, run: Run, details: SQL = sql`null`) {
  return sql`time_ordered_uuid(), ${kind}::text, ${run.actor}::text, null::text, ${run.at}::timestamptz, ${run.day}::date, null::text, (${details})::jsonb`;
}

const uuidList = (ids: readonly string[]) =>
  sql`(${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;

/** `and <column> in (the run's loans)`, or nothing for the whole book. */
const ofRunLoans = (column: SQL, run: Run) =>
  run.loanIds === null ? sql`` : sql`and ${column} in ${uuidList(run.loanIds)}`;

/**
 * `and <column> in (the open cases of the run's loans)`, or nothing: promises
 * and plans are found by their case's index, not scanned for a loan.
 */
const ofRunCases = (column: SQL, run: Run) =>
  run.loanIds === null
    ? sql``
    : sql`and ${column} in (select id from collection_cases
        where status <> ${OPEN} and loan_id in ${uuidList(run.loanIds)})`;

/**
 * The ledger's arrears of every DELINQUENT or CHARGED_OFF loan and of those in
 * `alsoLoanIds`; for a repayment's run, of its loans only.
 */
function arrearsOf(run: Run, alsoLoanIds: SQL): SQL {
  if (run.loanIds === null) return loanArrearsSql(alsoLoanIds);
  const ids = uuidList(run.loanIds);
  return sql`(select * from ${loanArrearsSql(ids)} a where a.loan_id in ${ids})`;
}

/**
 * A pending promise is KEPT once the repayments received since it was made,
 * up to its due date, reach its amount; BROKEN at the close of its due date
 * otherwise. A broken promise counts against the case's priority, and the
 * case returns to the strategy of its bucket. A repayment's run only keeps
 * promises: breaking one is the close of its due date's.
 */
async function settlePromises(tx: Db, run: Run): Promise<void> {
  const { day } = run;
  const pastDue = run.loanIds === null ? sql`or p.due_date < ${day}::date` : sql``;
  await tx.execute(sql`
    with paid as (
      select p.id, coalesce(sum(r.amount_minor), 0) as total
      from promises_to_pay p
      left join ${standingRepaymentsSql()} r
        on r.loan_id = p.loan_id and r.created_at >= p.recorded_at and r.business_date <= p.due_date
      where p.status = ${PromiseStatus.PENDING} ${ofRunCases(sql`p.case_id`, run)}
      group by p.id
    ), settled as (
      update promises_to_pay p
      set status = case when paid.total >= p.amount_minor then ${PromiseStatus.KEPT} else ${PromiseStatus.BROKEN} end,
          resolved_on = ${day}::date
      from paid
      where p.id = paid.id and (paid.total >= p.amount_minor ${pastDue})
      returning p.id, p.case_id, p.borrower_id, p.status
    ), cases as (
      update collection_cases c
      set broken_promises = c.broken_promises + (select count(*) from settled s where s.case_id = c.id and s.status = ${PromiseStatus.BROKEN}),
          status = case when c.status = ${CaseStatus.PROMISED} then ${CaseStatus.OPEN} else c.status end,
          updated_at = ${run.at}::timestamptz
      where c.id in (select case_id from settled)
      returning c.id
    )
    insert into collection_case_events (id, kind, actor_id, actor_role, at, business_date, reason, details, case_id, borrower_id)
    select ${event(CaseEvent.PROMISE_KEPT, run)}, s.case_id, s.borrower_id from settled s where s.status = ${PromiseStatus.KEPT}
    union all
    select ${event(CaseEvent.PROMISE_BROKEN, run)}, s.case_id, s.borrower_id from settled s where s.status = ${PromiseStatus.BROKEN}`);
}

/**
 * An active hardship plan is BROKEN when its loan falls behind again (a plan
 * instalment missed: the case returns to its bucket and the strategy), and
 * COMPLETED when the loan is paid off.
 */
async function endPlans(tx: Db, run: Run): Promise<void> {
  const active = sql`(select loan_id from hardship_plans where status = 'ACTIVE')`;
  await tx.execute(sql`
    with ended as (
      update hardship_plans h
      set status = case when a.status = ${LoanStatus.PAID_OFF} then 'COMPLETED' else 'BROKEN' end,
          ended_on = ${run.day}::date
      from ${arrearsOf(run, active)} a
      where h.loan_id = a.loan_id and h.status = 'ACTIVE' ${ofRunCases(sql`h.case_id`, run)}
        and (a.days_past_due > 0 or a.status in (${LoanStatus.PAID_OFF}, ${LoanStatus.CHARGED_OFF}))
      returning h.case_id, h.borrower_id, h.status
    ), cases as (
      update collection_cases c set status = ${CaseStatus.OPEN}, updated_at = ${run.at}::timestamptz
      from ended e where c.id = e.case_id and e.status = 'BROKEN' and c.status = ${CaseStatus.HARDSHIP}
      returning c.id
    )
    insert into collection_case_events (id, kind, actor_id, actor_role, at, business_date, reason, details, case_id, borrower_id)
    select ${event(CaseEvent.PLAN_BROKEN, run)}, e.case_id, e.borrower_id from ended e where e.status = 'BROKEN'
    union all
    select ${event(CaseEvent.PLAN_COMPLETED, run)}, e.case_id, e.borrower_id from ended e where e.status = 'COMPLETED'`);
}

/** A hardship offer not accepted by its expiry date EXPIRES. */
async function expireOffers(tx: Db, run: Run): Promise<void> {
  await tx.execute(sql`
    with expired as (
      update hardship_plans h set status = 'EXPIRED', ended_on = ${run.day}::date
      where h.status = 'OFFERED' and h.expires_on < ${run.day}::date
      returning h.case_id, h.borrower_id
    )
    insert into collection_case_events (id, kind, actor_id, actor_role, at, business_date, reason, details, case_id, borrower_id)
    select ${event(CaseEvent.PLAN_EXPIRED, run)}, x.case_id, x.borrower_id from expired x`);
}

const arrearsOfOpenCases = (run: Run) =>
  arrearsOf(run, sql`(select loan_id from collection_cases where status <> ${OPEN})`);

/** A case for every delinquent loan without an open one, in the bucket of its days past due. */
async function openCases(tx: Db, run: Run): Promise<void> {
  const { day, at } = run;
  const bucket = bucketOfSql(sql`a.days_past_due`);
  await tx.execute(sql`
    with opened as (
      insert into collection_cases (id, borrower_id, loan_id, currency, status, bucket, bucket_rank,
        days_past_due, amount_overdue_minor, opened_on, opened_at, updated_at)
      select time_ordered_uuid(), a.borrower_id, a.loan_id, a.currency, ${CaseStatus.OPEN}, ${bucket},
        ${bucketRankSql(bucket)}, a.days_past_due, a.amount_overdue_minor, ${day}::date, ${at}::timestamptz, ${at}::timestamptz
      from ${arrearsOf(run, sql`(select null::uuid where false)`)} a
      where a.status = ${LoanStatus.DELINQUENT} and a.days_past_due > 0
        and not exists (select 1 from collection_cases c where c.loan_id = a.loan_id and c.status <> ${OPEN})
      on conflict do nothing
      returning id, borrower_id, bucket
    ), history as (
      insert into collection_case_buckets (case_id, borrower_id, bucket, from_date)
      select id, borrower_id, bucket, ${day}::date from opened
    )
    insert into collection_case_events (id, kind, actor_id, actor_role, at, business_date, reason, details, case_id, borrower_id)
    select ${event(CaseEvent.CASE_OPENED, run, sql`jsonb_build_object('bucket', o.bucket)`)}, o.id, o.borrower_id from opened o`);
}

/**
 * Open cases follow their loan: days past due, amount overdue, and the
 * bucket those give. A bucket change closes the old bucket's history row
 * on the day before and opens one from today; a row opened today already
 * (close of business moved the case this morning, a repayment moves it
 * again) takes the new bucket instead, so each day is in one bucket: the
 * one the case was last in that day.
 */
async function followCases(tx: Db, run: Run): Promise<void> {
  const { day, at } = run;
  const bucket = bucketOfSql(sql`a.days_past_due`);
  await tx.execute(sql`
    with target as (
      select c.id, c.borrower_id, c.bucket as old_bucket, ${bucket} as new_bucket,
        a.days_past_due, a.amount_overdue_minor
      from collection_cases c join ${arrearsOfOpenCases(run)} a on a.loan_id = c.loan_id
      where c.status <> ${OPEN} ${ofRunLoans(sql`c.loan_id`, run)}
        and (c.days_past_due, c.amount_overdue_minor, c.bucket) is distinct from (a.days_past_due, a.amount_overdue_minor, ${bucket})
    ), updated as (
      update collection_cases c
      set days_past_due = t.days_past_due, amount_overdue_minor = t.amount_overdue_minor,
          bucket = t.new_bucket, bucket_rank = ${bucketRankSql(sql`t.new_bucket`)}, updated_at = ${at}::timestamptz
      from target t where c.id = t.id
      returning c.id
    ), moved as (
      select * from target where old_bucket <> new_bucket
    ), closed as (
      update collection_case_buckets h set to_date = ${day}::date - 1
      from moved m where h.case_id = m.id and h.to_date is null and h.from_date < ${day}::date
      returning h.case_id
    ), relabelled as (
      update collection_case_buckets h set bucket = m.new_bucket
      from moved m where h.case_id = m.id and h.to_date is null and h.from_date = ${day}::date
      returning h.case_id
    ), history as (
      insert into collection_case_buckets (case_id, borrower_id, bucket, from_date)
      select id, borrower_id, new_bucket, ${day}::date from moved
      on conflict do nothing
    )
    insert into collection_case_events (id, kind, actor_id, actor_role, at, business_date, reason, details, case_id, borrower_id)
    select ${event(CaseEvent.BUCKET_CHANGED, run, sql`jsonb_build_object('from', m.old_bucket, 'to', m.new_bucket)`)}, m.id, m.borrower_id
    from moved m`);
}

/**
 * A case is resolved when its loan is paid off, when a charged-off loan's
 * write-off is fully recovered, or when its loan is current again (no
 * instalment past due) — except under an active hardship plan, whose case
 * stays open in the CURRENT bucket until the plan ends. Its pending promise
 * is kept, its bucket history closed (on the day before, or on the day itself
 * for a bucket entered that day), and the messages it had planned are
 * WITHDRAWN, naming the resolution.
 */
async function resolveCases(tx: Db, run: Run): Promise<void> {
  const { day, at } = run;
  await tx.execute(sql`
    with done as (
      select c.id, c.borrower_id,
        case when a.status = ${LoanStatus.PAID_OFF} then ${CaseResolution.PAID_OFF}
             when a.status = ${LoanStatus.CHARGED_OFF} then ${CaseResolution.RECOVERED}
             else ${CaseResolution.CURED} end as resolution
      from collection_cases c join ${arrearsOfOpenCases(run)} a on a.loan_id = c.loan_id
      where c.status <> ${OPEN} ${ofRunLoans(sql`c.loan_id`, run)} and (
        a.status = ${LoanStatus.PAID_OFF}
        or (a.status = ${LoanStatus.CHARGED_OFF} and a.amount_overdue_minor = 0)
        or (a.status = ${LoanStatus.ACTIVE} and a.days_past_due = 0 and c.status <> ${CaseStatus.HARDSHIP})
      )
    ), resolved as (
      update collection_cases c
      set status = ${CaseStatus.RESOLVED}, resolution = d.resolution, resolved_on = ${day}::date,
          resolved_at = ${at}::timestamptz, days_past_due = 0, amount_overdue_minor = 0, updated_at = ${at}::timestamptz
      from done d where c.id = d.id
      returning c.id
    ), pending as (
      update promises_to_pay p set status = ${PromiseStatus.KEPT}, resolved_on = ${day}::date
      from done d where p.case_id = d.id and p.status = ${PromiseStatus.PENDING}
    ), closed as (
      update collection_case_buckets h set to_date = greatest(${day}::date - 1, h.from_date)
      from done d where h.case_id = d.id and h.to_date is null
    ), withdrawn as (
      update outbound_messages m
      set status = ${MessageStatus.WITHDRAWN}, refused_by = d.resolution, finished_at = ${at}::timestamptz
      from done d
      where m.borrower_id = d.borrower_id and m.case_id = d.id and m.status = ${MessageStatus.PLANNED}
    )
    insert into collection_case_events (id, kind, actor_id, actor_role, at, business_date, reason, details, case_id, borrower_id)
    select ${event(CaseEvent.CASE_RESOLVED, run, sql`jsonb_build_object('resolution', d.resolution)`)}, d.id, d.borrower_id
    from done d`);
}

const languageSql = (jurisdiction: SQL) =>
  sql`(case ${jurisdiction} ${sql.join(
    Object.entries(JURISDICTION_RULES).map(([j, r]) => sql`when ${j} then ${r.language}`),
    sql` `,
  )} end)`;

const localMorning = (day: SQL, timeZone: SQL) =>
  sql`((${day}::date + ${MESSAGE_LOCAL_TIME}::time) at time zone ${timeZone})`;

/**
 * The automated steps of the strategy, once per case each: a case whose
 * bucket and days past due have reached a step gets that step's message,
 * unless the borrower opted out of its channel. The outbox's dedupe key
 * (case and template) makes a second plan of the same message a no-op.
 */
async function planCaseMessages(tx: Db, run: Run): Promise<void> {
  const { day, at } = run;
  for (const step of AUTOMATED_STEPS) {
    const spec = TEMPLATES[step.template];
    const lang = languageSql(sql`b.jurisdiction`);
    const body = renderSql(step.template, lang, {
      amount: formatMinorSql(sql`c.amount_overdue_minor`, sql`c.currency`),
      currency: sql`c.currency`,
      daysPastDue: sql`c.days_past_due`,
    });
    await tx.execute(sql`
      insert into outbound_messages (id, borrower_id, case_id, loan_id, channel, target, template, template_version,
        language, jurisdiction, body, dedupe_key, status, not_before, created_at)
      select time_ordered_uuid(), c.borrower_id, c.id, c.loan_id, ${step.channel}, ${ContactTarget.BORROWER},
        ${step.template}, ${spec.version}::int, ${lang}, b.jurisdiction, ${body},
        'case:' || c.id || ':' || ${step.template}, 'PLANNED',
        greatest(${localMorning(sql`${day}`, sql`b.time_zone`)}, ${at}::timestamptz), ${at}::timestamptz
      from collection_cases c
      join ${borrowerProfilesSql()} b on b.borrower_id = c.borrower_id
      where c.status in (${CaseStatus.OPEN}) and c.bucket = ${step.bucket} and c.days_past_due >= ${step.fromDaysPastDue}
        and not exists (select 1 from contact_preferences cp
          where cp.borrower_id = c.borrower_id and cp.channel = ${step.channel} and cp.opted_out)
      on conflict (dedupe_key) do nothing`);
  }
}

/**
 * Reminders a few days before a due date, to every borrower with an
 * instalment falling due then: a push message, or an SMS where push is
 * opted out. Once per instalment and due date.
 */
async function planReminders(
  tx: Db,
  day: BusinessDate,
  at: string,
  loanIds: readonly string[] | null,
): Promise<void> {
  if (loanIds?.length === 0) return;
  const due = day.addDays(REMINDER_DAYS_BEFORE_DUE).toString();
  const spec = TEMPLATES[Template.PAYMENT_REMINDER];
  const lang = languageSql(sql`b.jurisdiction`);
  const body = renderSql(Template.PAYMENT_REMINDER, lang, {
    amount: formatMinorSql(sql`i.amount_due_minor`, sql`i.currency`),
    currency: sql`i.currency`,
    dueDate: sql`to_char(i.due_date, 'YYYY-MM-DD')`,
  });
  const pushOptedOut = sql`exists (select 1 from contact_preferences cp
    where cp.borrower_id = i.borrower_id and cp.channel = ${ContactChannel.PUSH} and cp.opted_out)`;
  const smsOptedOut = sql`exists (select 1 from contact_preferences cp
    where cp.borrower_id = i.borrower_id and cp.channel = ${ContactChannel.SMS} and cp.opted_out)`;
  await tx.execute(sql`
    insert into outbound_messages (id, borrower_id, case_id, loan_id, channel, target, template, template_version,
      language, jurisdiction, body, dedupe_key, status, not_before, created_at)
    select time_ordered_uuid(), i.borrower_id, null, i.loan_id,
      case when ${pushOptedOut} then ${ContactChannel.SMS} else ${ContactChannel.PUSH} end,
      ${ContactTarget.BORROWER}, ${Template.PAYMENT_REMINDER}, ${spec.version}::int, ${lang}, b.jurisdiction, ${body},
      'reminder:' || i.loan_id || ':' || i.number || ':' || i.due_date, 'PLANNED',
      greatest(${localMorning(sql`${day.toString()}`, sql`b.time_zone`)}, ${at}::timestamptz), ${at}::timestamptz
    from ${installmentsFallingDueSql(due, loanIds ?? undefined)} i
    join ${borrowerProfilesSql()} b on b.borrower_id = i.borrower_id
    where i.amount_due_minor > 0 and not (${pushOptedOut} and ${smsOptedOut})
    on conflict (dedupe_key) do nothing`);
}
