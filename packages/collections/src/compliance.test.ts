import { describe, expect, it } from 'vitest';
import {
  checkAttempt,
  earliestAllowed,
  type ComplianceFacts,
  type PastAttempt,
} from './compliance.js';
import { JURISDICTION_RULES } from './jurisdiction-rules.js';
import { AttemptOutcome, ContactChannel, ContactTarget } from './vocabulary.js';

const CN: ComplianceFacts = {
  rules: JURISDICTION_RULES.CN,
  timeZone: 'Asia/Shanghai',
  optedOut: new Set(),
  history: [],
  caseOpenedAt: new Date('2026-01-01T00:00:00Z'),
};
const US: ComplianceFacts = { ...CN, rules: JURISDICTION_RULES.US, timeZone: 'America/New_York' };

const call = (at: string, referenceContactId: string | null = null) => ({
  at: new Date(at),
  channel: ContactChannel.CALL,
  target: referenceContactId ? ContactTarget.REFERENCE_CONTACT : ContactTarget.BORROWER,
  referenceContactId,
});
const past = (
  at: string,
  outcome: AttemptOutcome,
  extra: Partial<PastAttempt> = {},
): PastAttempt => ({
  ...call(at),
  outcome,
  ...extra,
});
const ruleOf = (attempt: ReturnType<typeof call>, facts: ComplianceFacts) =>
  checkAttempt(attempt, facts)?.code ?? 'ALLOWED';

describe('quiet hours in the borrower’s time zone', () => {
  // Asia/Shanghai is UTC+8 all year: 08:00 local is 00:00Z.
  it.each([
    ['2026-03-09T23:59:59Z', '07:59:59', 'QUIET_HOURS'],
    ['2026-03-10T00:00:00Z', '08:00:00', 'ALLOWED'],
    ['2026-03-10T13:59:59Z', '21:59:59', 'ALLOWED'],
    ['2026-03-10T14:00:00Z', '22:00:00', 'QUIET_HOURS'],
  ])('CN: a call at %s (%s in Shanghai) is %s', (at, _local, expected) => {
    expect(ruleOf(call(at), CN)).toBe(expected);
  });

  // America/New_York: EST (UTC-5) until 2026-03-08 02:00, EDT (UTC-4) after.
  it.each([
    ['2026-03-06T12:59:59Z', '07:59:59 EST', 'QUIET_HOURS'],
    ['2026-03-06T13:00:00Z', '08:00:00 EST', 'ALLOWED'],
    ['2026-03-07T02:00:00Z', '21:00:00 EST', 'ALLOWED'],
    ['2026-03-07T02:00:01Z', '21:00:01 EST', 'QUIET_HOURS'],
    // The day the clocks go forward: the window follows the wall clock, not UTC.
    ['2026-03-08T11:59:59Z', '07:59:59 EDT', 'QUIET_HOURS'],
    ['2026-03-08T12:00:00Z', '08:00:00 EDT', 'ALLOWED'],
    ['2026-03-09T01:00:00Z', '21:00:00 EDT', 'ALLOWED'],
    ['2026-03-09T01:00:01Z', '21:00:01 EDT', 'QUIET_HOURS'],
    // 13:00Z was 08:00 the day before; on the change day it is 09:00 EDT.
    ['2026-03-08T12:59:59Z', '08:59:59 EDT', 'ALLOWED'],
  ])('US: a call at %s (%s) is %s', (at, _local, expected) => {
    expect(ruleOf(call(at), US)).toBe(expected);
  });

  it('lets a letter go at any hour: quiet hours are for channels that reach a person at once', () => {
    expect(
      checkAttempt({ ...call('2026-03-10T18:00:00Z'), channel: ContactChannel.LETTER }, CN),
    ).toBeNull();
  });
});

