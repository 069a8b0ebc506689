import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTime } from 'luxon';
import { BusinessDate } from '@lending/kernel';

// Coercion errors never repeat the offending value: it may be personal data.
const invalid = (what: string): GraphQLError =>
  new GraphQLError(`Expected ${what}.`, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * RFC 3339's shape only: which characters go where, with an explicit `Z` or
 * offset (ISO 8601's other forms, which luxon would also read, are refused).
 * Whether the instant exists is luxon's judgement, below.
 */
const RFC3339_SHAPE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):([0-5]\d))$/;

/** The offsets in civil use, UTC-12:00 to UTC+14:00. */
const OFFSET_MIN_MINUTES = -12 * 60;
const OFFSET_MAX_MINUTES = 14 * 60;

const INSTANT_EXPECTED =
  'an RFC 3339 date-time that exists, with Z or an offset, such as 2026-11-28T09:30:00Z';

/**
 * An instant the caller wrote, exactly: a date or time that does not exist
 * (30 February, 29 February outside a leap year, 24:00, second 60, an offset
 * no zone has) is refused, never moved to a neighbouring one.
 */
function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || value.length > 40) throw invalid(INSTANT_EXPECTED);
  const shape = RFC3339_SHAPE.exec(value);
  if (!shape) throw invalid(INSTANT_EXPECTED);
  const instant = DateTime.fromISO(value, { setZone: true });
  if (!instant.isValid) throw invalid(INSTANT_EXPECTED);
  // luxon reads ISO 8601, where 24:00 is the end of a day and becomes 00:00 of
  // the next: the fields it read must be the fields that were written.
  const [year, month, day, hour, minute, second] = shape.slice(1, 7).map(Number);
  const sign = shape[7] === '-' ? -1 : 1;
  const offset = sign * (Number(shape[8] ?? 0) * 60 + Number(shape[9] ?? 0));
  if (
    instant.year !== year ||
    instant.month !== month ||
    instant.day !== day ||
    instant.hour !== hour ||
    instant.minute !== minute ||
    instant.second !== second ||
    instant.offset !== offset ||
    offset < OFFSET_MIN_MINUTES ||
    offset > OFFSET_MAX_MINUTES
  ) {
    throw invalid(INSTANT_EXPECTED);
  }
  return instant.toJSDate();
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'RFC 3339 instant, UTC, e.g. 2026-11-28T09:30:00Z',
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    throw new Error('DateTime field resolved to something other than a valid Date');
  },
  parseValue: parseInstant,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid('an RFC 3339 date-time string');
    return parseInstant(ast.value);
  },
});

function parseCivilDate(value: unknown): BusinessDate {
  if (typeof value !== 'string') throw invalid('a date as YYYY-MM-DD');
  const parsed = BusinessDate.parse(value);
  if (!parsed.ok) throw invalid('a date as YYYY-MM-DD');
  return parsed.value;
}

export const DateScalar = new GraphQLScalarType<BusinessDate, string>({
  name: 'Date',
  description: 'civil date YYYY-MM-DD (business date, no time zone)',
  serialize(value) {
    if (value instanceof BusinessDate) return value.toString();
    if (typeof value === 'string' && BusinessDate.parse(value).ok) return value;
    throw new Error('Date field resolved to something other than a BusinessDate');
  },
  parseValue: parseCivilDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid('a date string as YYYY-MM-DD');
    return parseCivilDate(ast.value);
  },
});
