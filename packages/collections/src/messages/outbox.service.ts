import { and, asc, eq, inArray, isNull, lte, notInArray, sql } from 'drizzle-orm';
import { getBorrowersByIds } from '@lending/borrowers';
import { withTransaction, type Db } from '@lending/db';
import { type Clock } from '@lending/kernel';
import { getLoanArrears, InstallmentStatus, listInstallments } from '@lending/ledger';
import { ComplianceRule, earliestAllowed } from '../compliance.js';
import { JURISDICTION_RULES } from '../jurisdiction-rules.js';
import { nothingOverdue } from '../overdue.js';
import { optedOutChannels } from '../preferences.service.js';
import { collectionCasesTable, devDeliveriesTable, outboundMessagesTable } from '../schema.js';
import { CaseStatus, ContactTarget, type ContactChannel } from '../vocabulary.js';
import { Template } from './templates.js';

export const MessageStatus = {
  PLANNED: 'PLANNED',
  SENDING: 'SENDING',
  SENT: 'SENT',
  REFUSED: 'REFUSED',
  FAILED: 'FAILED',
  /** Taken back before it was sent: its case was resolved, or the instalment it reminds of paid. */
  WITHDRAWN: 'WITHDRAWN',
} as const;
export type MessageStatus = (typeof MessageStatus)[keyof typeof MessageStatus];

export interface OutboundMessage {
  readonly id: string;
  readonly borrowerId: string;
  readonly caseId: string | null;
  readonly loanId: string | null;
  readonly channel: ContactChannel;
  readonly target: ContactTarget;
  readonly template: string;
  readonly templateVersion: number;
  readonly language: string;
  readonly body: string;
  readonly status: MessageStatus;
  readonly notBefore: Date;
  readonly finishedAt: Date | null;
  readonly refusedBy: string | null;
}

/**
 * Delivers one message. A real sender (an SMS gateway, a push service, a
 * print house) would resolve the recipient's address through consent's
 * guard at this point; the development sender records the delivery locally.
 */
export interface MessageSender {
  readonly name: string;
  deliver(
    message: OutboundMessage,
    deps: { readonly db: Db; readonly clock: Clock },
  ): Promise<{ ok: true } | { ok: false; error: string }>;
}

/** Records each delivery in `dev_message_deliveries`: what a developer reads instead of their phone. */
export function developmentSender(): MessageSender {
  return {
    name: 'development',
    async deliver(message, { db, clock }) {
      await db
        .insert(devDeliveriesTable)
        .values({
          messageId: message.id,
          borrowerId: message.borrowerId,
          channel: message.channel,
          body: message.body,
          deliveredAt: clock.now(),
        })
        .onConflictDoNothing();
      return { ok: true };
    },
  };
}

export const OUTBOX_BATCH_MAX = 500;

export interface DeliveryRun {
  readonly sent: number;
  readonly failed: number;
  readonly refused: number;
  readonly deferred: number;
  /** Payment reminders whose instalment was paid before they went out. */
  readonly withdrawn: number;
}

/** Why a payment reminder was withdrawn: its instalment is settled. */
export const INSTALLMENT_PAID = 'INSTALLMENT_PAID';

/** A payment reminder's dedupe key: one per instalment and due date, as planReminders writes it in SQL. */
export function reminderKey(loanId: string, sequence: number, dueDate: string): string {
  return `reminder:${loanId}:${sequence}:${dueDate}`;
}

/**
 * The reminder keys still worth sending for these loans: those of their
 * instalments not settled, as the ledger has them now. A reminder of an
 * instalment paid (ahead, in parts, by a payoff) or recast away is not.
 */
async function unpaidReminderKeys(db: Db, loanIds: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const [loanId, installments] of await listInstallments(db, [...new Set(loanIds)])) {
    for (const i of installments) {
      if (i.status !== InstallmentStatus.PAID)
        keys.add(reminderKey(loanId, i.number, i.dueDate.toString()));
    }
  }
  return keys;
}

/**
 * Withdraws the planned payment reminders of one loan whose instalment is
 * settled (refused_by INSTALLMENT_PAID): what a repayment does at once.
 */
