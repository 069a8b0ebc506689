import { afterAll, beforeAll } from 'vitest';
import {
  FRAGMENTS_ADDRESS_BOOK,
  NODE_INLINE_CONTACT_POINTS,
  NODE_NAMED_FRAGMENT_REFERENCES,
  defineContactMatrix,
} from './consent-matrix.js';
import { startTestGateway, type TestGateway } from './harness.js';

// The same matrix through node(id:), inline fragments and named fragments.

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.stop());

defineContactMatrix(
  () => t,
  [NODE_INLINE_CONTACT_POINTS, NODE_NAMED_FRAGMENT_REFERENCES, FRAGMENTS_ADDRESS_BOOK],
);
