export * from './accounts.js';
export * from './schedule.js';
export * from './credit-line.service.js';
export * from './loan.service.js';
export { postEntry, trialBalance, listLoanTransactions } from './journal.js';
export * from './close-of-business.js';
export * from './allocation.js';
export * from './repayment.service.js';
export type { AccountTotals, LoanTransactionRow, NewEntry, PostingLine } from './journal.js';
