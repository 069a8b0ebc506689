import type { BusinessCalendar } from '../calendar.js';

export interface CloseOfBusinessDeps {
  /** Whether close of business may run ahead of today (configured once, in the gateway's env.ts). */
  readonly calendar: BusinessCalendar;
}

declare module '@lending/graphql-kit' {
  interface ModuleDeps {
    readonly closeOfBusiness: CloseOfBusinessDeps;
  }
}
