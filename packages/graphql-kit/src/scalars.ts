import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { BusinessDate } from '@lending/kernel';

// Coercion errors never repeat the offending value: it may be personal data.
const invalid = (what: string): GraphQLError =>
  new GraphQLError(`Expected ${what}.`, { extensions: { code: 'BAD_USER_INPUT' } });

const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

function parseInstant(value: unknown): Date {
  if (typeof value !== 'string' || value.length > 40 || !RFC3339.test(value)) {
    throw invalid('an RFC 3339 date-time such as 2026-11-28T09:30:00Z');
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid('an RFC 3339 date-time');
  return date;
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
