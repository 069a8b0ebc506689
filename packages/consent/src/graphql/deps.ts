import type { NeedToKnowRule } from '../guard.js';
import type { ContactVault } from '../vault.js';

export interface ConsentDeps {
  readonly vault: ContactVault;
  /** Conditions other domains add on top of grants (collections: an assigned open case). */
  readonly needToKnow: readonly NeedToKnowRule[];
}

declare module '@lending/graphql-kit' {
  interface ModuleDeps {
    readonly consent: ConsentDeps;
  }
}
