import { DateTime } from 'luxon';
import { BusinessDate } from './business-date.js';
import { DomainError } from './errors.js';

/** Seconds in a civil day; a local time of day is 0 ≤ s < SECONDS_PER_DAY. */
export const SECONDS_PER_DAY = 86_400;

export interface LocalTime {
  /** The civil date in the zone. */
  readonly date: BusinessDate;
  /** Seconds since local midnight (wall clock: 08:00:00 is 28,800 even on a DST day). */
  readonly secondsOfDay: number;
}

function zoned(instant: Date, timeZone: string): DateTime {
  const at = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!at.isValid)
    throw new DomainError('INVALID_TIME_ZONE', 'unknown time zone or invalid instant');
  return at;
}

/** The wall-clock date and time of `instant` in `timeZone` (IANA), DST included. */
export function localTimeOf(instant: Date, timeZone: string): LocalTime {
  const at = zoned(instant, timeZone);
  return {
    date: BusinessDate.of(at.year, at.month, at.day),
    secondsOfDay: at.hour * 3600 + at.minute * 60 + at.second,
  };
}

/**
 * The instant at which the wall clock in `timeZone` shows `secondsOfDay` on
 * `date`. A wall time skipped by a DST jump resolves to the first instant
 * after the gap (the time a clock shows it would be allowed again); a time
 * repeated by a DST fall-back resolves to its first occurrence.
 */
export function instantAt(date: BusinessDate, secondsOfDay: number, timeZone: string): Date {
  if (!Number.isInteger(secondsOfDay) || secondsOfDay < 0 || secondsOfDay > SECONDS_PER_DAY) {
    throw new DomainError('INVALID_DATE', 'seconds of day must be 0 to 86,400');
  }
  const midnight = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day },
    { zone: timeZone },
  );
  if (!midnight.isValid) throw new DomainError('INVALID_TIME_ZONE', 'unknown time zone');
  const wanted = DateTime.fromObject(
    {
      year: date.year,
      month: date.month,
      day: date.day,
      hour: Math.floor(secondsOfDay / 3600) % 24,
      minute: Math.floor(secondsOfDay / 60) % 60,
      second: secondsOfDay % 60,
    },
    { zone: timeZone },
  );
  if (secondsOfDay === SECONDS_PER_DAY) return instantAt(date.addDays(1), 0, timeZone);
  // luxon moves a wall time inside a DST gap forward by the gap; the first
  // instant after the gap is the start of the hour it lands in.
  const shows = (instant: Date) => {
    const local = localTimeOf(instant, timeZone);
    return local.date.equals(date) && local.secondsOfDay === secondsOfDay;
  };
  const found = wanted.toJSDate();
  if (!shows(found)) return wanted.startOf('hour').toJSDate();
  // A repeated wall time: prefer the earlier occurrence (DST shifts are 30 or 60 minutes).
  for (const shift of [3_600_000, 1_800_000]) {
    const earlier = new Date(found.getTime() - shift);
    if (shows(earlier)) return earlier;
  }
  return found;
}

/** The first instant of `date` in `timeZone`. */
export function startOfLocalDay(date: BusinessDate, timeZone: string): Date {
  return instantAt(date, 0, timeZone);
}
