import 'reflect-metadata';
import { BusinessCalendarMode, type BusinessCalendar } from '@lending/close-of-business';
import { developmentSender } from '@lending/collections';
import { FixedClock, Role, toGlobalId } from '@lending/kernel';
import type { GatewayModule, ModuleDeps } from '@lending/graphql-kit';
import type { JobEngine } from '@lending/jobs';
import { createTestDb, type TestDb } from '@lending/testing';
import { createAuthenticator, signToken, type Authenticate } from '../src/auth.js';
import { createLogger, type Logger } from '../src/logger.js';
import { startJobs } from '../src/jobs.js';
import { GatewayMetrics } from '../src/metrics.js';
import { createModuleDeps, defaultModules } from '../src/modules.js';
import { readinessProbe } from '../src/readiness.js';
import type { RateLimitConfig } from '../src/rate-limit.js';
import { startGateway, type RunningGateway } from '../src/server.js';

export const TEST_SECRET = new TextEncoder().encode('test-secret-that-is-at-least-32-bytes-long');
export const TEST_CONTACT_KEY = Buffer.alloc(32, 7);

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestGateway {
  readonly gateway: RunningGateway;
  readonly deps: ModuleDeps;
  readonly jobs: JobEngine;
  readonly db: TestDb;
  readonly clock: FixedClock;
  readonly url: string;
  /** POSTs one operation; `token: null` sends no Authorization header. */
  gql<T = Record<string, unknown>>(
    query: string,
    options?: {
      token?: string | null;
      variables?: Record<string, unknown>;
      headers?: Record<string, string>;
    },
  ): Promise<GraphQLResponse<T>>;
  token(role: Role, sub?: string): Promise<string>;
  borrowerToken(borrowerId: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestGateway(
  options: {
    modules?: readonly GatewayModule[];
    production?: boolean;
    /** As env.ts defaults it: `calendar` in production, `simulated` otherwise, in Asia/Shanghai. */
    calendar?: BusinessCalendar;
    /** Off unless given: most files send many requests from one address and one token. */
    rateLimits?: RateLimitConfig;
    logger?: Logger;
    /** Told the text of every statement the gateway's database handle sends. */
    onQuery?: (query: string) => void;
    /** The bearer token /metrics asks for. */
    metricsToken?: string;
    /** HS256 with TEST_SECRET and the development token policy unless given. */
    authenticate?: Authenticate;
  } = {},
): Promise<TestGateway> {
  const db = await createTestDb({ onQuery: options.onQuery });
  const clock = new FixedClock(new Date('2026-01-15T09:00:00Z'));
  const sender = developmentSender();
  const logger = options.logger ?? createLogger('silent');
  const calendar: BusinessCalendar = options.calendar ?? {
    mode: options.production ? BusinessCalendarMode.CALENDAR : BusinessCalendarMode.SIMULATED,
    timeZone: 'Asia/Shanghai',
  };
  // The jobs run in the test's process, as in the embedded default.
  const metrics = new GatewayMetrics();
  const jobs = await startJobs({
    handle: db,
    clock,
    logger,
    sender,
    calendar,
    work: true,
    // A job queued here wakes the local worker at once; polling is only the fallback.
    heartbeatSeconds: 2,
    observer: metrics,
  });
  metrics.watch({ db, jobs });
  const deps = createModuleDeps({
    contactDataKey: TEST_CONTACT_KEY,
    sender,
    jobs,
    calendar,
    metrics,
  });
  const gateway = await startGateway({
    db,
    clock,
    modules: options.modules ?? defaultModules,
    deps,
    authenticate:
      options.authenticate ?? createAuthenticator({ kind: 'hs256', secret: TEST_SECRET }),
    logger,
    production: options.production ?? false,
    rateLimits: options.rateLimits ?? 'off',
    port: 0,
    metrics,
    metricsToken: options.metricsToken ?? null,
    readiness: readinessProbe({ db: db.db, heartbeatSeconds: 2, clock, calendar }),
  });
  const opsToken = await signToken(TEST_SECRET, { sub: 'ops-1', role: Role.OPS });

  return {
    gateway,
    deps,
    jobs,
    db,
    clock,
    url: gateway.url,
    async gql(query, { token = opsToken, variables, headers = {} } = {}) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
      return {
        status: response.status,
        headers: response.headers,
        ...body,
      } as GraphQLResponse<never>;
    },
    token: (role, sub = `${role.toLowerCase()}-1`) => signToken(TEST_SECRET, { sub, role }),
    borrowerToken: (borrowerId) =>
      signToken(TEST_SECRET, { sub: toGlobalId('Borrower', borrowerId), role: Role.BORROWER }),
    async stop() {
      await gateway.stop();
      await jobs.stop();
      await db.close();
    },
  };
}

export function errorCodes(response: GraphQLResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((e) => e.extensions?.['code']);
}
