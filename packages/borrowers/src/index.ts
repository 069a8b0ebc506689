export * from './borrower.service.js';
export { borrowersTable } from './schema.js';
export * from './relations.js';
