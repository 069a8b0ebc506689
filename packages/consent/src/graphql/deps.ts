import type { NeedToKnowRule } from '../guard.js';
import type { ContactVault } from '../vault.js';

export interface ConsentDeps {
  readonly vault: ContactVault;
  /** Conditions other domains add on top of grants (collections: an assigned open case). */
  readonly needToKnow: readonly NeedToKnowRule[];
  /** Told each decision of the guard, for metrics: the outcome and the scope, nothing about whom. */
  readonly onGuardDecision?: (outcome: 'allowed' | 'denied', scope: string) => void;
}

declare module '@lending/graphql-kit' {
  interface ModuleDeps {
    readonly consent: ConsentDeps;
  }
}
