import { describe, expect, it } from 'vitest';
import { psi, psiBand } from './drift.js';

describe('population stability index', () => {
  it('is sum (a - e) ln(a / e) over bin shares, 0 for the same shares', () => {
    expect(psi([50, 50], [50, 50])).toBe(0);
    expect(psi([10, 20], [100, 200])).toBeCloseTo(0, 12);
    // shares 0.5/0.5 against 0.8/0.2: 0.3 ln 1.6 + (-0.3) ln 0.4
    expect(psi([50, 50], [80, 20])).toBeCloseTo(0.3 * Math.log(1.6) - 0.3 * Math.log(0.4), 12);
    // an empty bin counts as a share of 0.0001, so the index stays finite
    expect(Number.isFinite(psi([50, 50], [100, 0]))).toBe(true);
  });

  it('bands at 0.1 and 0.25', () => {
    expect([0.05, 0.1, 0.2, 0.25, 1].map(psiBand)).toEqual([
      'stable',
      'moderate',
      'moderate',
      'significant',
      'significant',
    ]);
  });
});
