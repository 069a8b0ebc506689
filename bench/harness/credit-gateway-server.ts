/**
 * The real gateway for the credit bench, started as start-gateway.ts
 * starts it (every default module, HS256 with a random secret, a random
 * contact-data key, logger `silent`, `production: true`, in-memory PGlite or
 * a fresh database on DATABASE_URL's server), plus one borrower to apply as.
 * Announces the URL, that borrower's token and global id, and the driver.
 */
import { borrowerFactory } from '@lending/borrowers/testing';
import { Role, toGlobalId } from '@lending/kernel';
import { announce, failStart, stopWhenAsked, type Announcement } from './child.js';
import { startBenchGateway } from './start-gateway.js';

/** What run.ts reads from our first stdout line. */
export interface CreditAnnouncement extends Announcement {
  readonly token: string;
  /** Global id of the borrower the token belongs to. */
  readonly borrowerId: string;
  readonly driver: string;
}

async function main(): Promise<void> {
  const gateway = await startBenchGateway();
  const borrower = await borrowerFactory(gateway.db.db, { displayName: 'Bench Applicant' });
  const borrowerId = toGlobalId('Borrower', borrower.id);
  const token = await gateway.token({ sub: borrowerId, role: Role.BORROWER });

  stopWhenAsked(gateway.stop);
  const announcement: CreditAnnouncement = {
    url: gateway.url,
    token,
    borrowerId,
    driver: gateway.db.driver,
  };
  announce(announcement);
}

main().catch(failStart('gateway'));
