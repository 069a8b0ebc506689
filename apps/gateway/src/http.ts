import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// The HTTP transport's small pieces: request ids, bounded bodies, JSON answers.

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The server's own id for the request, always new (it goes into the access log
 * and every error, so a caller cannot choose it), and the caller's
 * x-request-id when it is a sane token, kept apart as theirs.
 */
export function requestIdsOf(req: IncomingMessage): {
  requestId: string;
  clientRequestId: string | null;
} {
  const given = req.headers['x-request-id'];
  return {
    requestId: randomUUID(),
    clientRequestId: typeof given === 'string' && REQUEST_ID.test(given) ? given : null,
  };
}

/** The body as text, or null past `limit` bytes (the rest is drained, never buffered). */
export async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// RFC 9110: parameter = token "=" ( token / quoted-string ), around ";" with optional spaces.
const PARAMETER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)=([!#$%&'*+.^_`|~0-9A-Za-z-]+|"(?:[^"\\]|\\.)*")$/;

/**
 * Whether a request body is declared as JSON: exactly `application/json`
 * (any case), with optional parameters; a charset, if given, must be UTF-8,
 * the only one JSON is read in. `application/jsonx`, `application/json-seq`
 * and the like are not JSON. (A quoted parameter holding a `;` is refused
 * too: no JSON client sends one.)
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined || header.length > 200) return false;
  const [type = '', ...parameters] = header.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  for (const parameter of parameters) {
    if (parameter.trim() === '') continue;
    const match = PARAMETER.exec(parameter.trim());
    if (!match) return false;
    const [, name = '', raw = ''] = match;
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if (name.toLowerCase() === 'charset' && value.toLowerCase() !== 'utf-8') return false;
  }
  return true;
}

export function graphqlError(code: string, message: string, requestId: string) {
  return { errors: [{ message, extensions: { code, requestId } }] };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/** Puts the request id on every error so a user's report can be matched to the server log. */
export function stampRequestId(body: string, requestId: string): string {
  if (!body.includes('"errors"')) return body;
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: Record<string, unknown> }[] };
    if (!Array.isArray(parsed.errors)) return body;
    for (const e of parsed.errors) e.extensions = { ...e.extensions, requestId };
    return JSON.stringify(parsed);
  } catch {
    return body;
  }
}
