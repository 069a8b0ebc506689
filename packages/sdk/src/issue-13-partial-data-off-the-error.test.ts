import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BorrowerDocument, createClient, LendingApiError } from './index.js';

// Issue 13: partial data beside errors can hold contact data decrypted for
// the viewer (a borrower's phones, with a FORBIDDEN sibling). A consumer that
// logs the error must not print it.

const PHONE = '+8613800138000';
const EMAIL = 'li.wei@example.com';
const answer = {
  data: {
    borrower: {
      id: 'QmFy',
      displayName: 'Li Wei',
      contactPoints: [
        { kind: 'PHONE', value: PHONE },
        { kind: 'EMAIL', value: EMAIL },
      ],
      addressBook: null,
    },
  },
  errors: [
    {
      message: 'Not allowed for this viewer.',
      path: ['borrower', 'addressBook'],
      extensions: { code: 'FORBIDDEN', requestId: 'r-1' },
    },
  ],
};

async function refused(): Promise<LendingApiError> {
  const client = createClient({
    url: 'http://gateway.test/graphql',
    fetch: async () =>
      new Response(JSON.stringify(answer), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
  });
  const error = await client.request(BorrowerDocument, { id: 'QmFy' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LendingApiError);
  return error as LendingApiError;
}

const expectNoContactValue = (printed: string) => {
  expect(printed).not.toContain(PHONE);
  expect(printed).not.toContain('13800138000');
  expect(printed).not.toContain(EMAIL);
};

describe('LendingApiError keeps partial data off its properties', () => {
  it('hands the partial data out only when asked', async () => {
    const error = await refused();
    expect(error.partialData()).toEqual(answer.data);
    expect(error.codes).toEqual(['FORBIDDEN']);
    expect(Object.keys(error)).not.toContain('partialData');
    expect(Object.getOwnPropertyNames(error)).not.toContain('partialData');
  });

  it('JSON.stringify shows no contact value', async () => {
    const error = await refused();
    const json = JSON.stringify(error);
    expect(JSON.parse(json)).toMatchObject({ codes: ['FORBIDDEN'], status: 200 });
    expectNoContactValue(json);
    expectNoContactValue(JSON.stringify({ error }));
  });

  it('util.inspect shows no contact value, even with hidden properties and getters', async () => {
    const error = await refused();
    expectNoContactValue(inspect(error));
    expectNoContactValue(inspect(error, { showHidden: true, getters: true, depth: Infinity }));
    expect(inspect(error)).toContain('FORBIDDEN');
  });

  it("pino's error serializer, and a pino logger, show no contact value", async () => {
    const error = await refused();
    const serialized = pino.stdSerializers.err(error);
    expect(serialized).toMatchObject({ type: 'LendingApiError', codes: ['FORBIDDEN'] });
    expectNoContactValue(JSON.stringify(serialized));

    const lines: string[] = [];
    const logger = pino(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    logger.error(error);
    logger.error({ err: error }, 'gateway refused');
    logger.error({ error }, 'gateway refused');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(3);
    for (const line of lines) expectNoContactValue(line);
    expect(lines.join('')).toContain('FORBIDDEN');
  });
});
