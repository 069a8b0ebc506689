import { isUuid } from '@lending/kernel';
import { badUserInput } from './errors.js';

/** Longer than any cursor this codec writes: a bigger one is refused before decoding. */
export const CURSOR_MAX_LENGTH = 200;
const INT64_MAX = 9223372036854775807n;

/** What a cursor part holds, each validated on the way back in. */
interface PartTypes {
  uuid: string;
  instant: Date;
  bigint: bigint;
}
type PartKind = keyof PartTypes;
type Values<P extends readonly PartKind[]> = { [I in keyof P]: PartTypes[P[I]] };

const encoders: { [K in PartKind]: (value: PartTypes[K]) => string } = {
  uuid: (value) => value,
  instant: (value) => value.toISOString(),
  bigint: (value) => value.toString(),
};

const decoders: { [K in PartKind]: (text: string) => PartTypes[K] | null } = {
  uuid: (text) => (isUuid(text) ? text : null),
  instant: (text) => {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text)) return null;
    const date = new Date(text);
    // The round trip refuses instants that do not exist (2026-02-30, 25:00).
    return !Number.isNaN(date.getTime()) && date.toISOString() === text ? date : null;
  },
  bigint: (text) => {
    if (!/^(0|[1-9]\d{0,18})$/.test(text)) return null;
    const value = BigInt(text);
    return value <= INT64_MAX ? value : null;
  },
};

export interface CursorCodec<V extends readonly unknown[]> {
  encode(...values: V): string;
  /** The parts, or a BAD_USER_INPUT error: malformed, from another connection, or another version. */
  decode(cursor: string): V;
}

/**
 * The one cursor format: opaque base64url of `<connection>.v<version>:` and
 * the parts joined by `|`, each of a declared kind. Decoding validates
 * every part, so a client's cursor never reaches SQL as anything but a
 * well-formed uuid, instant or int64; and one connection's cursor is refused
 * by another. Bump `version` when the parts change.
 */
export function defineCursor<const P extends readonly PartKind[]>(
  connection: string,
  version: number,
  parts: P,
): CursorCodec<Values<P>> {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(connection)) throw new Error(`bad connection name ${connection}`);
  const prefix = `${connection}.v${version}:`;
  const refuse = () => badUserInput('after is not a cursor from this connection.');
  return {
    encode(...values) {
      const text = parts
        .map((kind, i) => (encoders[kind] as (v: unknown) => string)(values[i]))
        .join('|');
      return Buffer.from(prefix + text, 'utf8').toString('base64url');
    },
    decode(cursor) {
      if (cursor.length === 0 || cursor.length > CURSOR_MAX_LENGTH) throw refuse();
      if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
      const text = Buffer.from(cursor, 'base64url').toString('utf8');
      if (!text.startsWith(prefix)) throw refuse();
      const texts = text.slice(prefix.length).split('|');
      if (texts.length !== parts.length) throw refuse();
      return parts.map((kind, i) => {
        const value = decoders[kind](texts[i]!);
        if (value === null) throw refuse();
        return value;
      }) as unknown as Values<P>;
    },
  };
}

/** Validates a connection's `first`: 0 to `max`, `fallback` when not given. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > max) {
    throw badUserInput(`first must be between 0 and ${max}.`);
  }
  return size;
}
