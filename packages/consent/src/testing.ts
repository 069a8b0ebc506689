import type { Db } from '@lending/db';
import { FixedClock, Role, toGlobalId } from '@lending/kernel';
import type { Actor } from './grants.service.js';
import { ContactVault } from './vault.js';

export const TEST_CONTACT_KEY = Buffer.alloc(32, 9);

export function testVault(): ContactVault {
  return new ContactVault(TEST_CONTACT_KEY);
}

export function borrowerActor(borrowerId: string): Actor {
  return { id: toGlobalId('Borrower', borrowerId), role: Role.BORROWER, borrowerId };
}

export function staffActor(role: Exclude<Role, 'BORROWER'>, id = `${role.toLowerCase()}-1`): Actor {
  return { id, role, borrowerId: null };
}

export const EVIDENCE = {
  documentVersion: 'privacy-2026-01',
  documentSha256: 'a'.repeat(64),
  channel: 'mobile-app',
} as const;

export function consentDeps(db: Db, clock = new FixedClock('2026-01-15T09:00:00Z')) {
  return { db, clock, vault: testVault(), needToKnow: [] as const };
}
