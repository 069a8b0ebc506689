import { describe, expect, it } from 'vitest';
import { FREE_TEXT_PHONE_REGIONS } from '@lending/kernel';
import { JURISDICTIONS } from './jurisdiction.js';

describe('jurisdictions', () => {
  it("are regions whose national phone numbers free text is checked for (kernel's free-text.ts)", () => {
    for (const jurisdiction of JURISDICTIONS)
      expect(FREE_TEXT_PHONE_REGIONS).toContain(jurisdiction);
  });
});
