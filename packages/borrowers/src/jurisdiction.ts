/** Where the borrower lives for the law: which collection rules protect them. */
export const Jurisdiction = { CN: 'CN', US: 'US' } as const;
export type Jurisdiction = (typeof Jurisdiction)[keyof typeof Jurisdiction];
export const JURISDICTIONS: readonly Jurisdiction[] = Object.values(Jurisdiction);
