import { borrowersModule } from '@lending/borrowers/graphql';
import type { BusinessCalendar } from '@lending/close-of-business';
import { closeOfBusinessModule } from '@lending/close-of-business/graphql';
import { collectorNeedToKnow, followRepayment, type MessageSender } from '@lending/collections';
import { collectionsModule } from '@lending/collections/graphql';
import { ContactVault } from '@lending/consent';
import { consentModule } from '@lending/consent/graphql';
import { creditModule } from '@lending/credit/graphql';
import type { GatewayModule, ModuleDeps } from '@lending/graphql-kit';
import type { JobQueue } from '@lending/jobs';
import { jobsModule } from '@lending/jobs/graphql';
import type { GatewayMetrics } from './metrics.js';
import { ledgerModule } from '@lending/ledger/graphql';

/** The domain modules the gateway serves, in one place. */
export const defaultModules: readonly GatewayModule[] = [
  borrowersModule,
  consentModule,
  ledgerModule,
  creditModule,
  collectionsModule,
  closeOfBusinessModule,
  jobsModule,
];

/** Services built once at start for every request; each module's entry is required by its type. */
export function createModuleDeps(options: {
  contactDataKey: Buffer;
  sender: MessageSender;
  jobs: JobQueue;
  /** Whether close of business may run ahead of today (env.ts: BUSINESS_CALENDAR). */
  calendar: BusinessCalendar;
  /** Counts the guard's decisions for /metrics. */
  metrics?: GatewayMetrics;
}): ModuleDeps {
  return {
    consent: {
      vault: new ContactVault(options.contactDataKey),
      // A collector reads contact data only while assigned an open case of the borrower.
      needToKnow: [collectorNeedToKnow],
      ...(options.metrics
        ? {
            onGuardDecision: (outcome: 'allowed' | 'denied', scope: string) =>
              options.metrics!.guardDecisions.inc({ outcome, scope }),
          }
        : {}),
    },
    collections: { sender: options.sender },
    // Told of each repayment inside its transaction (collections follows the money at once).
    ledger: { repaymentFollowers: [followRepayment] },
    jobs: options.jobs,
    closeOfBusiness: { calendar: options.calendar },
  };
}
