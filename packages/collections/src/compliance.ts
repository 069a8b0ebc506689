import { BusinessDate, instantAt, localTimeOf, problem, type Problem } from '@lending/kernel';
import type { JurisdictionRules } from './jurisdiction-rules.js';
import { AttemptOutcome, ContactChannel, ContactTarget, REACHED_OUTCOMES } from './vocabulary.js';

/** The rules an attempt can be refused by; a refusal names one. */
export const ComplianceRule = {
  NOT_ASSIGNED: 'NOT_ASSIGNED',
  /** The case is resolved: there is nothing left to collect on it. */
  CASE_RESOLVED: 'CASE_RESOLVED',
  /** The loan has nothing overdue at the moment of the attempt (cured, paid off, recovered, under a plan kept). */
  NOTHING_OVERDUE: 'NOTHING_OVERDUE',
  OPTED_OUT: 'OPTED_OUT',
  QUIET_HOURS: 'QUIET_HOURS',
  FREQUENCY_LIMIT: 'FREQUENCY_LIMIT',
  NO_GRANT: 'NO_GRANT',
  THIRD_PARTY_LIMIT: 'THIRD_PARTY_LIMIT',
} as const;
export type ComplianceRule = (typeof ComplianceRule)[keyof typeof ComplianceRule];

export interface AttemptToCheck {
  readonly at: Date;
  readonly channel: ContactChannel;
  readonly target: ContactTarget;
  readonly referenceContactId: string | null;
}

export interface PastAttempt extends AttemptToCheck {
  readonly outcome: AttemptOutcome;
}

export interface ComplianceFacts {
  readonly rules: JurisdictionRules;
  readonly timeZone: string;
  readonly optedOut: ReadonlySet<ContactChannel>;
  /** Every attempt about this borrower that was not refused, on any of their cases. */
  readonly history: readonly PastAttempt[];
  /** When the case opened: a borrower is unreachable only as long as there was a case to reach them about. */
  readonly caseOpenedAt: Date;
}

const DAY_MS = 86_400_000;

/**
 * Checks an attempt against the borrower's jurisdiction, in the borrower's
 * time zone, before it is recorded: channel opt-outs, quiet hours, call
 * frequency, and the limits on third parties. Returns the first rule that
 * refuses it, or null. (Assignment and the consent grant are checked by the
 * caller, which has the database and the guard.)
 */
