/**
 * Our real gateway as the benches run it, started the way the tests start it
 * (apps/gateway/test/harness.ts): every default module (plus any a bench
 * adds), HS256 authentication and a contact-data key (both random per run), a
 * silent logger, `production: true`, on in-memory PGlite or, when
 * DATABASE_URL is set, a fresh database on that server (dropped again on stop).
 * Used in a child process of a runner by gateway-server.ts and
 * credit-gateway-server.ts, and in process by consent/run.ts.
 *
 * bench/harness/ is the one place outside apps/gateway allowed to import
 * @lending/gateway (eslint.config.js enforces it): a bench that needs the
 * gateway starts it through here.
 */
import { randomBytes } from 'node:crypto';
import {
  createAuthenticator,
  createLogger,
  createModuleDeps,
  defaultModules,
  signToken,
  startGateway,
  startJobs,
} from '@lending/gateway';
import { BusinessCalendarMode } from '@lending/close-of-business';
import { developmentSender } from '@lending/collections';
import type { GatewayModule, ModuleDeps } from '@lending/graphql-kit';
import type { Clock } from '@lending/kernel';
import { createTestDb, type TestDb } from '@lending/testing';

export interface BenchGatewayOptions {
  /** Served after the default modules: a bench-only baseline field, say. */
  readonly extraModules?: readonly GatewayModule[];
  /** The system clock unless given; seed data with the same one. */
  readonly clock?: Clock;
  /** Told the text of every statement the gateway's database handle sends (statement counts). */
  readonly onQuery?: (query: string) => void;
}

export interface BenchGateway {
  readonly url: string;
  readonly db: TestDb;
  /** What the modules were built with (the contact-data vault, for seeding). */
  readonly deps: ModuleDeps;
  /** A token for `claims`, signed with this run's secret. */
  readonly token: (claims: Parameters<typeof signToken>[1]) => Promise<string>;
  /** Closes HTTP and the database: what to pass to child.ts's `stopWhenAsked`. */
  readonly stop: () => Promise<void>;
}

export async function startBenchGateway(options: BenchGatewayOptions = {}): Promise<BenchGateway> {
  const secret = randomBytes(32);
  const db = await createTestDb({ onQuery: options.onQuery });
  const clock = options.clock ?? { now: () => new Date() };
  const sender = developmentSender();
  // Benches replay business days of their own choosing, ahead of the calendar if they like.
  const calendar = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' };
  const jobs = await startJobs({
    handle: db,
    clock,
    logger: createLogger('silent'),
    sender,
    calendar,
    work: true,
  });
  const deps = createModuleDeps({ contactDataKey: randomBytes(32), sender, jobs, calendar });
  const gateway = await startGateway({
    db,
    clock,
    modules: [...defaultModules, ...(options.extraModules ?? [])],
    deps,
    authenticate: createAuthenticator({ kind: 'hs256', secret }),
    logger: createLogger('silent'),
    production: true,
    // A benchmark measures throughput from one address: the limits would be what it measures.
    rateLimits: 'off',
    port: 0,
  });
  return {
    url: gateway.url,
    db,
    deps,
    token: (claims) => signToken(secret, claims),
    // Not gateway.stop(): on a signal, Apollo's own handler is already stopping
    // Apollo, and a concurrent second ApolloServer.stop() never returns
    // (@apollo/server 5.5.1 resolves its stop barrier only on failure). The
    // process exits next, so closing HTTP and dropping the database is enough.
    stop: async () => {
      await new Promise<void>((resolve) => {
        gateway.httpServer.close(() => resolve());
        gateway.httpServer.closeAllConnections();
      });
      await jobs.stop();
      await db.close();
    },
  };
}
