import 'reflect-metadata';

export { startGateway } from './server.js';
export type { GatewayOptions, RunningGateway } from './server.js';
export { loadConfig, ConfigError } from './env.js';
export type { GatewayConfig } from './env.js';
export { createAuthenticator, signToken, AuthenticationError } from './auth.js';
export { buildGatewaySchema, applyRoleGuards, SchemaAssemblyError } from './schema.js';
export { createLogger } from './logger.js';
export { createModuleDeps, defaultModules } from './modules.js';
export { OPERATION_LIMITS } from './limits.js';
export { jobDefinitions, jobSchedules, startJobs } from './jobs.js';
