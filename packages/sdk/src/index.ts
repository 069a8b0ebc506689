export { createClient, LendingApiError } from './client.js';
export type { ClientOptions, ExecutionResult, GraphQLErrorEntry, LendingClient } from './client.js';
export * from './generated/graphql.js';
