/**
 * What the contact-data guard costs, in requests/s: one query returning 100
 * reference contacts (10 borrowers x 10, aliased, read by an UNDERWRITER under
 * UNDERWRITING grants: 10 grant decisions and 10 hash-chained access-log
 * appends in one statement, 100 decryptions) against the same query shape on
 * consent/plain-contacts.ts's field, which is not sensitive (the same rows,
 * loaded the same way, no guard, no log, no decryption). The gateway runs in
 * a child process (harness/consent-gateway-server.ts), autocannon in this one;
 * the two queries alternate round by round.
 */
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measurement } from '../gateway/measure.js';
import { isAnnouncement, type Announcement } from '../harness/child.js';
import { backendPids, cpuMeter } from '../harness/cpu.js';
import { compareQueries, allClean, type LoadSettings, type Meters } from '../harness/query-load.js';
import { startServerProcess, superviseChildren } from '../harness/server-process.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const GUARD_TARGET_RATIO = 1.3;
const EXPECTED_CONTACTS = 100;

export interface GuardFigures {
  readonly database: string;
  readonly settings: LoadSettings;
  readonly guarded: Measurement;
  readonly plain: Measurement;
  /** plain req/s : guarded req/s, how many times slower the guarded query is (target at most 1.3). */
  readonly ratio: number;
  /** The same, per round. */
  readonly roundRatios: readonly number[];
  /** Every response under load a 200 with the expected body. */
  readonly clean: boolean;
  /** CPU ms per response under load, of the gateway process and (on PostgreSQL) its backends. */
  readonly cpuMsPerRequest: {
    readonly guarded: Readonly<Record<string, number>>;
    readonly plain: Readonly<Record<string, number>>;
  };
  /** 1-minute load average before the run. */
  readonly loadBefore: number;
}

interface GuardAnnouncement extends Announcement {
  readonly token: string;
  readonly borrowerIds: readonly string[];
  readonly driver: string;
  readonly database: string | null;
}

function isGuardAnnouncement(value: unknown): value is GuardAnnouncement {
  return (
    isAnnouncement(value) &&
    typeof value.token === 'string' &&
    Array.isArray(Reflect.get(value, 'borrowerIds'))
  );
}

const query = (ids: readonly string[], field: string) =>
  `query Guard { ${ids
    .map(
      (id, i) =>
        `b${i}: borrower(id: "${id}") { ${field}(purpose: UNDERWRITING) { id relationship name phone } }`,
    )
    .join(' ')} }`;

const contactsIn = (field: string) => (data: Record<string, unknown>) => {
  const total = Object.values(data).reduce<number>(
    (n, b) => n + ((b as Record<string, unknown[] | null>)[field]?.length ?? 0),
    0,
  );
  if (total !== EXPECTED_CONTACTS)
    throw new Error(`${field}: ${total} contacts, not ${EXPECTED_CONTACTS}`);
};

/** Starts the gateway (DATABASE_URL decides the database), measures both queries, stops it. */
export async function measureGuard(settings: LoadSettings): Promise<GuardFigures> {
  superviseChildren('the consent gateway');
  const loadBefore = os.loadavg()[0]!;
  const server = await startServerProcess({
    name: 'consent gateway',
    script: resolve(HERE, '../harness/consent-gateway-server.ts'),
    isAnnouncement: isGuardAnnouncement,
    invalid: 'no "url", "token" or "borrowerIds"',
  });
  try {
    const { url, token, borrowerIds, driver, database } = server.announcement;
    const meters: Meters = {
      gateway: () => cpuMeter(() => [server.pid]),
      ...(database ? { postgres: () => cpuMeter(() => backendPids(database)) } : {}),
    };
    const { measurements, roundRatios, cpuMsPerRequest } = await compareQueries(
      url,
      [
        {
          name: 'not sensitive',
          query: query(borrowerIds, 'plainContacts'),
          token,
          check: contactsIn('plainContacts'),
        },
        {
          name: 'guarded',
          query: query(borrowerIds, 'referenceContacts'),
          token,
          check: contactsIn('referenceContacts'),
        },
      ],
      settings,
      meters,
    );
    const [plain, guarded] = measurements as [Measurement, Measurement];
    return {
      database: driver,
      settings,
      guarded,
      plain,
      ratio: plain.requestsPerSecond / guarded.requestsPerSecond,
      roundRatios: roundRatios.map(([, g]) => 1 / g!),
      clean: allClean(measurements),
      cpuMsPerRequest: { plain: cpuMsPerRequest[0]!, guarded: cpuMsPerRequest[1]! },
      loadBefore,
    };
  } finally {
    await server.stop();
  }
}
