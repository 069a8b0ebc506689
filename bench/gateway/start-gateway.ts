/**
 * Our real gateway as the benches run it, in a child process of a runner,
 * started the way the tests start it (apps/gateway/test/harness.ts): every
 * default module, HS256 authentication and a contact-data key (both random
 * per run), a silent logger, `production: true`, on in-memory PGlite or, when
 * DATABASE_URL is set, a fresh database on that server (dropped again on stop).
 * Used by gateway/gateway-server.ts and credit/gateway-server.ts.
 */
import { randomBytes } from 'node:crypto';
import {
  createAuthenticator,
  createLogger,
  createModuleDeps,
  defaultModules,
  signToken,
  startGateway,
} from '@lending/gateway';
import { createTestDb, type TestDb } from '@lending/testing';

export interface BenchGateway {
  readonly url: string;
  readonly db: TestDb;
  /** A token for `claims`, signed with this run's secret. */
  readonly token: (claims: Parameters<typeof signToken>[1]) => Promise<string>;
  /** Closes HTTP and the database: what to pass to child.ts's `stopWhenAsked`. */
  readonly stop: () => Promise<void>;
}

export async function startBenchGateway(): Promise<BenchGateway> {
  const secret = randomBytes(32);
  const db = await createTestDb();
  const gateway = await startGateway({
    db,
    clock: { now: () => new Date() },
    modules: defaultModules,
    deps: createModuleDeps({ contactDataKey: randomBytes(32) }),
    authenticate: createAuthenticator({ kind: 'hs256', secret }),
    logger: createLogger('silent'),
    production: true,
    port: 0,
  });
  return {
    url: gateway.url,
    db,
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
      await db.close();
    },
  };
}
