import { sql } from 'drizzle-orm';
import {
  businessCalendarStatus,
  type BusinessCalendar,
  type BusinessCalendarMode,
} from '@lending/close-of-business';
import { pendingMigrations, type Db } from '@lending/db';
import { latestHeartbeat } from '@lending/jobs';
import type { Clock } from '@lending/kernel';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: {
    readonly database: 'ok' | 'unreachable';
    readonly migrations: string;
    readonly worker: string;
    readonly businessDate: BusinessDateCheck | 'unknown';
  };
}

/** The business date against today in the business calendar's zone. */
export interface BusinessDateCheck {
  readonly businessDate: string;
  readonly today: string;
  readonly timeZone: string;
  readonly calendar: BusinessCalendarMode;
  /** Positive when running ahead of the calendar; negative while a close is due. */
  readonly daysAhead: number;
}

const TIMEOUT_MS = 2_000;

/**
 * `/readyz`: the database answers, its schema is the one this code was
 * built for, and some worker (in this process or another) has beaten within
 * three heartbeats, so queued jobs will run. Each check is bounded in time:
 * a probe that hangs is an outage of its own. It also shows the business
 * date against today, which never makes the gateway unready: behind is a
 * close still to run (every night between midnight and the schedule), and
 * ahead cannot be undone by taking the API away from borrowers.
 */
export function readinessProbe(options: {
  readonly db: Db;
  readonly heartbeatSeconds: number;
  readonly clock: Clock;
  readonly calendar: BusinessCalendar;
}): () => Promise<ReadinessReport> {
  return async () => {
    try {
      await withTimeout(options.db.execute(sql`select 1`));
    } catch {
      return {
        ready: false,
        checks: {
          database: 'unreachable',
          migrations: 'unknown',
          worker: 'unknown',
          businessDate: 'unknown',
        },
      };
    }
    const [pending, beat, businessDate] = await Promise.all([
      withTimeout(pendingMigrations(options.db)).catch(() => -1),
      withTimeout(latestHeartbeat(options.db)).catch(() => null),
      withTimeout(businessDateCheck(options)).catch(() => 'unknown' as const),
    ]);
    const stale = options.heartbeatSeconds * 3;
    const migrations = pending === 0 ? 'current' : pending < 0 ? 'unknown' : `${pending} pending`;
    const worker =
      beat === null
        ? 'unknown'
        : beat.ageSeconds !== null && beat.ageSeconds <= stale
          ? `ok (${beat.workers} alive)`
          : `no heartbeat within ${stale} s`;
    return {
      ready: pending === 0 && worker.startsWith('ok'),
      checks: { database: 'ok', migrations, worker, businessDate },
    };
  };
}

async function businessDateCheck(options: {
  readonly db: Db;
  readonly clock: Clock;
  readonly calendar: BusinessCalendar;
}): Promise<BusinessDateCheck> {
  const status = await businessCalendarStatus(options.db, options.clock, options.calendar);
  return {
    businessDate: status.businessDate.toString(),
    today: status.today.toString(),
    timeZone: status.timeZone,
    calendar: status.mode,
    daysAhead: status.daysAhead,
  };
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
