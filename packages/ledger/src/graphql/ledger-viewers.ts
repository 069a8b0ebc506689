import { Role } from '@lending/kernel';

/**
 * Who sees a borrower's credit lines and loans: the borrower, the staff who
 * work on accounts, and collectors — whom the borrower relation in
 * graphql-kit limits to the borrowers of the cases in their queue.
 */
export const LEDGER_VIEWERS = [
  Role.BORROWER,
  Role.OPS,
  Role.UNDERWRITER,
  Role.COMPLIANCE,
  Role.COLLECTOR,
] as const;
