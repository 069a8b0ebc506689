import { HeaderMap } from '@apollo/server';
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
import type { RateLimitRefusal, RateLimits } from './rate-limit.js';
import type { GatewayOptions } from './server.js';

/**
 * One request's context: the authenticated viewer (a bad token stops the
 * request with UNAUTHENTICATED, before any resolver; an actor over its rate
 * limit with RATE_LIMITED), per-request loaders, and the services built once
 * at start.
 */
export async function buildContext(
  options: GatewayOptions,
  nodeFetchers: ReadonlyMap<string, NodeFetcher>,
  headers: HeaderMap,
  ids: { readonly requestId: string; readonly clientRequestId: string | null },
  limits: { readonly rateLimits: RateLimits | null; readonly client: string | null } = {
    rateLimits: null,
    client: null,
  },
): Promise<GraphQLContext> {
  const { rateLimits, client } = limits;
  const { requestId, clientRequestId } = ids;
  let viewer: GraphQLContext['viewer'];
  try {
    viewer = await options.authenticate(headers.get('authorization'));
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    options.logger.info({ requestId, reason: error.message }, 'token refused');
    // A refused token counts as anonymous, so guessing tokens is as slow as anonymous calls.
    const refusal =
      rateLimits && client !== null ? await rateLimits.admitRefusedToken(client) : null;
    if (refusal) throw rateLimited(refusal);
    throw new GraphQLError('Invalid or expired token.', {
      extensions: {
        code: ErrorCode.UNAUTHENTICATED,
        reason: error.message,
        http: { status: 401 },
      },
    });
  }
  if (viewer && rateLimits) {
    const refusal = await rateLimits.admitActor(viewer.id);
    if (refusal) throw rateLimited(refusal);
  }
  const loaders = new RequestLoaders();
  const db = options.db.db;
  return {
    requestId,
    clientRequestId,
    viewer,
    db,
    clock: options.clock,
    loaders,
    collectorAssignments: collectorAssignmentsOf({ db, loaders }),
    log: options.logger.child({ requestId, clientRequestId }),
    nodeFetchers,
    deps: options.deps,
  };
}

function rateLimited(refusal: RateLimitRefusal): GraphQLError {
  return new GraphQLError('Too many requests; try again later.', {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      http: {
        status: 429,
        headers: new HeaderMap([['retry-after', String(refusal.retryAfterSeconds)]]),
      },
    },
  });
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
