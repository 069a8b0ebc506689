import { uuidv7 } from 'uuidv7';

/** A new time-ordered UUIDv7 in canonical lower-case form. */
export function newId(): string {
  return uuidv7();
}

// Canonical lower-case form (as PostgreSQL prints it), RFC 9562 variant,
// versions 1–8. The nil and max UUIDs are not ids.
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && value.length === 36 && UUID_PATTERN.test(value);
}

export function isUuidV7(value: unknown): value is string {
  return isUuid(value) && value[14] === '7';
}
