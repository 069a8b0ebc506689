/**
 * The gateway for gateway/dashboard.ts: two borrowers, one with a small
 * dashboard (1 line x 1 loan x 3 instalments) and one with a large one
 * (5 lines x 10 loans x 12 instalments). Before announcing, it sends the
 * dashboard query once for each and counts the SQL statements its database
 * handle sent meanwhile (the in-process worker's heartbeat left out).
 * Announces its URL, both borrowers' tokens and those counts.
 */
import { borrowerFactory } from '@lending/borrowers/testing';
import { Role, toGlobalId } from '@lending/kernel';
import { dashboardFactory } from '@lending/ledger/testing';
import { announce, failStart, stopWhenAsked } from './child.js';
import { DASHBOARD_QUERY, DASHBOARD_SHAPES } from './dashboard-shape.js';
import { startBenchGateway } from './start-gateway.js';

const HOUSEKEEPING = /worker_heartbeats/;

async function main(): Promise<void> {
  let statements: string[] = [];
  const gateway = await startBenchGateway({ onQuery: (query) => void statements.push(query) });
  stopWhenAsked(gateway.stop);
  const tokens: Record<string, string> = {};
  const counts: Record<string, number> = {};
  for (const [size, shape] of Object.entries(DASHBOARD_SHAPES)) {
    const borrower = await borrowerFactory(gateway.db.db);
    await dashboardFactory(gateway.db.db, borrower.id, shape);
    const token = await gateway.token({
      sub: toGlobalId('Borrower', borrower.id),
      role: Role.BORROWER,
    });
    tokens[size] = token;
    statements = [];
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: DASHBOARD_QUERY }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (response.status !== 200 || body.errors) {
      throw new Error(
        `dashboard ${size}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`,
      );
    }
    counts[size] = statements.filter((q) => !HOUSEKEEPING.test(q)).length;
  }
  const database =
    gateway.db.driver === 'postgres' ? new URL(gateway.db.location).pathname.slice(1) : null;
  announce({
    url: gateway.url,
    token: tokens['large'],
    tokens,
    statementsPerRequest: counts,
    driver: gateway.db.driver,
    database,
  });
}

main().catch(failStart('dashboard gateway'));
