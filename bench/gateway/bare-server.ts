/**
 * The baseline: Apollo Server 5 over node:http with a one-field schema and
 * nothing else (no auth, limits, logging, request ids or role guards). The
 * HTTP plumbing mirrors apps/gateway/src/server.ts so the ratio measures what
 * the gateway adds, not a different HTTP integration.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { announce, failStart, stopWhenAsked } from '../harness/child.js';

const typeDefs = `#graphql
  type Query {
    viewer: Viewer
  }
  type Viewer {
    id: ID!
  }
`;

const VIEWER = { id: 'bench-viewer' };

async function main(): Promise<void> {
  const apollo = new ApolloServer({
    typeDefs,
    resolvers: { Query: { viewer: () => VIEWER } },
    nodeEnv: 'production',
    // child.ts handles signals; Apollo's handler would race our stop().
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://bare.invalid');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const isJson = (headers.get('content-type') ?? '').startsWith('application/json');
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: req.method ?? 'GET',
      headers,
      search: url.search,
      body: req.method === 'POST' && isJson && raw.length > 0 ? JSON.parse(raw) : raw,
    };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => ({}),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  const httpServer = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;

  stopWhenAsked(async () => {
    await new Promise<void>((resolve) => {
      httpServer.close(() => resolve());
      httpServer.closeAllConnections();
    });
    await apollo.stop();
  });
  announce({ url: `http://127.0.0.1:${port}/graphql` });
}

main().catch(failStart('bare server'));
