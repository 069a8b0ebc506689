import {
  BusinessCalendarMode,
  businessCalendarStatus,
  todayIn,
  type BusinessCalendar,
} from '@lending/close-of-business';
import type { Db } from '@lending/db';
import type { Clock } from '@lending/kernel';
import type { Logger } from './logger.js';

/**
 * Says at start which business calendar this process keeps to, today in its
 * zone and the business date, in the log and as a line for the console:
 * whoever starts it should see at once whether it may run ahead.
 */
export async function announceBusinessCalendar(options: {
  readonly db: Db;
  readonly clock: Clock;
  readonly calendar: BusinessCalendar;
  readonly production: boolean;
  readonly logger: Logger;
}): Promise<string> {
  const { calendar, clock, logger } = options;
  // A worker may start before any gateway has initialised the business date.
  const status = await businessCalendarStatus(options.db, clock, calendar).catch(() => null);
  const today = status?.today ?? todayIn(calendar, clock);
  const fields = {
    mode: calendar.mode,
    timeZone: calendar.timeZone,
    today: today.toString(),
    businessDate: status?.businessDate.toString() ?? null,
    daysAhead: status?.daysAhead ?? null,
  };
  const where = status
    ? `business date ${status.businessDate.toString()} (${relative(status.daysAhead)})`
    : 'business date not initialised yet';
  const simulated = calendar.mode === BusinessCalendarMode.SIMULATED;
  const line =
    `Business calendar: ${calendar.mode} (${calendar.timeZone}), today ${today.toString()}, ${where}; ` +
    (simulated
      ? 'close of business may run ahead of the calendar'
      : 'close of business closes only days that have ended');
  const ahead = (status?.daysAhead ?? 0) > 0;
  if ((simulated && options.production) || (!simulated && ahead))
    logger.warn({ businessCalendar: fields }, line);
  else logger.info({ businessCalendar: fields }, line);
  return line;
}

function relative(daysAhead: number): string {
  if (daysAhead === 0) return 'today';
  const days = Math.abs(daysAhead) === 1 ? 'day' : 'days';
  return daysAhead > 0
    ? `${daysAhead} ${days} ahead`
    : `${-daysAhead} ${days} behind: a close is due`;
}
