import { afterAll, beforeAll } from 'vitest';
import {
  ADDRESS_BOOK,
  CONTACT_POINTS,
  REFERENCE_CONTACTS,
  defineContactMatrix,
} from './consent-matrix.js';
import { startTestGateway, type TestGateway } from './harness.js';

// Every role x grant state on the three Borrower fields that return contact data.

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.stop());

defineContactMatrix(() => t, [CONTACT_POINTS, REFERENCE_CONTACTS, ADDRESS_BOOK]);