describe('call frequency', () => {
  it('CN: refuses the 4th connected call of a local day, counting only calls that connected', () => {
    const history = [
      past('2026-03-10T01:00:00Z', AttemptOutcome.CONNECTED),
      past('2026-03-10T02:00:00Z', AttemptOutcome.NO_ANSWER),
      past('2026-03-10T03:00:00Z', AttemptOutcome.CONNECTED),
      past('2026-03-10T04:00:00Z', AttemptOutcome.CONNECTED),
    ];
    expect(ruleOf(call('2026-03-10T05:00:00Z'), { ...CN, history })).toBe('FREQUENCY_LIMIT');
    // Three connected calls leave room for nothing more that day, but the next day is new.
    expect(ruleOf(call('2026-03-11T01:00:00Z'), { ...CN, history })).toBe('ALLOWED');
    // A third connected call is allowed.
    expect(ruleOf(call('2026-03-10T05:00:00Z'), { ...CN, history: history.slice(0, 3) })).toBe(
      'ALLOWED',
    );
  });

  it('CN: the day is the borrower’s local day (16:00Z is already tomorrow in Shanghai)', () => {
    const history = [1, 2, 3].map((h) => past(`2026-03-10T0${h}:00:00Z`, AttemptOutcome.CONNECTED));
    // 2026-03-10T16:30Z is 2026-03-11 00:30 in Shanghai: quiet hours, but a new day for the count.
    expect(ruleOf(call('2026-03-11T00:30:00Z'), { ...CN, history })).toBe('ALLOWED');
  });

  it('US: refuses the 8th call attempt in 7 consecutive days', () => {
    const history = [2, 3, 4, 5, 6, 7, 8].map((d) =>
      past(`2026-04-0${d}T14:00:00Z`, AttemptOutcome.NO_ANSWER),
    );
    expect(ruleOf(call('2026-04-08T18:00:00Z'), { ...US, history })).toBe('FREQUENCY_LIMIT');
    // On the 9th the oldest (the 2nd) has left the window [3rd, 9th]: 6 in it, a 7th allowed.
    expect(ruleOf(call('2026-04-09T14:00:00Z'), { ...US, history })).toBe('ALLOWED');
    // Six before: the 7th is allowed.
    expect(ruleOf(call('2026-04-08T18:00:00Z'), { ...US, history: history.slice(1) })).toBe(
      'ALLOWED',
    );
  });

  it('US: no call within 7 days after a conversation (the conversation day is the first)', () => {
    const history = [past('2026-04-01T14:00:00Z', AttemptOutcome.CONNECTED)];
    expect(ruleOf(call('2026-04-01T18:00:00Z'), { ...US, history })).toBe('FREQUENCY_LIMIT');
    expect(ruleOf(call('2026-04-07T14:00:00Z'), { ...US, history })).toBe('FREQUENCY_LIMIT');
    expect(ruleOf(call('2026-04-08T14:00:00Z'), { ...US, history })).toBe('ALLOWED');
  });
});

describe('opt-outs and third parties', () => {
  it('refuses a channel the borrower opted out of, and only that one', () => {
    const facts = { ...CN, optedOut: new Set([ContactChannel.CALL]) };
    expect(ruleOf(call('2026-03-10T02:00:00Z'), facts)).toBe('OPTED_OUT');
    expect(
      checkAttempt({ ...call('2026-03-10T02:00:00Z'), channel: ContactChannel.SMS }, facts),
    ).toBeNull();
  });

  const REF = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
  const opened = { ...US, caseOpenedAt: new Date('2026-03-01T00:00:00Z') };

  it('reaches a reference contact only to locate a borrower unreachable for 14 days', () => {
    expect(ruleOf(call('2026-03-10T14:00:00Z', REF), opened)).toBe('THIRD_PARTY_LIMIT');
    expect(ruleOf(call('2026-03-16T14:00:00Z', REF), opened)).toBe('ALLOWED');
    const reached = {
      ...opened,
      history: [past('2026-03-10T14:00:00Z', AttemptOutcome.CONNECTED)],
    };
    expect(ruleOf(call('2026-03-16T14:00:00Z', REF), reached)).toBe('THIRD_PARTY_LIMIT');
  });

  it('reaches each reference contact at most once, and never by letter', () => {
    const once = {
      ...opened,
      history: [
        past('2026-03-16T14:00:00Z', AttemptOutcome.NO_ANSWER, {
          target: ContactTarget.REFERENCE_CONTACT,
          referenceContactId: REF,
        }),
      ],
    };
    expect(checkAttempt(call('2026-03-20T14:00:00Z', REF), once)).toMatchObject({
      code: 'THIRD_PARTY_LIMIT',
      message: 'Each reference contact is contacted at most once.',
    });
    expect(
      checkAttempt(
        { ...call('2026-03-20T14:00:00Z', REF), channel: ContactChannel.LETTER },
        opened,
      ),
    ).toMatchObject({ code: 'THIRD_PARTY_LIMIT' });
  });
});

describe('earliestAllowed', () => {
  it('moves a call out of quiet hours to the window’s opening, in the borrower’s zone', () => {
    expect(
      earliestAllowed(
        ContactChannel.CALL,
        ContactTarget.BORROWER,
        null,
        new Date('2026-03-10T15:00:00Z'),
        CN,
      )?.toISOString(),
    ).toBe('2026-03-11T00:00:00.000Z');
    expect(
      earliestAllowed(
        ContactChannel.CALL,
        ContactTarget.BORROWER,
        null,
        new Date('2026-03-10T05:00:00Z'),
        CN,
      )?.toISOString(),
    ).toBe('2026-03-10T05:00:00.000Z');
  });

  it('skips days the limits forbid, and gives up on an opted-out channel', () => {
    const history = [past('2026-04-01T14:00:00Z', AttemptOutcome.CONNECTED)];
    expect(
      earliestAllowed(
        ContactChannel.CALL,
        ContactTarget.BORROWER,
        null,
        new Date('2026-04-01T15:00:00Z'),
        { ...US, history },
      )?.toISOString(),
    ).toBe('2026-04-08T12:00:00.000Z'); // 08:00 EDT, the first day after the 7
    expect(
      earliestAllowed(ContactChannel.SMS, ContactTarget.BORROWER, null, new Date(), {
        ...CN,
        optedOut: new Set([ContactChannel.SMS]),
      }),
    ).toBeNull();
  });
});
