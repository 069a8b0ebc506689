import { describe, expect, it } from 'vitest';
import { isUuid, isUuidV7, newId } from './ids.js';

describe('ids', () => {
  it('newId returns distinct, time-ordered UUIDv7s', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(isUuidV7(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it.each([
    ['0190a6d2-5b3c-7def-8abc-0123456789ab', true],
    ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', true],
    ['0190A6D2-5B3C-7DEF-8ABC-0123456789AB', false],
    ['00000000-0000-0000-0000-000000000000', false],
    ['0190a6d2-5b3c-7def-cabc-0123456789ab', false],
    ['0190a6d25b3c7def8abc0123456789ab', false],
    ['{0190a6d2-5b3c-7def-8abc-0123456789ab}', false],
    ['0190a6d2-5b3c-7def-8abc-0123456789ab\n', false],
    ['', false],
  ])('isUuid(%j) is %s', (value, expected) => {
    expect(isUuid(value)).toBe(expected);
  });

  it('isUuid rejects non-strings', () => {
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});
