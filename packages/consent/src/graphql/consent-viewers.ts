import { Role } from '@lending/kernel';

/** Who reads a borrower's grants and access log: the borrower themself, and COMPLIANCE. */
export const CONSENT_RECORD_VIEWERS = [Role.BORROWER, Role.COMPLIANCE] as const;
