import { DomainError, err, ok } from './errors.js';
import type { Result } from './errors.js';

export type BusinessDateErrorCode = 'INVALID_DATE';

export const BUSINESS_DATE_MIN_YEAR = 1;
export const BUSINESS_DATE_MAX_YEAR = 9999;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonthOf(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Howard Hinnant's days_from_civil / civil_from_days: days since 1970-01-01 in
// the proleptic Gregorian calendar, integer arithmetic only, so no Date and
// no time zone is involved.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const MIN_EPOCH_DAY = daysFromCivil(BUSINESS_DATE_MIN_YEAR, 1, 1);
const MAX_EPOCH_DAY = daysFromCivil(BUSINESS_DATE_MAX_YEAR, 12, 31);

function isValidCivil(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= BUSINESS_DATE_MIN_YEAR &&
    year <= BUSINESS_DATE_MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonthOf(year, month)
  );
}

// ICU switches to the Julian calendar before 1582, so fromInstant only takes
// instants whose civil date is unambiguous in every zone.
const INSTANT_MIN_MS = Date.UTC(1600, 0, 1);
const INSTANT_MAX_MS = Date.UTC(9999, 11, 30);

const formatterCache = new Map<string, Intl.DateTimeFormat>();
// Bounded: there are a few hundred IANA zones; a flood of odd (but valid)
// spellings must not grow the cache without limit.
const FORMATTER_CACHE_MAX = 1000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        calendar: 'iso8601',
        numberingSystem: 'latn',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      });
    } catch (cause) {
      throw new DomainError('INVALID_TIME_ZONE', 'unknown time zone', {
        cause,
      });
    }
    if (formatterCache.size >= FORMATTER_CACHE_MAX) formatterCache.clear();
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * A civil date (year, month 1–12, day) with no time and no zone: the unit of
 * business days, due dates and close of business. Immutable; years 1–9999.
 */
