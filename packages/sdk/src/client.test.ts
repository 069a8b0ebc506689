import { describe, expect, it } from 'vitest';
import { BorrowerDocument, ViewerDocument, createClient, LendingApiError } from './index.js';

function fakeFetch(status: number, body: unknown, seen: { init?: RequestInit } = {}): typeof fetch {
  return async (_url: string | URL | Request, init?: RequestInit) => {
    seen.init = init;
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

describe('createClient', () => {
  it('sends the printed operation, variables and bearer token', async () => {
    const seen: { init?: RequestInit } = {};
    const client = createClient({
      url: 'http://gateway.test/graphql',
      token: 'tok',
      fetch: fakeFetch(200, { data: { borrower: null } }, seen),
    });
    await client.execute(BorrowerDocument, { id: 'QmFy' });
    const headers = seen.init?.headers as Record<string, string>;
    expect(headers['authorization']).toBe('Bearer tok');
    const body = JSON.parse(seen.init?.body as string) as { query: string; variables: unknown };
    expect(body.query).toContain('borrower(id: $id)');
    expect(body.variables).toEqual({ id: 'QmFy' });
  });

  it('returns typed data from request', async () => {
    const client = createClient({
      url: 'http://gateway.test/graphql',
      fetch: fakeFetch(200, { data: { viewer: { id: 'ops-1', role: 'OPS', borrower: null } } }),
    });
    const data = await client.request(ViewerDocument);
    expect(data.viewer.role).toBe('OPS');
  });

  it('throws LendingApiError with the error codes when the gateway reports errors', async () => {
    const client = createClient({
      url: 'http://gateway.test/graphql',
      fetch: fakeFetch(401, {
        errors: [{ message: 'Invalid or expired token.', extensions: { code: 'UNAUTHENTICATED' } }],
      }),
    });
    const error = await client.request(ViewerDocument).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LendingApiError);
    expect((error as LendingApiError).codes).toEqual(['UNAUTHENTICATED']);
    expect((error as LendingApiError).status).toBe(401);
  });

  it('keeps partial data next to errors in execute', async () => {
    const client = createClient({
      url: 'http://gateway.test/graphql',
      fetch: fakeFetch(200, {
        data: { borrower: null },
        errors: [
          {
            message: 'Not allowed for this viewer.',
            path: ['borrower'],
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      }),
    });
    const result = await client.execute(BorrowerDocument, { id: 'x' });
    expect(result.data).toEqual({ borrower: null });
    expect(result.errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
