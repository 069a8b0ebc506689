import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '@lending/db';
import { CLIENT_ERROR_CODES, ErrorCode } from '@lending/graphql-kit';

/** graphql-js suggestions ("Did you mean ...?") reveal schema and enum names. */
const SUGGESTION = /\s*Did you mean[^?]*\?/g;
/** Variable coercion errors repeat the rejected value, which may be personal data. */
const COERCION = /^(Variable "\$[A-Za-z_][A-Za-z0-9_]*") got invalid value[\s\S]*$/;
/**
 * So do validation errors for values written into the query itself; keep the
 * type they failed, drop the value.
 */
const LITERAL_ECHO = [
  /^Value "[\s\S]*" does not exist in "([A-Za-z_]\w*)" enum\.?$/,
  /^Enum "([A-Za-z_]\w*)" cannot represent non-enum value: [\s\S]*$/,
  /^([A-Za-z_]\w*) cannot represent [\s\S]*$/,
  /^Expected value of type "([^"]+)", found [\s\S]*$/,
];

/**
 * Apollo's refusal of introspection names the server and how to switch
 * introspection on; a client learns only that it is off.
 */
const INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED';

/**
 * Lets through only errors with a known client code, without values echoed
 * back; everything else becomes INTERNAL_SERVER_ERROR with no detail (the
 * original is logged with the request id by the logging plugin).
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  if (isDatabaseUnavailable(unwrapResolverError(error))) {
    return {
      message: 'The database is unavailable; retry shortly (with the same idempotency key).',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
    };
  }
  const code = formatted.extensions?.['code'];
  if (
    typeof code !== 'string' ||
    !CLIENT_ERROR_CODES.has(code) ||
    code === ErrorCode.INTERNAL_SERVER_ERROR
  ) {
    return {
      message: 'Internal server error.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  }
  if (formatted.extensions?.['validationErrorCode'] === INTROSPECTION_DISABLED) {
    return {
      message: 'Introspection is disabled.',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code },
    };
  }
  let message = formatted.message.replace(SUGGESTION, '');
  const coercion = COERCION.exec(message);
  if (coercion) message = `${coercion[1]} got an invalid value.`;
  for (const pattern of LITERAL_ECHO) {
    const literal = pattern.exec(message);
    if (literal) {
      message = `A value written in the query is not a valid ${literal[1]}.`;
      break;
    }
  }
  // Why a token was refused (auth.ts): the rule it broke, which the client needs to fix it.
  const reason = code === ErrorCode.UNAUTHENTICATED ? formatted.extensions?.['reason'] : undefined;
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: typeof reason === 'string' ? { code, reason } : { code },
  };
}

export function isClientError(error: unknown): boolean {
  const inner = unwrapResolverError(error) as { extensions?: { code?: unknown } };
  const code = inner?.extensions?.code;
  return (
    typeof code === 'string' &&
    CLIENT_ERROR_CODES.has(code) &&
    code !== ErrorCode.INTERNAL_SERVER_ERROR
  );
}
