import { ensureBorrower } from '@lending/borrowers';
import type { Db } from '@lending/db';
import { Role, toGlobalId } from '@lending/kernel';
import { signToken } from './auth.js';

/** Fixed ids so demo tokens stay valid across restarts of the same data directory. */
export const DEMO_BORROWERS = [
  {
    id: '01937a5e-0000-7000-8000-000000000001',
    displayName: 'Li Wei',
    timeZone: 'Asia/Shanghai',
    createdAt: new Date('2026-01-05T02:00:00Z'),
  },
  {
    id: '01937a5e-0000-7000-8000-000000000002',
    displayName: 'Maria Garcia',
    timeZone: 'America/New_York',
    createdAt: new Date('2026-01-06T15:30:00Z'),
  },
] as const;

export async function seedDemoData(db: Db): Promise<void> {
  for (const borrower of DEMO_BORROWERS) {
    const result = await ensureBorrower(db, borrower);
    if (!result.ok) throw new Error(`demo borrower ${borrower.displayName}: ${result.code}`);
  }
}

export interface DemoToken {
  readonly label: string;
  readonly role: Role;
  readonly sub: string;
  readonly token: string;
}

export async function demoTokens(secret: Uint8Array): Promise<DemoToken[]> {
  const staff = [Role.OPS, Role.UNDERWRITER, Role.COLLECTOR, Role.COMPLIANCE].map((role) => ({
    label: role,
    role,
    sub: `${role.toLowerCase()}-1`,
  }));
  const borrowers = DEMO_BORROWERS.map((b) => ({
    label: `BORROWER ${b.displayName}`,
    role: Role.BORROWER,
    sub: toGlobalId('Borrower', b.id),
  }));
  return Promise.all(
    [...staff, ...borrowers].map(async (t) => ({ ...t, token: await signToken(secret, t) })),
  );
}
