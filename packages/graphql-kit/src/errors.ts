import { GraphQLError } from 'graphql';

/**
 * The closed list of error codes a client may see. `formatError` in the
 * gateway passes these through and masks everything else.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  BAD_REQUEST: 'BAD_REQUEST',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  /** Too many requests from this client or actor; the answer is 429 with Retry-After. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The database cannot be reached right now (restarting, failing over): retry shortly. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

function coded(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export const unauthenticated = (): GraphQLError =>
  coded(ErrorCode.UNAUTHENTICATED, 'Authentication required: send a valid bearer token.');

export const forbidden = (message = 'Not allowed for this viewer.'): GraphQLError =>
  coded(ErrorCode.FORBIDDEN, message);

// One message for "does not exist" and "malformed id", so ids cannot be probed.
export const notFound = (): GraphQLError => coded(ErrorCode.NOT_FOUND, 'No object with this id.');

export const badUserInput = (message: string): GraphQLError =>
  coded(ErrorCode.BAD_USER_INPUT, message);

export const conflict = (message: string): GraphQLError => coded(ErrorCode.CONFLICT, message);
