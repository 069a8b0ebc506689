export { createTestDb } from './test-db.js';
export type { TestDb, TestDbOptions } from './test-db.js';
