import type { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import {
  ErrorCode,
  RequestLoaders,
  type GatewayModule,
  type GraphQLContext,
  type NodeFetcher,
} from '@lending/graphql-kit';
import { collectorAssignmentsOf } from '@lending/collections/graphql';
import { AuthenticationError } from './auth.js';
import type { GatewayOptions } from './server.js';

/**
 * One request's context: the authenticated viewer (a bad token stops the
 * request with UNAUTHENTICATED, before any resolver), per-request loaders,
 * and the services built once at start.
 */
export async function buildContext(
  options: GatewayOptions,
  nodeFetchers: ReadonlyMap<string, NodeFetcher>,
  headers: HeaderMap,
  requestId: string,
): Promise<GraphQLContext> {
  let viewer: GraphQLContext['viewer'];
  try {
    viewer = await options.authenticate(headers.get('authorization'));
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    options.logger.info({ requestId, reason: error.message }, 'token refused');
    throw new GraphQLError('Invalid or expired token.', {
      extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
    });
  }
  const loaders = new RequestLoaders();
  const db = options.db.db;
  return {
    requestId,
    viewer,
    db,
    clock: options.clock,
    loaders,
    collectorAssignments: collectorAssignmentsOf({ db, loaders }),
    log: options.logger.child({ requestId }),
    nodeFetchers,
    deps: options.deps,
  };
}

export function collectNodeFetchers(
  modules: readonly GatewayModule[],
): ReadonlyMap<string, NodeFetcher> {
  const map = new Map<string, NodeFetcher>();
  for (const m of modules) {
    for (const [type, fetcher] of Object.entries(m.nodeFetchers ?? {})) {
      if (map.has(type)) throw new Error(`two modules claim node type ${type}`);
      map.set(type, fetcher);
    }
  }
  return map;
}
