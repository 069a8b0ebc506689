import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApolloServer,
  HeaderMap,
  type ApolloServerPlugin,
  type HTTPGraphQLRequest,
} from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { DbHandle } from '@lending/db';
import {
  ErrorCode,
  type GatewayModule,
  type GraphQLContext,
  type ModuleDeps,
} from '@lending/graphql-kit';
import type { Clock } from '@lending/kernel';
import type { Authenticate } from './auth.js';
import { buildContext, collectNodeFetchers } from './context.js';
import { formatError } from './errors.js';
import {
  graphqlError,
  isJsonContentType,
  readBody,
  requestIdsOf,
  sendJson,
  stampRequestId,
} from './http.js';
import {
  armorProtection,
  isAnonymousOperation,
  OPERATION_LIMITS,
  SupportedOperationTypes,
} from './limits.js';
import type { Logger } from './logger.js';
import { GatewayMetrics } from './metrics.js';
import { loggingPlugin } from './plugins.js';
import { serveProbe } from './probes.js';
import { RateLimits, type RateLimitConfig, type RateLimitRefusal } from './rate-limit.js';
import type { ReadinessReport } from './readiness.js';
import { buildGatewaySchema } from './schema.js';

export interface GatewayOptions {
  readonly db: DbHandle;
  readonly clock: Clock;
  readonly modules: readonly GatewayModule[];
  readonly deps: ModuleDeps;
  readonly authenticate: Authenticate;
  readonly logger: Logger;
  readonly production: boolean;
  /** Per-instance request limits; 'off' only for tests and benchmarks that measure something else. */
  readonly rateLimits: RateLimitConfig | 'off';
  readonly port: number;
  readonly host?: string;
  /**
   * The bearer token `/metrics` asks for (compared in constant time); without
   * one `/metrics` is open outside production and disabled in production.
   */
  readonly metricsToken?: string | null;
  /** Prometheus metrics (metrics.ts); a fresh registry when not given. */
  readonly metrics?: GatewayMetrics;
  /** What `/readyz` checks; without it `/readyz` answers as `/healthz`. */
  readonly readiness?: () => Promise<ReadinessReport>;
}

export interface RunningGateway {
  readonly url: string;
  readonly schema: GraphQLSchema;
  readonly httpServer: Server;
  readonly metrics: GatewayMetrics;
  stop(): Promise<void>;
}

