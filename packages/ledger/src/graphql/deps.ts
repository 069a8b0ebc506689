import type { RepaymentFollower } from '../repayment.service.js';

export interface LedgerDeps {
  /**
   * Told of each repayment inside its transaction (collections resolves a
   * cured loan's case there), in order. The gateway wires them.
   */
  readonly repaymentFollowers: readonly RepaymentFollower[];
}

declare module '@lending/graphql-kit' {
  interface ModuleDeps {
    readonly ledger: LedgerDeps;
  }
}
