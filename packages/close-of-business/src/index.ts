export * from './run.js';
export * from './calendar.js';
export * from './close-of-business.job.js';
export { closeOfBusinessDaysTable } from './schema.js';
