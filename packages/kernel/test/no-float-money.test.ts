import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Money must never pass through a JS number; these files do money arithmetic.
const MONEY_SOURCES = ['money.ts', 'rounding.ts', 'decimal.ts', 'rate.ts', 'currency.ts'];
const FORBIDDEN = [
  /\bNumber\(/,
  /\bparseFloat\b/,
  /\bparseInt\b/,
  /\.toNumber\(/,
  /\bvalueOf\(/,
  /\bMath\./,
];

describe('money code never uses floating point', () => {
  it.each(MONEY_SOURCES)('%s has no number conversions', (file) => {
    const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
    for (const pattern of FORBIDDEN) expect(source).not.toMatch(pattern);
  });
});
