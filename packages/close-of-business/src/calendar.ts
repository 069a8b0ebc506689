import { getBusinessDate, type Db } from '@lending/db';
import { BusinessDate, type Clock } from '@lending/kernel';

/**
 * Whether the business date follows the calendar. Moving it to day X runs
 * day X's work (the night's accrual into X, instalments due on X) and so
 * says that day X-1 has ended: under `calendar` close of business goes no
 * further than today in the lender's zone; `simulated` lets development,
 * tests and simulations run ahead.
 */
export const BusinessCalendarMode = {
  CALENDAR: 'calendar',
  SIMULATED: 'simulated',
} as const;
export type BusinessCalendarMode = (typeof BusinessCalendarMode)[keyof typeof BusinessCalendarMode];

export interface BusinessCalendar {
  readonly mode: BusinessCalendarMode;
  /** The lender's IANA zone: a day has ended at midnight here. */
  readonly timeZone: string;
}

/** The civil date of the clock's now in the calendar's zone. */
export function todayIn(calendar: BusinessCalendar, clock: Clock): BusinessDate {
  return BusinessDate.fromInstant(clock.now(), calendar.timeZone);
}

export interface BusinessCalendarStatus {
  readonly mode: BusinessCalendarMode;
  readonly timeZone: string;
  readonly today: BusinessDate;
  readonly businessDate: BusinessDate;
  /** Business date minus today: positive when running ahead, negative while a close is due. */
  readonly daysAhead: number;
}

/** Where the business date stands against today: for /readyz, the start-up log and OPS. */
export async function businessCalendarStatus(
  db: Db,
  clock: Clock,
  calendar: BusinessCalendar,
): Promise<BusinessCalendarStatus> {
  const businessDate = BusinessDate.parseOrThrow(await getBusinessDate(db));
  const today = todayIn(calendar, clock);
  return {
    mode: calendar.mode,
    timeZone: calendar.timeZone,
    today,
    businessDate,
    daysAhead: BusinessDate.daysBetween(today, businessDate),
  };
}
