export * from './run.js';
export { closeOfBusinessDaysTable } from './schema.js';
