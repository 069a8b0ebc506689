import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, parse, print, type ValidationRule } from 'graphql';

/**
 * Operation limits, checked during validation, before anything executes.
 * Sized for the contract's deepest legitimate query (borrower -> loans ->
 * edges -> node -> schedule) with room to spare.
 */
export const OPERATION_LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 4000,
  maxCost: 20000,
  // An address-book import of 5,000 entries is about 400 KB of JSON.
  maxBodyBytes: 1024 * 1024,
} as const;

export function armorProtection() {
  return new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.maxDepth, flattenFragments: true },
    // Every alias counts: armor's default allow-list exempts `__typename`, and
    // 1,300 `aN: __typename` aliases then still ran.
    maxAliases: { n: OPERATION_LIMITS.maxAliases, allowList: [] },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives },
    // graphql-armor's token plugin re-parses the document and turns a plain syntax
    // error into a 500; graphql-js enforces the same limit in Apollo's own parse.
    maxTokens: { enabled: false },
    costLimit: { maxCost: OPERATION_LIMITS.maxCost },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/**
 * Refuses an operation type the schema has no root for (a subscription,
 * here) during validation, as graphql-js 17 does: graphql-js 16 lets it
 * through to execution, which then fails as if the server were broken.
 */
export const SupportedOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(
        new GraphQLError('Only query and mutation operations are supported.', { nodes: [node] }),
      );
    }
  },
});

/**
 * What a caller without a token may run in production, compared as printed
 * documents (so spacing and `query` do not matter): only the `{ __typename }`
 * probe a load balancer or uptime check sends. Everything else is refused
 * before it is parsed by Apollo or validated, so validation errors (which name
 * fields, arguments and types) reach only authenticated callers.
 */
export const ANONYMOUS_OPERATIONS: ReadonlySet<string> = new Set(
  ['{ __typename }'].map((query) => print(parse(query))),
);

/** A query an anonymous production caller may send; refuses anything it cannot cheaply parse. */
export function isAnonymousOperation(query: unknown): boolean {
  if (typeof query !== 'string' || query.length > 200) return false;
  try {
    return ANONYMOUS_OPERATIONS.has(print(parse(query, { maxTokens: 20, noLocation: true })));
  } catch {
    return false;
  }
}
