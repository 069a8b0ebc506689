import { sql } from 'drizzle-orm';
import { pendingMigrations, type Db } from '@lending/db';
import { latestHeartbeat } from '@lending/jobs';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: {
    readonly database: 'ok' | 'unreachable';
    readonly migrations: string;
    readonly worker: string;
  };
}

const TIMEOUT_MS = 2_000;

/**
 * `/readyz`: the database answers, its schema is the one this code was
 * built for, and some worker (in this process or another) has beaten within
 * three heartbeats, so queued jobs will run. Each check is bounded in time:
 * a probe that hangs is an outage of its own.
 */
export function readinessProbe(options: {
  readonly db: Db;
  readonly heartbeatSeconds: number;
}): () => Promise<ReadinessReport> {
  return async () => {
    try {
      await withTimeout(options.db.execute(sql`select 1`));
    } catch {
      return {
        ready: false,
        checks: { database: 'unreachable', migrations: 'unknown', worker: 'unknown' },
      };
    }
    const [pending, beat] = await Promise.all([
      withTimeout(pendingMigrations(options.db)).catch(() => -1),
      withTimeout(latestHeartbeat(options.db)).catch(() => null),
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
      checks: { database: 'ok', migrations, worker },
    };
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
