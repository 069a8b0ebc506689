import { DomainError } from './errors.js';
import { isUuid } from './ids.js';

/** Longer inputs are refused before decoding. */
export const GLOBAL_ID_MAX_LENGTH = 200;

const TYPE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Opaque GraphQL Node id: base64url (no padding) of `${typeName}:${uuid}`. */
export function toGlobalId(typeName: string, uuid: string): string {
  if (typeof typeName !== 'string' || !TYPE_NAME_PATTERN.test(typeName)) {
    throw new DomainError('INVALID_ID', 'type name must be a GraphQL name');
  }
  if (!isUuid(uuid)) throw new DomainError('INVALID_ID', 'local id must be a canonical UUID');
  return Buffer.from(`${typeName}:${uuid}`, 'latin1').toString('base64url');
}

/**
 * Decodes a global id, or returns null for anything malformed. Never throws:
 * the input comes straight from clients.
 */
export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  if (
    typeof globalId !== 'string' ||
    globalId.length === 0 ||
    globalId.length > GLOBAL_ID_MAX_LENGTH
  )
    return null;
  if (!BASE64URL_PATTERN.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('latin1');
  // Node's decoder tolerates stray bits; only the canonical spelling of an id
  // is accepted, so each node has exactly one id string.
  if (Buffer.from(decoded, 'latin1').toString('base64url') !== globalId) return null;
  const separator = decoded.indexOf(':');
  if (separator <= 0) return null;
  const type = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (!TYPE_NAME_PATTERN.test(type) || !isUuid(id)) return null;
  return { type, id };
}

/** The local UUID if `globalId` is a well-formed id of `expectedType`, else null. */
export function fromGlobalIdOfType(globalId: string, expectedType: string): string | null {
  const decoded = fromGlobalId(globalId);
  return decoded !== null && decoded.type === expectedType ? decoded.id : null;
}
