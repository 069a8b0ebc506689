import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { queryRows, type DbHandle } from '@lending/db';
import type { JobEngine, JobObserver } from '@lending/jobs';

/** Operation names come from clients: past this many distinct ones, the rest count as `other`. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The gateway's Prometheus metrics, on a registry of its own (tests start
 * several gateways in one process). No label ever holds a contact value, a
 * token or an id: operation names, error codes, outcomes and job kinds only.
 */
export class GatewayMetrics implements JobObserver {
  readonly registry = new Registry();
  readonly #operations = new Set<string>();

  readonly httpResponses = new Counter({
    name: 'lending_http_responses_total',
    help: 'HTTP responses by status code, including those refused before GraphQL (401, 413, 415, 429).',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly requests = new Counter({
    name: 'lending_graphql_requests_total',
    help: 'GraphQL operations by operation name and outcome (ok, or error when any error was returned).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: 'lending_graphql_request_duration_seconds',
    help: 'GraphQL operation latency by operation name.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'lending_graphql_errors_total',
    help: 'GraphQL errors by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly guardDecisions = new Counter({
    name: 'lending_contact_guard_decisions_total',
    help: "The contact-data guard's decisions by outcome and scope (never a value or a borrower).",
    labelNames: ['outcome', 'scope'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'lending_job_duration_seconds',
    help: 'Job attempts run in this process, by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'lending_' });
  }

  /** Adds the gauges read at scrape time: queue depth and the database's connections. */
  watch(sources: {
    readonly db: DbHandle;
    readonly jobs: Pick<JobEngine, 'queueDepths'>;
    readonly poolMax?: number;
  }): this {
    const { db, jobs } = sources;
    if (jobs) {
      new Gauge({
        name: 'lending_job_queue_depth',
        help: 'Jobs waiting to run (queued or waiting for a retry), by kind.',
        labelNames: ['kind'] as const,
        registers: [this.registry],
        async collect() {
          for (const [kind, depth] of await jobs.queueDepths()) this.set({ kind }, depth);
        },
      });
    }
    if (db?.driver === 'postgres') {
      new Gauge({
        name: 'lending_db_pool_max_connections',
        help: "This process's postgres-js pool size.",
        registers: [this.registry],
      }).set(sources.poolMax ?? 10);
      new Gauge({
        name: 'lending_db_connections',
        help: "Server connections of the platform's processes to this database, by application and state (pg_stat_activity).",
        labelNames: ['application', 'state'] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          const rows = await queryRows<{ application: string; state: string; n: number }>(
            db.db,
            sql`select application_name as application, coalesce(state, 'unknown') as state, count(*)::int as n
                from pg_stat_activity
                where datname = current_database() and application_name in ('lending', 'pgboss')
                group by 1, 2`,
          );
          for (const row of rows)
            this.set({ application: row.application, state: row.state }, row.n);
        },
      });
    }
    return this;
  }

  /** A bounded label for a client-chosen operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.#operations.has(name)) return name;
    if (this.#operations.size >= MAX_OPERATION_NAMES) return 'other';
    this.#operations.add(name);
    return name;
  }

  jobFinished(kind: string, outcome: 'succeeded' | 'failed', seconds: number): void {
    this.jobDuration.observe({ kind, outcome }, seconds);
  }
}
