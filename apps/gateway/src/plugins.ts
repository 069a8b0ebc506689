import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from '@lending/graphql-kit';
import { isClientError } from './errors.js';
import type { GatewayMetrics } from './metrics.js';

/**
 * One JSON log line per operation: the request id, operation name, actor id
 * and role, duration and outcome with the error codes; never variables or
 * tokens (they can carry personal data). Internal errors are logged with
 * their cause, and every operation is counted and timed for /metrics.
 */
export function loggingPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (!isClientError(error)) {
              contextValue.log.error(
                { err: error.originalError ?? error, path: error.path },
                'internal error',
              );
            }
          }
        },
        async willSendResponse({ response, operationName }) {
          const errors =
            response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = errors.map((e) => {
            const code = e.extensions?.['code'];
            return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
          });
          const seconds = (performance.now() - started) / 1000;
          const outcome = codes.length === 0 ? 'ok' : 'error';
          const operation = metrics.operationLabel(operationName);
          metrics.requests.inc({ operation, outcome });
          metrics.latency.observe({ operation }, seconds);
          for (const code of codes) metrics.errors.inc({ code });
          contextValue.log.info(
            {
              operationName: operationName ?? null,
              actorId: contextValue.viewer?.id ?? null,
              role: contextValue.viewer?.role ?? null,
              status: response.http.status ?? 200,
              durationMs: Math.round(seconds * 1000),
              outcome,
              errorCodes: codes,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
