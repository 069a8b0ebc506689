import { LoanStatus, type LoanArrears } from '@lending/ledger';

/**
 * Whether a loan has nothing overdue, from the ledger's arrears read now:
 * no amount overdue, or not DELINQUENT or CHARGED_OFF (current, paid off,
 * or under a hardship plan that is kept). Nothing about it may be collected:
 * no attempt is allowed and no case message is sent.
 */
export function nothingOverdue(arrears: LoanArrears | undefined): boolean {
  if (!arrears) return true;
  const collectible =
    arrears.status === LoanStatus.DELINQUENT || arrears.status === LoanStatus.CHARGED_OFF;
  return !collectible || !arrears.amountOverdue.isPositive();
}
