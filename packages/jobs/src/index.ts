export { defineJob } from './definition.js';
export type { JobContext, JobDefinition, JobSchedule } from './definition.js';
export { DEFAULT_HEARTBEAT_SECONDS, ensureJobQueues, JobEngine } from './engine.js';
export type {
  AnyJobDefinition,
  JobEngineOptions,
  JobLogger,
  JobObserver,
  JobQueue,
} from './engine.js';
export { FINISHED_STATES, JobState } from './view.js';
export type { JobView } from './view.js';
export { jobProgressTable, workerHeartbeatsTable } from './schema.js';
export { latestHeartbeat } from './readiness.js';
