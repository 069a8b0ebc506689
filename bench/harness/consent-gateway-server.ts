/**
 * The gateway for consent/'s guard bench, with the baseline field of
 * consent/plain-contacts.ts, seeded with BORROWERS borrowers of CONTACTS_EACH
 * reference contacts each, every one granted to the UNDERWRITER for
 * UNDERWRITING. Announces its URL, an UNDERWRITER token and the borrowers'
 * global ids.
 */
import { borrowerFactory } from '@lending/borrowers/testing';
import { addReferenceContact, grantConsent } from '@lending/consent';
import { borrowerActor } from '@lending/consent/testing';
import { Role, toGlobalId } from '@lending/kernel';
import { plainContactsModule } from '../consent/plain-contacts.js';
import { announce, failStart, stopWhenAsked } from './child.js';
import { startBenchGateway } from './start-gateway.js';

const GUARD_BENCH_SHAPE = { borrowers: 10, contactsEach: 10 } as const;

async function main(): Promise<void> {
  const gateway = await startBenchGateway({ extraModules: [plainContactsModule] });
  stopWhenAsked(gateway.stop);
  const { db, deps } = gateway;
  const clock = { now: () => new Date() };
  const borrowerIds: string[] = [];
  for (let b = 0; b < GUARD_BENCH_SHAPE.borrowers; b++) {
    const borrower = await borrowerFactory(db.db);
    borrowerIds.push(toGlobalId('Borrower', borrower.id));
    const contactDeps = { db: db.db, clock, vault: deps.consent.vault };
    for (let c = 0; c < GUARD_BENCH_SHAPE.contactsEach; c++) {
      const added = await addReferenceContact(contactDeps, borrower.id, {
        relationship: 'friend',
        name: `Contact ${c}`,
        phone: `+86138${String(b).padStart(2, '0')}${String(c).padStart(6, '0')}`,
      });
      if (!added.ok) throw new Error(`seed: ${added.errors[0]?.code}`);
    }
    const grant = await grantConsent(db.db, clock, borrowerActor(borrower.id), {
      borrowerId: borrower.id,
      scope: 'REFERENCE_CONTACTS',
      purpose: 'UNDERWRITING',
      grantee: Role.UNDERWRITER,
      expiresAt: null,
      evidence: { documentVersion: 'bench', documentSha256: 'b'.repeat(64), channel: 'bench' },
    });
    if (!grant.ok) throw new Error(`seed: ${grant.errors[0].code}`);
  }
  const token = await gateway.token({ sub: 'uw-bench', role: Role.UNDERWRITER });
  // The database's name, for the runner to meter its PostgreSQL backends' CPU.
  const database = db.driver === 'postgres' ? new URL(db.location).pathname.slice(1) : null;
  announce({ url: gateway.url, token, borrowerIds, driver: db.driver, database });
}

main().catch(failStart('consent gateway'));
