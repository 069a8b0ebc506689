import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModules } from '../src/modules.js';
import { OPERATION_LIMITS } from '../src/limits.js';
import { SECRET_IN_ERROR, probeModule } from './fixtures/probe.module.js';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ modules: [...defaultModules, probeModule] });
});
afterAll(() => t.stop());

describe('error masking', () => {
  it('answers a lost database connection with SERVICE_UNAVAILABLE, retryable, and no detail', async () => {
    const res = await t.gql('{ databaseGone }');
    expect(res.status).toBe(200);
    expect(res.errors).toEqual([
      {
        message: 'The database is unavailable; retry shortly (with the same idempotency key).',
        path: ['databaseGone'],
        extensions: { code: 'SERVICE_UNAVAILABLE', requestId: res.headers.get('x-request-id') },
      },
    ]);
    expect(JSON.stringify(res)).not.toContain('5432');
    expect(JSON.stringify(res)).not.toContain(SECRET_IN_ERROR);
  });

  it('turns an unexpected resolver error into INTERNAL_SERVER_ERROR with a request id and no detail', async () => {
    const res = await t.gql('{ crash }', { headers: { 'x-request-id': 'req-crash-1' } });
    const requestId = res.headers.get('x-request-id');
    // The id is the server's own, never the caller's: the caller's is kept apart as theirs.
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-client-request-id')).toBe('req-crash-1');
    expect(res.errors).toEqual([
      {
        message: 'Internal server error.',
        path: ['crash'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      },
    ]);
    expect(JSON.stringify(res)).not.toContain('hunter2');
    expect(JSON.stringify(res)).not.toContain(SECRET_IN_ERROR);
  });

  it('gives every response a request id, generated when the client sent none', async () => {
    const res = await t.gql('{ viewer { id } }');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a malformed query with GRAPHQL_PARSE_FAILED and keeps serving', async () => {
    const res = await t.gql('{ viewer { id ');
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const after = await t.gql('{ viewer { role } }');
    expect(after.data).toEqual({ viewer: { role: 'OPS' } });
  });

  it('does not suggest field names for a misspelt field', async () => {
    const res = await t.gql('{ viewr { id } }');
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(res.errors)).not.toMatch(/did you mean/i);
  });

  it('does not suggest enum values or echo the rejected value of a variable', async () => {
    const res = await t.gql('query ($c: ProbeColour!) { colour(colour: $c) }', {
      variables: { c: 'REDD-secret-value' },
    });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    const text = JSON.stringify(res.errors);
    expect(text).not.toContain('REDD-secret-value');
    expect(text).not.toMatch(/did you mean/i);
    expect(res.errors?.[0]?.message).toBe('Variable "$c" got an invalid value.');
  });

  it('answers an unknown path with 404 and a non-JSON body with 400', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const bad = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions
        .code,
    ).toBe('BAD_REQUEST');
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ viewer { id } } # ${'x'.repeat(OPERATION_LIMITS.maxBodyBytes)}`,
      }),
    });
    expect(res.status).toBe(413);
  });

  it('refuses batched requests', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await t.token('OPS')}`,
      },
      body: JSON.stringify([{ query: '{ viewer { id } }' }, { query: '{ viewer { id } }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('requires the CSRF preflight header on GET', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ viewer { id } }')}`);
    expect(res.status).toBe(400);
  });

  it('marks responses as not cacheable by shared caches', async () => {
    const res = await t.gql('{ viewer { id } }');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('operation limits', () => {
  it('rejects a query deeper than the limit before it runs', async () => {
    let selection = 'name';
    for (let i = 0; i < OPERATION_LIMITS.maxDepth + 2; i++) selection = `child { ${selection} }`;
    const res = await t.gql(`{ nested { ${selection} } }`);
    expect(res.data ?? null).toBeNull();
    expect(errorCodes(res)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('accepts a query within the depth limit', async () => {
    const res = await t.gql('{ nested { child { child { name } } } }');
    expect(res.data).toEqual({ nested: { child: { child: { name: 'level 2' } } } });
  });

  it('rejects a document with more tokens than the limit at parse time', async () => {
    const fields = Array.from({ length: OPERATION_LIMITS.maxTokens }, () => '__typename').join(' ');
    const res = await t.gql(`{ ${fields} }`);
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('rejects too many aliases', async () => {
    const aliases = Array.from(
      { length: OPERATION_LIMITS.maxAliases + 1 },
      (_, i) => `a${i}: viewer { id }`,
    );
    const res = await t.gql(`{ ${aliases.join(' ')} }`);
    expect(errorCodes(res)).toContain('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('health', () => {
  it('answers /healthz with 200 once the server accepts queries', async () => {
    const res = await fetch(t.url.replace(/\/graphql$/, '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
