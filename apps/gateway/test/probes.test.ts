import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '@lending/kernel';
import { createSubject, type Subject } from './consent-fixtures.js';
import { startTestGateway, type TestGateway } from './harness.js';

// What operators see: liveness, readiness, Prometheus metrics and one JSON log line
// per request; and what they must never see there: contact values and tokens.

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
      lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let t: TestGateway;
let subject: Subject;
let base: string;
beforeAll(async () => {
  t = await startTestGateway({ logger: pino({ level: 'info' }, sink) });
  subject = await createSubject(t);
  base = t.url.replace(/\/graphql$/, '');
});
afterAll(() => t.stop());

const READ = `query ReadContacts($id: ID!) { borrower(id: $id) { contactPoints(purpose: SERVICING) { kind value } } }`;

describe('/healthz and /readyz', () => {
  it('/healthz answers 200 while the process serves', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database, the migrations and a worker heartbeat, and shows the business date', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: {
        database: 'ok',
        migrations: 'current',
        worker: 'ok (1 alive)',
        businessDate: {
          businessDate: '2026-01-15',
          today: '2026-01-15',
          timeZone: 'Asia/Shanghai',
          calendar: 'simulated',
          daysAhead: 0,
        },
      },
    });
  });
});

describe('/metrics', () => {
  it('counts operations, errors by code and guard decisions, with no contact value or token', async () => {
    const borrowerToken = await t.borrowerToken(subject.id);
    const opsToken = await t.token(Role.OPS);
    // Allowed: the borrower reads their own. Denied: OPS without a grant for this purpose.
    expect(
      (await t.gql(READ, { token: borrowerToken, variables: { id: subject.gid } })).errors,
    ).toBeUndefined();
    const denied = await t.gql(READ, {
      token: await t.token(Role.COLLECTOR),
      variables: { id: subject.gid },
    });
    expect(denied.errors?.length).toBeGreaterThan(0);
    await t.gql(
      `mutation Cob { runCloseOfBusiness(input: { businessDate: "2026-01-16" }) { businessDate } }`,
      {
        token: opsToken,
      },
    );

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(
      /lending_graphql_requests_total\{operation="ReadContacts",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(
      /lending_graphql_requests_total\{operation="ReadContacts",outcome="error"\} [1-9]/,
    );
    expect(text).toMatch(/lending_graphql_errors_total\{code="FORBIDDEN"\} [1-9]/);
    expect(text).toMatch(
      /lending_contact_guard_decisions_total\{outcome="allowed",scope="SELF_CONTACT"\} [1-9]/,
    );
    expect(text).toMatch(
      /lending_contact_guard_decisions_total\{outcome="denied",scope="SELF_CONTACT"\} [1-9]/,
    );
    expect(text).toMatch(/lending_graphql_request_duration_seconds_count\{operation="Cob"\} 1/);
    expect(text).toMatch(
      /lending_job_duration_seconds_count\{kind="close-of-business",outcome="succeeded"\} 1/,
    );
    expect(text).toMatch(/lending_job_queue_depth\{kind="close-of-business"\} 0/);
    expect(text).toMatch(/lending_http_responses_total\{status="200"\} [1-9]/);
    for (const secret of subject.secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain(borrowerToken);
  });

  it('keeps client-chosen operation names from growing the label set without bound', () => {
    const metrics = t.gateway.metrics;
    const labels = new Set<string>();
    for (let i = 0; i < 500; i++) labels.add(metrics.operationLabel(`Flood${i}`));
    expect(labels.size).toBeLessThanOrEqual(201);
    expect(labels.has('other')).toBe(true);
    expect(metrics.operationLabel('not a name!')).toBe('other');
    expect(metrics.operationLabel(null)).toBe('anonymous');
  });
});

describe('the request log', () => {
  it('writes one JSON line per operation with request id, operation, actor, duration and outcome', async () => {
    const token = await t.borrowerToken(subject.id);
    const res = await t.gql(READ, { token, variables: { id: subject.gid } });
    const requestId = res.headers.get('x-request-id');
    const line = lines.find((l) => l['msg'] === 'graphql request' && l['requestId'] === requestId);
    expect(line).toMatchObject({
      operationName: 'ReadContacts',
      actorId: subject.gid,
      role: 'BORROWER',
      outcome: 'ok',
      errorCodes: [],
    });
    expect(typeof line!['durationMs']).toBe('number');
    const all = JSON.stringify(lines);
    for (const secret of subject.secrets) expect(all).not.toContain(secret);
    expect(all).not.toContain(token);
  });
});

describe('/readyz without a worker', () => {
  it('answers 503 and names the missing heartbeat once no worker beats', async () => {
    await t.jobs.stop();
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'not ready',
      checks: { database: 'ok', migrations: 'current', worker: 'no heartbeat within 6 s' },
    });
  });
});
