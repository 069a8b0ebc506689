import { ApolloArmor } from '@escape.tech/graphql-armor';

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
    maxAliases: { n: OPERATION_LIMITS.maxAliases },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives },
    // graphql-armor's token plugin re-parses the document and turns a plain syntax
    // error into a 500; graphql-js enforces the same limit in Apollo's own parse.
    maxTokens: { enabled: false },
    costLimit: { maxCost: OPERATION_LIMITS.maxCost },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}
