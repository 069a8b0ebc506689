import { sql } from 'drizzle-orm';
import { queryRows } from '@lending/db';
import type { RepaymentFollower } from '@lending/ledger';
import { followCasesOfLoans } from './close-of-business.js';
import { MessageStatus, withdrawPaidReminders } from './messages/outbox.service.js';
import { Template } from './messages/templates.js';
import { CaseStatus } from './vocabulary.js';

/**
 * Collections follows the money at once: told of every repayment inside its
 * transaction (the gateway wires it into the ledger), it gives the loan's
 * open case what close of business would give it at the next close — a
 * promise the payments now reach KEPT; the case RESOLVED when nothing is
 * overdue (CURED, PAID_OFF with its plan COMPLETED, RECOVERED), its planned
 * messages WITHDRAWN; or its days past due, amount overdue and bucket —
 * and withdraws the planned reminders of instalments now paid. So no
 * collector sees, contacts or reads the contact data of a borrower who has
 * just paid what was overdue.
 *
 * Every repayment passes here: one statement finds whether the loan has an
 * open case or a reminder waiting, and nothing else runs when it has neither.
 */
export const followRepayment: RepaymentFollower = async (tx, repaid) => {
  const [found] = await queryRows<{ open_case: boolean; reminder_planned: boolean }>(
    tx,
    sql`select
      exists (select 1 from collection_cases
        where loan_id = ${repaid.loanId}::uuid and status <> ${CaseStatus.RESOLVED}) as open_case,
      exists (select 1 from outbound_messages
        where borrower_id = ${repaid.borrowerId}::uuid and loan_id = ${repaid.loanId}::uuid
          and case_id is null and template = ${Template.PAYMENT_REMINDER}
          and status = ${MessageStatus.PLANNED}) as reminder_planned`,
  );
  if (found?.reminder_planned) await withdrawPaidReminders(tx, repaid, repaid.now);
  if (found?.open_case) {
    await followCasesOfLoans(tx, [repaid.loanId], repaid.businessDate, repaid.now);
  }
};
