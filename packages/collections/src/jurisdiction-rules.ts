import type { Jurisdiction } from '@lending/borrowers';
import { ContactChannel } from './vocabulary.js';

const at = (h: number, m = 0, s = 0) => h * 3600 + m * 60 + s;

export interface JurisdictionRules {
  /** The source of the rules, for a compliance reviewer. */
  readonly source: string;
  /**
   * Local wall-clock window, in the borrower's time zone, in which contact on
   * the real-time channels is allowed: `from` to `to` inclusive, in seconds
   * since local midnight.
   */
  readonly contactWindow: { readonly from: number; readonly to: number };
  /** Channels the window applies to: those that reach a person at once. */
  readonly quietHoursChannels: readonly ContactChannel[];
  /** Connected calls allowed per local calendar day (null: no such limit). */
  readonly maxConnectedCallsPerDay: number | null;
  /** Call attempts allowed in any 7 consecutive local days (null: no such limit). */
  readonly maxCallAttemptsPerSevenDays: number | null;
  /** After a conversation, no calls on that local day and the next days, 7 in all (null: none). */
  readonly quietDaysAfterConversation: number | null;
  /** A reference contact may be reached only to locate a borrower unreachable for this many days. */
  readonly unreachableDaysBeforeThirdParty: number;
  /** Contacts with each reference contact allowed over a case's life. */
  readonly maxContactsPerThirdParty: number;
  /** Channels a third party may be reached on (a letter or e-mail could disclose the debt). */
  readonly thirdPartyChannels: readonly ContactChannel[];
  /** Language of messages. */
  readonly language: string;
}

/**
 * The collection rules of each jurisdiction: the one table compliance reads
 * and every check uses.
 * - CN: industry collection guidelines (2024): no calls 22:00–08:00, at most
 *   3 connected calls a day, no contact with unrelated third parties (a
 *   named reference contact only to locate the borrower, never to disclose).
 * - US: Regulation F (12 CFR 1006): communications only 08:00–21:00 local
 *   time; at most 7 call attempts in 7 consecutive days and none within 7
 *   days after a telephone conversation (§1006.14(b)); third parties only
 *   for location information, once each (§1006.10).
 */
export const JURISDICTION_RULES: Readonly<Record<Jurisdiction, JurisdictionRules>> = {
  CN: {
    source: 'CN internet lending collection guidelines (2024)',
    contactWindow: { from: at(8), to: at(21, 59, 59) },
    quietHoursChannels: [ContactChannel.CALL, ContactChannel.SMS, ContactChannel.PUSH],
    maxConnectedCallsPerDay: 3,
    maxCallAttemptsPerSevenDays: null,
    quietDaysAfterConversation: null,
    unreachableDaysBeforeThirdParty: 14,
    maxContactsPerThirdParty: 1,
    thirdPartyChannels: [ContactChannel.CALL, ContactChannel.SMS],
    language: 'zh-CN',
  },
  US: {
    source: 'Regulation F, 12 CFR 1006.6(b)(1)(i), 1006.10, 1006.14(b)',
    contactWindow: { from: at(8), to: at(21) },
    quietHoursChannels: [ContactChannel.CALL, ContactChannel.SMS, ContactChannel.PUSH],
    maxConnectedCallsPerDay: null,
    maxCallAttemptsPerSevenDays: 7,
    quietDaysAfterConversation: 7,
    unreachableDaysBeforeThirdParty: 14,
    maxContactsPerThirdParty: 1,
    thirdPartyChannels: [ContactChannel.CALL, ContactChannel.SMS],
    language: 'en-US',
  },
};
