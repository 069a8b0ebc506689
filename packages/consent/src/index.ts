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
  listAccessLog,
  getAccessRecordsByIds,
  verifyAccessLog,
  hashAccess,
  accessLogHeads,
  GENESIS_HASH,
  ACCESS_LOG_PAGE_MAX,
} from './access-log.js';
export type { AccessEntry, AccessRecord, ChainVerification } from './access-log.js';
export { decideAccess, guardedRead } from './guard.js';
export type {
  AccessDecision,
  ContactGuardDeps,
  ContactReadRequest,
  GuardedRead,
  NeedToKnowRule,
  Revealed,
} from './guard.js';
// capability.ts is deliberately not exported: only the guard mints capabilities.
export * from './access-log-checkpoint.js';
