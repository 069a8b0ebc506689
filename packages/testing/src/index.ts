export { createTestDb, withSplitRoles } from '@lending/db/testing';
export type { TestDb, TestDbOptions } from '@lending/db/testing';
export { FixedClock } from '@lending/kernel';
export { waitUntilWaitingForLocks } from './races.js';
