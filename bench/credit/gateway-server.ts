/**
 * The real gateway for the credit bench, started as bench/gateway/gateway-server.ts
 * starts it (every default module, HS256 with a random secret, a random
 * contact-data key, logger `silent`, `production: true`, in-memory PGlite or
 * a fresh database on DATABASE_URL's server), plus one borrower to apply as.
 * Announces the URL, that borrower's token and global id, and the driver.
 */
import { randomBytes } from 'node:crypto';
import { borrowerFactory } from '@lending/borrowers/testing';
import {
  createAuthenticator,
  createLogger,
  createModuleDeps,
  defaultModules,
  signToken,
  startGateway,
} from '@lending/gateway';
import { Role, toGlobalId } from '@lending/kernel';
import { createTestDb } from '@lending/testing';
import { announce, failStart, stopWhenAsked, type Announcement } from '../gateway/child.js';

/** What run.ts reads from our first stdout line. */
export interface CreditAnnouncement extends Announcement {
  readonly token: string;
  /** Global id of the borrower the token belongs to. */
  readonly borrowerId: string;
  readonly driver: string;
}

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
  const borrower = await borrowerFactory(db.db, { displayName: 'Bench Applicant' });
  const borrowerId = toGlobalId('Borrower', borrower.id);
  const token = await signToken(secret, { sub: borrowerId, role: Role.BORROWER });

  // As in bench/gateway/gateway-server.ts: close HTTP and the database, not
  // gateway.stop() (a second concurrent ApolloServer.stop() never returns).
  stopWhenAsked(async () => {
    await new Promise<void>((resolve) => {
      gateway.httpServer.close(() => resolve());
      gateway.httpServer.closeAllConnections();
    });
    await db.close();
  });
  const announcement: CreditAnnouncement = {
    url: gateway.url,
    token,
    borrowerId,
    driver: db.driver,
  };
  announce(announcement);
}

main().catch(failStart('gateway'));