export class BusinessDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** Days since 1970-01-01. */
  readonly epochDay: number;

  private constructor(year: number, month: number, day: number, epochDay: number) {
    this.year = year;
    this.month = month;
    this.day = day;
    this.epochDay = epochDay;
    Object.freeze(this);
  }

  /** Strict 'YYYY-MM-DD': zero-padded, a real calendar date, nothing else. */
  static parse(text: string): Result<BusinessDate, BusinessDateErrorCode> {
    const match = typeof text === 'string' && text.length === 10 ? DATE_PATTERN.exec(text) : null;
    if (match === null) return err('INVALID_DATE', 'date must be YYYY-MM-DD');
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (!isValidCivil(year, month, day)) return err('INVALID_DATE', 'no such calendar date');
    return ok(new BusinessDate(year, month, day, daysFromCivil(year, month, day)));
  }

  /** Throwing variant of `parse`. */
  static of(year: number, month: number, day: number): BusinessDate {
    if (!isValidCivil(year, month, day)) {
      throw new DomainError(
        'INVALID_DATE',
        `no such calendar date: ${String(year)}-${String(month)}-${String(day)}`,
      );
    }
    return new BusinessDate(year, month, day, daysFromCivil(year, month, day));
  }

  /** Throwing variant of `parse` for 'YYYY-MM-DD' strings (fixtures, constants). */
  static parseOrThrow(text: string): BusinessDate {
    const result = BusinessDate.parse(text);
    if (!result.ok) throw new DomainError('INVALID_DATE', result.errors[0].message);
    return result.value;
  }

  static fromEpochDay(epochDay: number): BusinessDate {
    if (!Number.isSafeInteger(epochDay) || epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
      throw new DomainError('INVALID_DATE', 'date out of range (years 1–9999)');
    }
    const { year, month, day } = civilFromDays(epochDay);
    return new BusinessDate(year, month, day, epochDay);
  }

  /** The civil date an instant falls on in an IANA time zone ('Asia/Shanghai'); instants from 1600 to 9999. */
  static fromInstant(instant: Date, timeZone: string): BusinessDate {
    const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
    if (!(ms >= INSTANT_MIN_MS && ms <= INSTANT_MAX_MS)) {
      throw new DomainError('INVALID_DATE', 'instant must be a valid Date between 1600 and 9999');
    }
    const parts = formatterFor(timeZone).formatToParts(instant);
    const part = (type: Intl.DateTimeFormatPartTypes): string | undefined =>
      parts.find((candidate) => candidate.type === type)?.value;
    const year = Number(part('year'));
    const month = Number(part('month'));
    const day = Number(part('day'));
    if (!isValidCivil(year, month, day)) {
      throw new DomainError('INVARIANT_VIOLATION', 'Intl produced an invalid civil date');
    }
    return new BusinessDate(year, month, day, daysFromCivil(year, month, day));
  }

  /** Signed whole days from `a` to `b` (positive when b is later). */
  static daysBetween(a: BusinessDate, b: BusinessDate): number {
    return b.epochDay - a.epochDay;
  }

  static min(a: BusinessDate, b: BusinessDate): BusinessDate {
    return a.epochDay <= b.epochDay ? a : b;
  }

  static max(a: BusinessDate, b: BusinessDate): BusinessDate {
    return a.epochDay >= b.epochDay ? a : b;
  }

  get dayOfMonth(): number {
    return this.day;
  }

  get daysInMonth(): number {
    return daysInMonthOf(this.year, this.month);
  }

  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  get dayOfWeek(): number {
    // 1970-01-01 was a Thursday (4).
    return ((((this.epochDay + 3) % 7) + 7) % 7) + 1;
  }

  isLeapYear(): boolean {
    return isLeapYear(this.year);
  }

  addDays(days: number): BusinessDate {
    if (!Number.isSafeInteger(days))
      throw new DomainError('INVALID_DATE', 'days must be an integer');
    return BusinessDate.fromEpochDay(this.epochDay + days);
  }

  /**
   * The same day `months` months from this date, clamped to the end of a
   * shorter month: 2024-01-31 + 1 = 2024-02-29, 2025-01-31 + 1 = 2025-02-28.
   * Counted from `this`, so chaining loses the anchor (Jan 31 → Feb 28 → Mar 28);
   * schedules should call `anchor.addMonths(k)` for k = 1..n, which gives
   * Feb 29, Mar 31, Apr 30. `anchorDay` (1–31) overrides the day to aim for.
   */
  addMonths(months: number, anchorDay: number = this.day): BusinessDate {
    if (!Number.isSafeInteger(months))
      throw new DomainError('INVALID_DATE', 'months must be an integer');
    if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) {
      throw new DomainError('INVALID_DATE', 'anchorDay must be an integer in 1..31');
    }
    const monthIndex = this.year * 12 + (this.month - 1) + months;
    const year = Math.floor(monthIndex / 12);
    const month = monthIndex - year * 12 + 1;
    if (year < BUSINESS_DATE_MIN_YEAR || year > BUSINESS_DATE_MAX_YEAR) {
      throw new DomainError('INVALID_DATE', 'date out of range (years 1–9999)');
    }
    const day = Math.min(anchorDay, daysInMonthOf(year, month));
    return new BusinessDate(year, month, day, daysFromCivil(year, month, day));
  }

  startOfMonth(): BusinessDate {
    return BusinessDate.of(this.year, this.month, 1);
  }

  endOfMonth(): BusinessDate {
    return BusinessDate.of(this.year, this.month, this.daysInMonth);
  }

  /** Signed whole days from this date to `other`. */
  daysUntil(other: BusinessDate): number {
    return other.epochDay - this.epochDay;
  }

  compare(other: BusinessDate): -1 | 0 | 1 {
    return this.epochDay < other.epochDay ? -1 : this.epochDay > other.epochDay ? 1 : 0;
  }

  equals(other: BusinessDate): boolean {
    return this.epochDay === other.epochDay;
  }

  isBefore(other: BusinessDate): boolean {
    return this.epochDay < other.epochDay;
  }

  isAfter(other: BusinessDate): boolean {
    return this.epochDay > other.epochDay;
  }

  isOnOrBefore(other: BusinessDate): boolean {
    return this.epochDay <= other.epochDay;
  }

  isOnOrAfter(other: BusinessDate): boolean {
    return this.epochDay >= other.epochDay;
  }

  toString(): string {
    return `${String(this.year).padStart(4, '0')}-${String(this.month).padStart(2, '0')}-${String(this.day).padStart(2, '0')}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