export function checkAttempt(
  attempt: AttemptToCheck,
  facts: ComplianceFacts,
): Problem<ComplianceRule> | null {
  const { rules, timeZone } = facts;
  const local = localTimeOf(attempt.at, timeZone);
  const toBorrower = attempt.target === ContactTarget.BORROWER;

  if (toBorrower && facts.optedOut.has(attempt.channel)) {
    return problem(
      ComplianceRule.OPTED_OUT,
      `The borrower has opted out of ${attempt.channel} contact.`,
      ['channel'],
    );
  }
  if (
    rules.quietHoursChannels.includes(attempt.channel) &&
    (local.secondsOfDay < rules.contactWindow.from || local.secondsOfDay > rules.contactWindow.to)
  ) {
    return problem(
      ComplianceRule.QUIET_HOURS,
      `Contact is allowed only from ${clock(rules.contactWindow.from)} to ${clock(rules.contactWindow.to)} in the borrower's time zone (${timeZone}).`,
      ['at'],
    );
  }
  // Call limits protect the borrower: they count and govern calls to the borrower.
  if (attempt.channel === ContactChannel.CALL && toBorrower) {
    const calls = facts.history.filter(
      (a) => a.channel === ContactChannel.CALL && a.target === ContactTarget.BORROWER,
    );
    const dayOf = (a: PastAttempt) => localTimeOf(a.at, timeZone).date;
    if (rules.maxConnectedCallsPerDay !== null) {
      const connectedToday = calls.filter(
        (a) => a.outcome === AttemptOutcome.CONNECTED && dayOf(a).equals(local.date),
      ).length;
      if (connectedToday >= rules.maxConnectedCallsPerDay) {
        return problem(
          ComplianceRule.FREQUENCY_LIMIT,
          `At most ${rules.maxConnectedCallsPerDay} connected calls a day.`,
          ['at'],
        );
      }
    }
    if (rules.quietDaysAfterConversation !== null) {
      const span = rules.quietDaysAfterConversation - 1;
      const conversation = calls.find(
        (a) =>
          REACHED_OUTCOMES.includes(a.outcome) &&
          a.at.getTime() < attempt.at.getTime() &&
          BusinessDate.daysBetween(dayOf(a), local.date) <= span,
      );
      if (conversation) {
        return problem(
          ComplianceRule.FREQUENCY_LIMIT,
          `No calls within ${rules.quietDaysAfterConversation} days after a conversation.`,
          ['at'],
        );
      }
    }
    if (rules.maxCallAttemptsPerSevenDays !== null) {
      const days = calls.map(dayOf);
      // Every 7-day window that holds this attempt must stay within the limit.
      for (
        let start = local.date.addDays(-6);
        start.isOnOrBefore(local.date);
        start = start.addDays(1)
      ) {
        const end = start.addDays(6);
        const inWindow = days.filter((d) => d.isOnOrAfter(start) && d.isOnOrBefore(end)).length;
        if (inWindow >= rules.maxCallAttemptsPerSevenDays) {
          return problem(
            ComplianceRule.FREQUENCY_LIMIT,
            `At most ${rules.maxCallAttemptsPerSevenDays} call attempts in 7 consecutive days.`,
            ['at'],
          );
        }
      }
    }
  }
  if (!toBorrower) {
    if (!rules.thirdPartyChannels.includes(attempt.channel)) {
      return problem(
        ComplianceRule.THIRD_PARTY_LIMIT,
        `A reference contact is reached only by ${rules.thirdPartyChannels.join(' or ')}, to locate the borrower.`,
        ['channel'],
      );
    }
    const previous = facts.history.filter(
      (a) =>
        a.target === ContactTarget.REFERENCE_CONTACT &&
        a.referenceContactId === attempt.referenceContactId,
    ).length;
    if (previous >= rules.maxContactsPerThirdParty) {
      return problem(
        ComplianceRule.THIRD_PARTY_LIMIT,
        `Each reference contact is contacted at most ${rules.maxContactsPerThirdParty === 1 ? 'once' : `${rules.maxContactsPerThirdParty} times`}.`,
        ['referenceContactId'],
      );
    }
    const since = attempt.at.getTime() - rules.unreachableDaysBeforeThirdParty * DAY_MS;
    const reachedLately = facts.history.some(
      (a) =>
        a.target === ContactTarget.BORROWER &&
        REACHED_OUTCOMES.includes(a.outcome) &&
        a.at.getTime() > since &&
        a.at.getTime() <= attempt.at.getTime(),
    );
    if (facts.caseOpenedAt.getTime() > since || reachedLately) {
      return problem(
        ComplianceRule.THIRD_PARTY_LIMIT,
        `A reference contact is reached only to locate a borrower unreachable for ${rules.unreachableDaysBeforeThirdParty} days.`,
        ['target'],
      );
    }
  }
  return null;
}

/** How far ahead the planner looks for an allowed moment. */
export const PLANNING_HORIZON_DAYS = 31;

/**
 * The earliest instant at or after `from` at which an attempt on `channel`
 * to `target` would pass `checkAttempt`, or null if none within the
 * planning horizon (an opted-out channel, a spent third party).
 */
export function earliestAllowed(
  channel: ContactChannel,
  target: ContactTarget,
  referenceContactId: string | null,
  from: Date,
  facts: ComplianceFacts,
): Date | null {
  const { rules, timeZone } = facts;
  const windowed = rules.quietHoursChannels.includes(channel);
  const first = localTimeOf(from, timeZone).date;
  for (let i = 0; i <= PLANNING_HORIZON_DAYS; i++) {
    const day = first.addDays(i);
    const opens = windowed
      ? instantAt(day, rules.contactWindow.from, timeZone)
      : instantAt(day, 0, timeZone);
    const candidate = new Date(Math.max(from.getTime(), opens.getTime()));
    if (!localTimeOf(candidate, timeZone).date.equals(day)) continue;
    if (checkAttempt({ at: candidate, channel, target, referenceContactId }, facts) === null) {
      return candidate;
    }
  }
  return null;
}

function clock(secondsOfDay: number): string {
  const h = Math.floor(secondsOfDay / 3600);
  const m = Math.floor(secondsOfDay / 60) % 60;
  const s = secondsOfDay % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return s === 0 ? `${two(h)}:${two(m)}` : `${two(h)}:${two(m)}:${two(s)}`;
}