export async function withdrawPaidReminders(
  tx: Db,
  loan: { readonly loanId: string; readonly borrowerId: string },
  now: Date,
): Promise<void> {
  const unpaid = await unpaidReminderKeys(tx, [loan.loanId]);
  const m = outboundMessagesTable;
  await tx
    .update(m)
    .set({ status: MessageStatus.WITHDRAWN, refusedBy: INSTALLMENT_PAID, finishedAt: now })
    .where(
      and(
        eq(m.borrowerId, loan.borrowerId),
        eq(m.loanId, loan.loanId),
        isNull(m.caseId),
        eq(m.template, Template.PAYMENT_REMINDER),
        eq(m.status, MessageStatus.PLANNED),
        unpaid.size > 0 ? notInArray(m.dedupeKey, [...unpaid]) : undefined,
      ),
    );
}

/**
 * Sends the planned messages that are due, at most `limit`. Each is checked
 * again at send time: a case message whose case is resolved (CASE_RESOLVED)
 * or whose loan has nothing overdue now (NOTHING_OVERDUE), or an opted-out
 * channel, refuses it; a payment reminder whose instalment is settled is
 * WITHDRAWN (INSTALLMENT_PAID); a time outside the borrower's contact window
 * defers it to the next allowed moment. The rest are claimed (PLANNED →
 * SENDING) in a transaction that commits before any is delivered, and
 * `FOR UPDATE SKIP LOCKED` keeps concurrent senders apart: a message is
 * attempted at most once, even if a sender dies mid-batch (its claimed
 * messages stay SENDING, for OPS to see).
 */
export async function deliverDueMessages(
  deps: { db: Db; clock: Clock; sender: MessageSender },
  limit = 100,
): Promise<DeliveryRun> {
  const now = deps.clock.now();
  const counts = { sent: 0, failed: 0, refused: 0, deferred: 0, withdrawn: 0 };
  const claimed = await withTransaction(deps.db, async (tx) => {
    const due = await tx
      .select()
      .from(outboundMessagesTable)
      .where(
        and(
          eq(outboundMessagesTable.status, MessageStatus.PLANNED),
          lte(outboundMessagesTable.notBefore, now),
        ),
      )
      .orderBy(asc(outboundMessagesTable.notBefore), asc(outboundMessagesTable.id))
      .limit(Math.min(limit, OUTBOX_BATCH_MAX))
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const borrowers = new Map(
      (await getBorrowersByIds(tx, [...new Set(due.map((m) => m.borrowerId))]))
        .filter((b) => b !== null)
        .map((b) => [b.id, b]),
    );
    const caseIds = due.map((m) => m.caseId).filter((id): id is string => id !== null);
    const resolved = new Set(
      caseIds.length === 0
        ? []
        : (
            await tx
              .select({ id: collectionCasesTable.id })
              .from(collectionCasesTable)
              .where(
                and(
                  inArray(collectionCasesTable.id, caseIds),
                  eq(collectionCasesTable.status, CaseStatus.RESOLVED),
                ),
              )
          ).map((r) => r.id),
    );
    const arrears = await getLoanArrears(tx, [
      ...new Set(
        due
          .filter((m) => m.caseId !== null && m.loanId !== null && !resolved.has(m.caseId))
          .map((m) => m.loanId!),
      ),
    ]);
    const isReminder = (m: (typeof due)[number]) =>
      m.caseId === null && m.loanId !== null && m.template === Template.PAYMENT_REMINDER;
    const unpaid = await unpaidReminderKeys(
      tx,
      due.filter(isReminder).map((m) => m.loanId!),
    );
    const sending: (typeof due)[number][] = [];
    for (const message of due) {
      if (isReminder(message) && !unpaid.has(message.dedupeKey)) {
        await tx
          .update(outboundMessagesTable)
          .set({ status: MessageStatus.WITHDRAWN, refusedBy: INSTALLMENT_PAID, finishedAt: now })
          .where(eq(outboundMessagesTable.id, message.id));
        counts.withdrawn++;
        continue;
      }
      const borrower = borrowers.get(message.borrowerId);
      if (!borrower) throw new Error('message without its borrower');
      const rules = JURISDICTION_RULES[borrower.jurisdiction];
      const optedOut = await optedOutChannels(tx, borrower.id);
      const channel = message.channel as ContactChannel;
      const refusedBy =
        message.caseId && resolved.has(message.caseId)
          ? ComplianceRule.CASE_RESOLVED
          : message.caseId && message.loanId && nothingOverdue(arrears.get(message.loanId))
            ? ComplianceRule.NOTHING_OVERDUE
            : message.target === ContactTarget.BORROWER && optedOut.has(channel)
              ? ComplianceRule.OPTED_OUT
              : null;
      if (refusedBy) {
        await tx
          .update(outboundMessagesTable)
          .set({ status: MessageStatus.REFUSED, refusedBy, finishedAt: now })
          .where(eq(outboundMessagesTable.id, message.id));
        counts.refused++;
        continue;
      }
      const allowedAt = earliestAllowed(channel, ContactTarget.BORROWER, null, now, {
        rules,
        timeZone: borrower.timeZone,
        optedOut,
        history: [],
        caseOpenedAt: now,
      });
      if (!allowedAt || allowedAt.getTime() > now.getTime()) {
        await tx
          .update(outboundMessagesTable)
          .set({ notBefore: allowedAt ?? new Date(now.getTime() + 86_400_000) })
          .where(eq(outboundMessagesTable.id, message.id));
        counts.deferred++;
        continue;
      }
      sending.push(message);
    }
    if (sending.length > 0) {
      await tx
        .update(outboundMessagesTable)
        .set({ status: MessageStatus.SENDING, attemptedAt: now })
        .where(
          inArray(
            outboundMessagesTable.id,
            sending.map((m) => m.id),
          ),
        );
    }
    return sending;
  });
  for (const row of claimed) {
    let outcome: { ok: true } | { ok: false; error: string };
    try {
      outcome = await deps.sender.deliver(toMessage(row), deps);
    } catch (error) {
      outcome = {
        ok: false,
        error: error instanceof Error ? error.message.slice(0, 200) : 'sender failed',
      };
    }
    await deps.db
      .update(outboundMessagesTable)
      .set(
        outcome.ok
          ? { status: MessageStatus.SENT, finishedAt: deps.clock.now() }
          : { status: MessageStatus.FAILED, finishedAt: deps.clock.now(), error: outcome.error },
      )
      .where(
        and(
          eq(outboundMessagesTable.id, row.id),
          eq(outboundMessagesTable.status, MessageStatus.SENDING),
        ),
      );
    if (outcome.ok) counts.sent++;
    else counts.failed++;
  }
  return counts;
}

