import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineCursor, pageSize } from './cursor.js';

const ID = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const txCursor = defineCursor('loanTransactions', 1, ['instant', 'uuid'] as const);
const logCursor = defineCursor('accessLog', 1, ['bigint'] as const);
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const refused = { extensions: { code: 'BAD_USER_INPUT' } };

describe('cursor codec', () => {
  it('round-trips every part kind', () => {
    const at = new Date('2026-03-01T10:20:30.456Z');
    expect(txCursor.decode(txCursor.encode(at, ID))).toEqual([at, ID]);
    expect(logCursor.decode(logCursor.encode(9223372036854775807n))).toEqual([
      9223372036854775807n,
    ]);
  });

  it('round-trips generated values', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.bigInt({ min: 0n, max: 9223372036854775807n }),
        (at, seq) => {
          expect(txCursor.decode(txCursor.encode(at, ID))[0].getTime()).toBe(at.getTime());
          expect(logCursor.decode(logCursor.encode(seq))).toEqual([seq]);
        },
      ),
    );
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['too long', 'A'.repeat(201)],
    ['another connection', logCursor.encode(5n)],
    ['another version', b64(`loanTransactions.v2:2026-03-01T10:20:30.456Z|${ID}`)],
    ['a missing part', b64('loanTransactions.v1:2026-03-01T10:20:30.456Z')],
    ['an extra part', b64(`loanTransactions.v1:2026-03-01T10:20:30.456Z|${ID}|x`)],
    ['an instant that does not exist', b64(`loanTransactions.v1:2026-02-30T10:20:30.456Z|${ID}`)],
    ['an instant with an offset', b64(`loanTransactions.v1:2026-03-01T10:20:30.456+01:00|${ID}`)],
    // 36 characters of hex and dashes, but not a UUID: it used to reach the database.
    [
      'a uuid-shaped non-uuid',
      b64(`loanTransactions.v1:2026-03-01T10:20:30.456Z|${'-'.repeat(36)}`),
    ],
    ['an upper-case uuid', b64(`loanTransactions.v1:2026-03-01T10:20:30.456Z|${ID.toUpperCase()}`)],
  ])('refuses %s with BAD_USER_INPUT', (_what, cursor) => {
    expect(() => txCursor.decode(cursor)).toThrow(expect.objectContaining(refused));
  });

  it.each([['-1'], ['01'], ['1.5'], ['9223372036854775808'], ['']])(
    'refuses the sequence %j',
    (text) => {
      expect(() => logCursor.decode(b64(`accessLog.v1:${text}`))).toThrow(
        expect.objectContaining(refused),
      );
    },
  );

  it('never echoes the cursor it refuses', () => {
    try {
      txCursor.decode(b64('secret-looking-text'));
    } catch (error) {
      expect((error as Error).message).toBe('after is not a cursor from this connection.');
    }
    expect.assertions(1);
  });
});

describe('pageSize', () => {
  it('defaults, accepts the bounds and refuses beyond them', () => {
    expect(pageSize(null, 20, 100)).toBe(20);
    expect(pageSize(0, 20, 100)).toBe(0);
    expect(pageSize(100, 20, 100)).toBe(100);
    expect(() => pageSize(101, 20, 100)).toThrow(expect.objectContaining(refused));
    expect(() => pageSize(-1, 20, 100)).toThrow(expect.objectContaining(refused));
  });
});
