/**
 * The borrower dashboard, `viewer { borrower { creditLines { loans { schedule } } } }`
 * with 5 lines x 10 loans x 12 instalments, against `{ viewer { id } }` on the
 * same gateway (same token), in requests/s; and the SQL statements one
 * dashboard request sends for 1 x 1 x 3 and for 5 x 10 x 12, which must be
 * equal (one statement per level). The gateway runs in a child process
 * (harness/dashboard-gateway-server.ts), autocannon in this one.
 *
 *   pnpm --filter @lending/bench bench:dashboard [--duration 10] [--connections 8] [--warmup 2] [--rounds 2]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @lending/bench bench:dashboard
 *
 * Exit status 0 when every response was a 200 with the expected body and the
 * two statement counts are equal, 1 otherwise.
 */
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendPids, cpuMeter } from '../harness/cpu.js';
import { isAnnouncement, type Announcement } from '../harness/child.js';
import { DASHBOARD_QUERY } from '../harness/dashboard-shape.js';
import {
  allClean,
  comparisonReport,
  compareQueries,
  parseLoadSettings,
  type LoadSettings,
  type Meters,
} from '../harness/query-load.js';
import { startServerProcess, superviseChildren } from '../harness/server-process.js';
import type { Measurement } from './measure.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DASHBOARD_TARGET_RATIO = 0.5;

export interface DashboardFigures {
  readonly database: string;
  readonly settings: LoadSettings;
  readonly dashboard: Measurement;
  readonly viewer: Measurement;
  /** dashboard req/s : `{ viewer { id } }` req/s (target at least 0.5). */
  readonly ratio: number;
  readonly roundRatios: readonly number[];
  /** SQL statements one dashboard request sends, small (1 x 1 x 3) and large (5 x 10 x 12). */
  readonly statementsPerRequest: { readonly small: number; readonly large: number };
  readonly cpuMsPerRequest: {
    readonly dashboard: Readonly<Record<string, number>>;
    readonly viewer: Readonly<Record<string, number>>;
  };
  readonly clean: boolean;
  readonly loadBefore: number;
}

interface DashboardAnnouncement extends Announcement {
  readonly token: string;
  readonly statementsPerRequest: { readonly small: number; readonly large: number };
  readonly driver: string;
  readonly database: string | null;
}

function isDashboardAnnouncement(value: unknown): value is DashboardAnnouncement {
  return (
    isAnnouncement(value) &&
    typeof value.token === 'string' &&
    typeof Reflect.get(value, 'statementsPerRequest') === 'object'
  );
}

const schedulesIn = (data: Record<string, unknown>) => {
  const viewer = data['viewer'] as {
    borrower: { creditLines: { loans: { schedule: unknown[] }[] }[] };
  };
  const lines = viewer.borrower.creditLines;
  const instalments = lines.flatMap((l) => l.loans.flatMap((loan) => loan.schedule)).length;
  if (lines.length !== 5 || instalments !== 600) {
    throw new Error(
      `dashboard: ${lines.length} lines, ${instalments} instalments; expected 5, 600`,
    );
  }
};

/** Starts the gateway (DATABASE_URL decides the database), measures, stops it. */
export async function measureDashboard(settings: LoadSettings): Promise<DashboardFigures> {
  superviseChildren('the dashboard gateway');
  const loadBefore = os.loadavg()[0]!;
  const server = await startServerProcess({
    name: 'dashboard gateway',
    script: resolve(HERE, '../harness/dashboard-gateway-server.ts'),
    isAnnouncement: isDashboardAnnouncement,
    invalid: 'no "url", "token" or "statementsPerRequest"',
  });
  try {
    const { url, token, statementsPerRequest, driver, database } = server.announcement;
    const meters: Meters = {
      gateway: () => cpuMeter(() => [server.pid]),
      ...(database ? { postgres: () => cpuMeter(() => backendPids(database)) } : {}),
    };
    const { measurements, roundRatios, cpuMsPerRequest } = await compareQueries(
      url,
      [
        { name: '{ viewer { id } }', query: '{ viewer { id } }', token },
        { name: 'dashboard 5x10x12', query: DASHBOARD_QUERY, token, check: schedulesIn },
      ],
      settings,
      meters,
    );
    const [viewer, dashboard] = measurements as [Measurement, Measurement];
    return {
      database: driver,
      settings,
      dashboard,
      viewer,
      ratio: dashboard.requestsPerSecond / viewer.requestsPerSecond,
      roundRatios: roundRatios.map(([, d]) => d!),
      statementsPerRequest,
      cpuMsPerRequest: { viewer: cpuMsPerRequest[0]!, dashboard: cpuMsPerRequest[1]! },
      clean: allClean(measurements) && statementsPerRequest.small === statementsPerRequest.large,
      loadBefore,
    };
  } finally {
    await server.stop();
  }
}

export function dashboardReport(f: DashboardFigures): string {
  return [
    comparisonReport(
      `borrower dashboard (5 lines x 10 loans x 12 instalments) : { viewer { id } } on the same gateway, ${f.database}`,
      f.settings,
      f.loadBefore,
      [
        { m: f.viewer, cpu: f.cpuMsPerRequest.viewer },
        { m: f.dashboard, cpu: f.cpuMsPerRequest.dashboard },
      ],
    ),
    '',
    `ratio (dashboard req/s : viewer req/s) ${f.ratio.toFixed(2)} (target at least ${DASHBOARD_TARGET_RATIO}); per round ${f.roundRatios.map((r) => r.toFixed(2)).join(', ')}`,
    `SQL statements per dashboard request: ${f.statementsPerRequest.small} for 1 x 1 x 3, ${f.statementsPerRequest.large} for 5 x 10 x 12`,
  ].join('\n');
}

const isMain = process.argv[1]?.endsWith('gateway/dashboard.ts') ?? false;
if (isMain) {
  measureDashboard(parseLoadSettings(process.argv.slice(2))).then(
    (figures) => {
      process.stdout.write(`${dashboardReport(figures)}\n`);
      process.exit(figures.clean ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`bench:dashboard failed: ${String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    },
  );
}