export function toMessage(r: typeof outboundMessagesTable.$inferSelect): OutboundMessage {
  return {
    id: r.id,
    borrowerId: r.borrowerId,
    caseId: r.caseId,
    loanId: r.loanId,
    channel: r.channel as ContactChannel,
    target: r.target as ContactTarget,
    template: r.template,
    templateVersion: r.templateVersion,
    language: r.language,
    body: r.body,
    status: r.status as MessageStatus,
    notBefore: r.notBefore,
    finishedAt: r.finishedAt,
    refusedBy: r.refusedBy,
  };
}

/** Each case's messages, oldest first. */
export async function listMessagesOfCases(
  db: Db,
  caseIds: readonly string[],
): Promise<Map<string, OutboundMessage[]>> {
  const result = new Map<string, OutboundMessage[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return result;
  const rows = await db
    .select()
    .from(outboundMessagesTable)
    .where(inArray(outboundMessagesTable.caseId, [...caseIds]))
    .orderBy(asc(outboundMessagesTable.createdAt), asc(outboundMessagesTable.id));
  for (const r of rows) if (r.caseId) result.get(r.caseId)?.push(toMessage(r));
  return result;
}

/** A borrower's messages, newest first, at most `limit` (what the borrower can see was sent). */
export async function listMessagesOfBorrower(
  db: Db,
  borrowerId: string,
  limit = 100,
): Promise<OutboundMessage[]> {
  const rows = await db
    .select()
    .from(outboundMessagesTable)
    .where(eq(outboundMessagesTable.borrowerId, borrowerId))
    .orderBy(sql`${outboundMessagesTable.createdAt} desc`)
    .limit(limit);
  return rows.map(toMessage);
}
