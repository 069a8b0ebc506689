import { Role } from '@lending/kernel';

/**
 * Who sees a borrower's credit lines and loans: the borrower, and the staff
 * who work on accounts. Collectors reach loans through their assigned cases
 * (collections), not directly.
 */
export const LEDGER_VIEWERS = [Role.BORROWER, Role.OPS, Role.UNDERWRITER, Role.COMPLIANCE] as const;
