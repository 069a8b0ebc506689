/**
 * Our real gateway, started the way the tests start it (apps/gateway/test/harness.ts):
 * every default module, HS256 authentication and a contact-data key (both random
 * per run), a silent logger, on in-memory PGlite or, when DATABASE_URL is set,
 * a fresh database on that server (dropped again on stop).
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
import { createTestDb } from '@lending/testing';
import { announce, failStart, stopWhenAsked } from './child.js';

async function main(): Promise<void> {
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
  const token = await signToken(secret, { sub: 'ops-bench', role: 'OPS' });

  // Not gateway.stop(): on a signal, Apollo's own handler is already stopping
  // Apollo, and a concurrent second ApolloServer.stop() never returns
  // (@apollo/server 5.5.1 resolves its stop barrier only on failure). The
  // process exits next, so closing HTTP and dropping the database is enough.
  stopWhenAsked(async () => {
    await new Promise<void>((resolve) => {
      gateway.httpServer.close(() => resolve());
      gateway.httpServer.closeAllConnections();
    });
    await db.close();
  });
  announce({ url: gateway.url, token });
}

main().catch(failStart('gateway'));
