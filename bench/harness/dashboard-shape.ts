/** What gateway/dashboard.ts measures, shared by its runner and its server. */

export const DASHBOARD_QUERY = `query Dashboard { viewer { id borrower { id displayName
  creditLines { id limit { amount currency } available { amount currency } status
    loans { id principal { amount currency } termMonths status disbursedOn
      schedule { number dueDate principalDue { amount } interestDue { amount } paid { amount } status } } } } } }`;

export const DASHBOARD_SHAPES = {
  small: { lines: 1, loansPerLine: 1, termMonths: 3 },
  large: { lines: 5, loansPerLine: 10, termMonths: 12 },
} as const;
