/**
 * What the contact-data guard costs: one query returning 100 reference
 * contacts (10 borrowers x 10 contacts, read under an UNDERWRITING grant:
 * 10 grant decisions, 10 access-log appends, 100 decryptions) against the
 * same query shape on a field that is not sensitive (same rows loaded, no
 * guard, no log, no decryption). Requests alternate between the two, so both
 * see the same machine state; the ratio of their latencies is the result.
 *
 *   pnpm --filter @lending/bench bench:consent [--iterations 300] [--warmup 50]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @lending/bench bench:consent
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Arg, Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { BorrowerType } from '@lending/borrowers/graphql';
import { borrowerFactory } from '@lending/borrowers/testing';
import {
  addReferenceContact,
  AccessPurpose,
  grantConsent,
  loadSealedReferenceContacts,
} from '@lending/consent';
import { borrowerActor } from '@lending/consent/testing';
import type { GatewayModule, GraphQLContext } from '@lending/graphql-kit';
import { FixedClock, Role, toGlobalId } from '@lending/kernel';
import { startBenchGateway } from '../harness/start-gateway.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '50' },
  },
});
const ITERATIONS = Math.min(Number(values.iterations), 10_000);
const WARMUP = Math.min(Number(values.warmup), 1_000);
const BORROWERS = 10;
const CONTACTS_EACH = 10;

@ObjectType('BenchPlainContact')
class PlainContact {
  @Field(() => String) id!: string;
  @Field(() => String) relationship!: string;
  @Field(() => String) name!: string;
  @Field(() => String) phone!: string;
}

/** The baseline: loads the same rows, returns stand-in values, never touches the guard. */
@Resolver(() => BorrowerType)
class PlainContactsResolver {
  @FieldResolver(() => [PlainContact], { nullable: true })
  async plainContacts(
    @Root() borrower: BorrowerType,
    @Arg('purpose', () => AccessPurpose) _purpose: AccessPurpose,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PlainContact[]> {
    const rows =
      (await loadSealedReferenceContacts(ctx.db, [borrower.borrowerId])).get(borrower.borrowerId) ??
      [];
    return rows.map((row, i) => ({
      id: row.id,
      relationship: 'friend',
      name: `Contact ${i}`,
      phone: '+8613800000000',
    }));
  }
}
const benchModule: GatewayModule = { name: 'bench', resolvers: [PlainContactsResolver] };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function main(): Promise<void> {
  const clock = new FixedClock(new Date());
  const gateway = await startBenchGateway({ clock, extraModules: [benchModule] });
  const { db, deps } = gateway;
  try {
    const ids: string[] = [];
    for (let b = 0; b < BORROWERS; b++) {
      const borrower = await borrowerFactory(db.db);
      ids.push(toGlobalId('Borrower', borrower.id));
      const contactDeps = { db: db.db, clock, vault: deps.consent.vault };
      for (let c = 0; c < CONTACTS_EACH; c++) {
        const phone = `+86138${String(b).padStart(2, '0')}${String(c).padStart(6, '0')}`;
        const added = await addReferenceContact(contactDeps, borrower.id, {
          relationship: 'friend',
          name: `Contact ${c}`,
          phone,
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
    const query = (field: string) =>
      `{ ${ids.map((id, i) => `b${i}: borrower(id: "${id}") { ${field}(purpose: UNDERWRITING) { id relationship name phone } }`).join(' ')} }`;
    const guarded = query('referenceContacts');
    const plain = query('plainContacts');

    async function once(q: string, field: string): Promise<number> {
      const started = performance.now();
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: q }),
      });
      const body = (await res.json()) as {
        data?: Record<string, Record<string, unknown[] | null>>;
        errors?: unknown;
      };
      const elapsed = performance.now() - started;
      const total = Object.values(body.data ?? {}).reduce((n, b) => n + (b[field]?.length ?? 0), 0);
      if (res.status !== 200 || body.errors || total !== BORROWERS * CONTACTS_EACH) {
        throw new Error(
          `unexpected answer for ${field}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`,
        );
      }
      return elapsed;
    }

    for (let i = 0; i < WARMUP; i++) {
      await once(guarded, 'referenceContacts');
      await once(plain, 'plainContacts');
    }
    const times = { guarded: [] as number[], plain: [] as number[] };
    for (let i = 0; i < ITERATIONS; i++) {
      times.guarded.push(await once(guarded, 'referenceContacts'));
      times.plain.push(await once(plain, 'plainContacts'));
    }
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return {
        mean: xs.reduce((a, b) => a + b, 0) / xs.length,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
      };
    };
    const g = stats(times.guarded);
    const p = stats(times.plain);
    const row = (label: string, s: ReturnType<typeof stats>) =>
      `${label.padEnd(34)} ${s.mean.toFixed(2).padStart(8)} ${s.p50.toFixed(2).padStart(8)} ${s.p99.toFixed(2).padStart(8)}`;
    process.stdout.write(
      [
        `contact-data guard cost: ${BORROWERS} borrowers x ${CONTACTS_EACH} reference contacts per query, ${ITERATIONS} iterations each (after ${WARMUP} warm-up), database: ${db.driver}`,
        `${''.padEnd(34)} ${'mean ms'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
        row('guarded (grant + log + decrypt)', g),
        row('not sensitive (same rows)', p),
        `ratio guarded / not sensitive: mean ${(g.mean / p.mean).toFixed(2)}x, p50 ${(g.p50 / p.p50).toFixed(2)}x, p99 ${(g.p99 / p.p99).toFixed(2)}x`,
        '',
      ].join('\n'),
    );
  } finally {
    await gateway.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:consent failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
