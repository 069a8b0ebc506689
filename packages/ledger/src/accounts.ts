/**
 * Chart of accounts, per currency. Borrower-side receivables are asset
 * accounts carried per loan (postings name the loan); system accounts have
 * no balance row at all: their balances are sums of postings, so no request
 * ever contends on a platform-wide row.
 */
export const Account = {
  RECEIVABLE_PRINCIPAL: 'RECEIVABLE_PRINCIPAL',
  RECEIVABLE_INTEREST: 'RECEIVABLE_INTEREST',
  RECEIVABLE_FEES: 'RECEIVABLE_FEES',
  RECEIVABLE_PENALTY: 'RECEIVABLE_PENALTY',
  /** Money received beyond what a loan owes, held for the borrower (a liability). */
  BORROWER_CREDIT: 'BORROWER_CREDIT',
  /**
   * Interest of a coming period paid before close of business accrued it: the
   * borrower's until it is earned (a liability). Accrual moves it to income day
   * by day; a payoff returns what is never earned to the credit balance.
   */
  INTEREST_PAID_IN_ADVANCE: 'INTEREST_PAID_IN_ADVANCE',
  /** Cash and settlement: disbursements leave it, repayments arrive in it. */
  CASH: 'CASH',
  INTEREST_INCOME: 'INTEREST_INCOME',
  FEE_INCOME: 'FEE_INCOME',
  PENALTY_INCOME: 'PENALTY_INCOME',
  /** Principal written off at charge-off (an expense against the loss provision). */
  LOSS_WRITE_OFF: 'LOSS_WRITE_OFF',
  SUSPENSE: 'SUSPENSE',
} as const;
export type Account = (typeof Account)[keyof typeof Account];

export const EntryKind = {
  DISBURSEMENT: 'DISBURSEMENT',
  REPAYMENT: 'REPAYMENT',
  ACCRUAL: 'ACCRUAL',
  PENALTY: 'PENALTY',
  REVERSAL: 'REVERSAL',
  WRITE_OFF: 'WRITE_OFF',
  /** A hardship plan: interest capitalised into principal, penalties waived. */
  RESTRUCTURE: 'RESTRUCTURE',
} as const;
export type EntryKind = (typeof EntryKind)[keyof typeof EntryKind];
