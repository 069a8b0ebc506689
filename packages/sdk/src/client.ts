import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface ClientOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  /** A bearer token (JWT); omitted for anonymous calls, which the gateway refuses. */
  token?: string | undefined;
  /** Per-request timeout. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; requestId?: string; [key: string]: unknown };
}

export interface ExecutionResult<TData> {
  data: TData | null;
  errors: GraphQLErrorEntry[];
  status: number;
}

/**
 * Raised by `request` when the gateway answered with errors; `codes` are the
 * `extensions.code` values. The data that came with the errors is not a
 * property: it may hold contact data decrypted for this viewer, and loggers,
 * `JSON.stringify` and `util.inspect` print an error's properties. Ask for it
 * with `partialData()`.
 */
export class LendingApiError extends Error {
  override name = 'LendingApiError';
  readonly codes: string[];
  readonly #partialData: unknown;

  constructor(
    readonly errors: GraphQLErrorEntry[],
    readonly status: number,
    partialData: unknown,
  ) {
    super(
      errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') ||
        `HTTP ${status}`,
    );
    this.codes = errors.map((e) => e.extensions?.code ?? 'UNKNOWN');
    this.#partialData = partialData;
  }

  /** The data the gateway returned beside its errors (null when none); may hold contact data. */
  partialData(): unknown {
    return this.#partialData;
  }
}

export interface LendingClient {
  /** Full result: data and errors side by side (partial data is possible). */
  execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...variables: VariablesArg<TVariables>
  ): Promise<ExecutionResult<TData>>;
  /** Data, or a LendingApiError if the gateway reported any error. */
  request<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...variables: VariablesArg<TVariables>
  ): Promise<TData>;
}

// Operations without variables take none; the others require them.
type VariablesArg<TVariables> =
  TVariables extends Record<string, never> ? [variables?: TVariables] : [variables: TVariables];

const DEFAULT_TIMEOUT_MS = 30_000;

export function createClient(options: ClientOptions): LendingClient {
  const doFetch = options.fetch ?? fetch;
  const printed = new WeakMap<object, string>();

  async function execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...[variables]: VariablesArg<TVariables>
  ): Promise<ExecutionResult<TData>> {
    let query = printed.get(document);
    if (query === undefined) {
      query = print(document);
      printed.set(document, query);
    }
    const response = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ query, variables: variables ?? {} }),
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    let body: { data?: TData | null; errors?: GraphQLErrorEntry[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new LendingApiError([], response.status, null);
    }
    return { data: body.data ?? null, errors: body.errors ?? [], status: response.status };
  }

  return {
    execute,
    async request(document, ...variables) {
      const result = await execute(document, ...variables);
      if (result.errors.length > 0 || result.data === null) {
        throw new LendingApiError(result.errors, result.status, result.data);
      }
      return result.data;
    },
  };
}
