export { createDb, redactUrl } from './client.js';
export type { CreateDbOptions, Db, DbDriver, DbHandle } from './client.js';
export { migrate, migrationsFolder, pendingMigrations, withSchemaLock } from './migrate.js';
export { queryRows } from './execute.js';
export {
  withTransaction,
  isRetryable,
  isDatabaseUnavailable,
  isUniqueViolation,
  sqlState,
  MAX_TRANSACTION_ATTEMPTS,
} from './transaction.js';
export type { IsolationLevel, TransactionOptions, Tx } from './transaction.js';
export { getBusinessDate, initBusinessDate, setBusinessDate } from './business-date.js';
export { businessDateTable, tokenIssuanceTable } from './schema.js';
export {
  runIdempotent,
  requestDigest,
  idempotencyKeyProblem,
  claimKeySql,
  KeyTakenMeanwhile,
  readStoredKey,
  storedKeySql,
  storedOutcome,
  isValidIdempotencyKey,
  IdempotencyError,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_KEY_RULE,
} from './idempotency.js';
export type { IdempotentCommand, KeyScope, Replayable, StoredResult } from './idempotency.js';
export { idempotencyKeysTable } from './schema.js';
export { APPEND_ONLY_TABLES, grantApplicationRole } from './roles.js';
export { JOB_ENGINE_SCHEMA, jobEngineConnection, migrateJobEngine } from './job-engine.js';
