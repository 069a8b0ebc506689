import type { Db } from '@lending/db';
import type { Clock, Role } from '@lending/kernel';

export interface Viewer {
  /** The token's `sub`; for a BORROWER, the borrower's global id. */
  readonly id: string;
  readonly role: Role;
  /** The borrower's local id when the viewer is a BORROWER whose `sub` decodes to one. */
  readonly borrowerId: string | null;
  /** The token's `jti`, when it has one: recorded with every read of contact data. */
  readonly tokenId?: string | null;
  /**
   * The `act` claim's `sub` (RFC 8693): who is acting through a token issued to
   * someone else, e.g. a support agent on a borrower's behalf.
   */
  readonly actedBy?: string | null;
}

export interface RequestLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * DataLoaders live for one request: a loader shared between viewers would be
 * a cache that leaks one viewer's reads to another.
 */
export class RequestLoaders {
  readonly #loaders = new Map<string, unknown>();

  get<T>(key: string, create: () => T): T {
    let loader = this.#loaders.get(key) as T | undefined;
    if (loader === undefined) {
      loader = create();
      this.#loaders.set(key, loader);
    }
    return loader;
  }
}

/**
 * Services the gateway builds once at start and hands to every request.
 * Each domain module adds its own entry by module augmentation, e.g.
 * `declare module '@lending/graphql-kit' { interface ModuleDeps { consent: ... } }`,
 * so the gateway cannot start without providing it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleDeps {}

/**
 * Fetches one object for `Query.node`, applying the owning module's own
 * authorization: return null (not found) or throw a coded GraphQLError.
 * Declared here, beside the context it reads, so module.ts depends on
 * context.ts and not the other way round.
 */
export type NodeFetcher = (ctx: GraphQLContext, localId: string) => Promise<object | null>;

/**
 * Collections' answer to "may this collector see this borrower's records?":
 * only while an open case of the borrower is assigned to them or waits
 * unassigned in their queue. (Contact data asks more: consent's guard needs
 * the case assigned to them.) Per request, batched.
 */
export interface CollectorAssignments {
  canSeeBorrower(collectorId: string, borrowerId: string): Promise<boolean>;
}

export interface GraphQLContext {
  /** The server's own id for the request. */
  readonly requestId: string;
  /** The x-request-id the caller sent, if any: theirs, recorded as such. */
  readonly clientRequestId?: string | null;
  /** null when the request carried no token; a bad token never gets this far. */
  readonly viewer: Viewer | null;
  readonly db: Db;
  readonly clock: Clock;
  readonly loaders: RequestLoaders;
  readonly log: RequestLogger;
  /** `Query.node` dispatch: GraphQL type name -> the owning module's fetcher. */
  readonly nodeFetchers: ReadonlyMap<string, NodeFetcher>;
  readonly collectorAssignments: CollectorAssignments;
  readonly deps: ModuleDeps;
}
