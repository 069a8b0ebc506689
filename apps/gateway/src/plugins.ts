import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from '@lending/graphql-kit';
import { isClientError } from './errors.js';

/** One log line per request (never its variables: they can carry personal data); internal errors with their cause. */
export function loggingPlugin(): ApolloServerPlugin<GraphQLContext> {
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
          contextValue.log.info(
            {
              operationName: operationName ?? null,
              role: contextValue.viewer?.role ?? null,
              status: response.http.status ?? 200,
              durationMs: Math.round(performance.now() - started),
              errorCodes: errors.map((e) => e.extensions?.['code']),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