/** Whether `authorization` is `Bearer <expected>`, compared in constant time. */
function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const presented = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const schema = await buildGatewaySchema(options.modules);
  const nodeFetchers = collectNodeFetchers(options.modules);
  const armor = armorProtection();
  const rateLimits =
    options.rateLimits === 'off' ? null : new RateLimits(options.rateLimits, options.logger);
  const metrics = options.metrics ?? new GatewayMetrics();

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    allowBatchedHttpRequests: false,
    // APQ is a cache keyed by hash, not an allowlist: off.
    persistedQueries: false,
    csrfPrevention: true,
    // main.ts owns shutdown (stop the server, then close the database); Apollo's own
    // handler would call stop() a second time, which never returns in 5.5.
    stopOnTerminationSignals: false,
    nodeEnv: options.production ? 'production' : 'development',
    parseOptions: { maxTokens: OPERATION_LIMITS.maxTokens },
    validationRules: [...armor.validationRules, SupportedOperationTypes],
    formatError,
    plugins: [
      // graphql-armor's types point at Apollo's CommonJS declarations; the runtime objects are the same.
      ...(armor.plugins as unknown as ApolloServerPlugin<GraphQLContext>[]),
      loggingPlugin(metrics),
      // Apollo's default cache-control plugin hooks every field resolved (13 % of a
      // 600-instalment dashboard's CPU) to compute a header this server sets itself: no-store.
      ApolloServerPluginCacheControlDisabled(),
      ...(options.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  let ready = true;
  const httpServer = createServer((req, res) => {
    const { requestId, clientRequestId } = requestIdsOf(req);
    res.once('finish', () => metrics.httpResponses.inc({ status: String(res.statusCode) }));
    res.setHeader('x-request-id', requestId);
    if (clientRequestId) res.setHeader('x-client-request-id', clientRequestId);
    handle(req, res, requestId, clientRequestId).catch((error: unknown) => {
      options.logger.error({ err: error, requestId, clientRequestId }, 'unhandled request failure');
      if (!res.headersSent)
        sendJson(
          res,
          500,
          graphqlError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error.', requestId),
        );
      else res.end();
    });
  });

  /** Answers 429 and says so when the request's client is over its limit. */
  async function refusedByClientLimit(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    anonymous: boolean,
  ): Promise<boolean> {
    const client = rateLimits?.clientOf(req) ?? null;
    if (!rateLimits || client === null) return false;
    const refusal = await rateLimits.admitClient(client, anonymous);
    if (refusal) tooManyRequests(res, refusal, requestId);
    return refusal !== null;
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    clientRequestId: string | null,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const probes = { stopping: !ready, metrics, readiness: options.readiness ?? null };
    if (url.pathname === '/metrics') {
      // Counted like any other request of its client, before the token is checked.
      if (await refusedByClientLimit(req, res, requestId, true)) return;
      const token = options.metricsToken ?? null;
      if (token === null && options.production) {
        sendJson(res, 404, { error: 'metrics are disabled: set METRICS_TOKEN to serve them' });
        return;
      }
      if (token !== null && !bearerMatches(req.headers.authorization, token)) {
        res.setHeader('www-authenticate', 'Bearer');
        sendJson(res, 401, { error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
        return;
      }
    }
    if (await serveProbe(url.pathname, res, probes)) return;
    if (url.pathname !== '/graphql') {
      sendJson(res, 404, { error: 'not found; the API is at /graphql' });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      sendJson(res, 405, graphqlError(ErrorCode.BAD_REQUEST, 'Use GET or POST.', requestId));
      return;
    }
    // No token is an anonymous request (auth.ts reads an empty header the same way).
    const anonymous = req.headers.authorization === undefined || req.headers.authorization === '';
    if (await refusedByClientLimit(req, res, requestId, anonymous)) return;
    const client = rateLimits?.clientOf(req) ?? null;
    if (req.method === 'POST' && !isJsonContentType(req.headers['content-type'])) {
      sendJson(
        res,
        415,
        graphqlError(
          ErrorCode.BAD_REQUEST,
          'Send the operation as application/json (UTF-8).',
          requestId,
        ),
      );
      return;
    }
    const raw = await readBody(req, OPERATION_LIMITS.maxBodyBytes);
    if (raw === null) {
      sendJson(res, 413, graphqlError(ErrorCode.BAD_REQUEST, 'Request body too large.', requestId));
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = raw;
    if (req.method === 'POST') {
      try {
        body = raw.length === 0 ? undefined : JSON.parse(raw);
      } catch {
        sendJson(
          res,
          400,
          graphqlError(ErrorCode.BAD_REQUEST, 'Body is not valid JSON.', requestId),
        );
        return;
      }
    }
    if (options.production && anonymous) {
      const query =
        req.method === 'POST'
          ? (body as { query?: unknown } | undefined)?.query
          : url.searchParams.get('query');
      if (!isAnonymousOperation(query)) {
        // Before Apollo parses or validates anything: a validation error names fields and types.
        res.setHeader('www-authenticate', 'Bearer');
        sendJson(
          res,
          401,
          graphqlError(ErrorCode.UNAUTHENTICATED, 'Authentication required.', requestId),
        );
        return;
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: req.method,
      headers,
      search: url.search,
      body,
    };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: () =>
        buildContext(
          options,
          nodeFetchers,
          headers,
          { requestId, clientRequestId },
          { rateLimits, client },
        ),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    // Every answer is specific to its viewer: no shared cache may keep it.
    res.setHeader('cache-control', 'no-store');
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(stampRequestId(response.body.string, requestId));
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  function tooManyRequests(res: ServerResponse, refusal: RateLimitRefusal, requestId: string) {
    res.setHeader('retry-after', String(refusal.retryAfterSeconds));
    sendJson(
      res,
      429,
      graphqlError(ErrorCode.RATE_LIMITED, 'Too many requests; try again later.', requestId),
    );
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await apollo.stop();
    throw error;
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/graphql`,
    schema,
    httpServer,
    metrics,
    async stop() {
      ready = false;
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
