import type { NodeFetcher } from './context.js';

/** What a domain package's `./graphql` export hands to the gateway. */
export interface GatewayModule {
  readonly name: string;
  // type-graphql takes resolver classes as plain constructors.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly resolvers: readonly Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly orphanedTypes?: readonly Function[];
  /** Keyed by the GraphQL type name encoded in the global id. */
  readonly nodeFetchers?: Readonly<Record<string, NodeFetcher>>;
}
