import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { fromGlobalId, fromGlobalIdOfType, toGlobalId } from './global-id.js';
import { newId } from './ids.js';

const uuid = '0190a6d2-5b3c-7def-8abc-0123456789ab';
const typeNameArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/);
const uuidArb = fc
  .uuid()
  .filter((value) => /^[0-9a-f-]+$/.test(value) && /^.{14}[1-8].{4}[89ab]/.test(value));

describe('global ids', () => {
  it('encodes as base64url of Type:uuid', () => {
    const id = toGlobalId('Loan', uuid);
    expect(id).toBe(Buffer.from(`Loan:${uuid}`).toString('base64url'));
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromGlobalId(id)).toEqual({ type: 'Loan', id: uuid });
    expect(fromGlobalIdOfType(id, 'Loan')).toBe(uuid);
    expect(fromGlobalIdOfType(id, 'Borrower')).toBeNull();
  });

  it('refuses to encode a bad type or local id', () => {
    expect(() => toGlobalId('', uuid)).toThrow(DomainError);
    expect(() => toGlobalId('Loan:x', uuid)).toThrow(DomainError);
    expect(() => toGlobalId('Loan', 'not-a-uuid')).toThrow(DomainError);
  });

  const encode = (text: string): string => Buffer.from(text, 'latin1').toString('base64url');

  it.each([
    ['empty', ''],
    ['not base64url', 'Loan:abc!'],
    ['padded base64', Buffer.from(`Loan:${uuid}`).toString('base64').replace(/=*$/, '==')],
    [
      'standard base64 alphabet',
      toGlobalId('Loan', uuid).replace(/-/g, '+').replace(/_/g, '/') + '+',
    ],
    ['no separator', encode(`Loan${uuid}`)],
    ['empty type', encode(`:${uuid}`)],
    ['empty local id', encode('Loan:')],
    ['non-UUID local id', encode('Loan:123')],
    ['upper-case UUID', encode(`Loan:${uuid.toUpperCase()}`)],
    ['extra segment', encode(`Loan:${uuid}:x`)],
    ['type with spaces', encode(`Lo an:${uuid}`)],
    ['over-long', 'A'.repeat(201)],
    ['non-canonical trailing bits', toGlobalId('Loan', uuid).slice(0, -1) + 'B'],
  ])('returns null for %s', (_label, input) => {
    expect(fromGlobalId(input)).toBeNull();
    expect(fromGlobalIdOfType(input, 'Loan')).toBeNull();
  });

  it('returns null for non-strings', () => {
    expect(fromGlobalId(undefined as unknown as string)).toBeNull();
    expect(fromGlobalId(42 as unknown as string)).toBeNull();
  });

  it('round-trips', () => {
    expect(fromGlobalId(toGlobalId('Borrower', newId()))?.type).toBe('Borrower');
    fc.assert(
      fc.property(typeNameArb, uuidArb, (type, id) => {
        expect(fromGlobalId(toGlobalId(type, id))).toEqual({ type, id });
        expect(fromGlobalIdOfType(toGlobalId(type, id), type)).toBe(id);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.base64String(),
          fc.stringMatching(/^[A-Za-z0-9_-]{0,220}$/),
        ),
        (input) => {
          const decode = () => fromGlobalId(input);
          expect(decode).not.toThrow();
          const decoded = decode();
          if (decoded !== null) expect(toGlobalId(decoded.type, decoded.id)).toBe(input);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
