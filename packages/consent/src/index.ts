export * from './vocabulary.js';
export * from './contact-values.js';
export { ContactVault, VaultError, keyIdOf } from './vault.js';
export type { SealTarget, SealedMaterial } from './vault.js';
export { resealContactData } from './reseal.js';
export type { ResealReport } from './reseal.js';
export { Sealed, isSealed } from './sealed.js';
export * from './grants.service.js';
export * from './contact-data.js';
export * from './registration.service.js';
export * from './reference-contacts.service.js';
export * from './address-book.service.js';
export * from './contact-loading.js';
export {
  appendAccess,
  appendAccesses,
  listAccessLog,
  getAccessRecordsByIds,
  verifyAccessLog,
  hashAccess,
  accessLogHeads,
  GENESIS_HASH,
  ACCESS_LOG_PAGE_MAX,
} from './access-log.js';
export type { AccessEntry, AccessRecord, ChainVerification } from './access-log.js';
export { guardedRead, recordReads, GUARD_BATCH_MAX } from './guard.js';
export type {
  ContactGuardDeps,
  ContactReadRequest,
  GuardedRead,
  NeedToKnowRule,
  RecordedRead,
  Revealed,
} from './guard.js';
// capability.ts is deliberately not exported: only the guard mints capabilities.
export * from './access-log-checkpoint.js';
