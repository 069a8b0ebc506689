import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from './logger.js';

/**
 * Requests a minute, counted in this gateway instance's memory (so with N
 * instances behind a balancer a client gets up to N times as many; see the
 * README). Every /graphql request counts against its client address; one
 * without a valid token also against the stricter anonymous limit of that
 * address (a refused token counts as anonymous, so guessing tokens is slow);
 * one with a valid token also against its actor.
 */
export interface RateLimitConfig {
  /** Per actor (the token's subject), across every address it calls from. */
  readonly perActorPerMinute: number;
  /** Per client address, all requests with or without a token. */
  readonly perClientPerMinute: number;
  /** Per client address, requests without a valid token. */
  readonly anonymousPerMinute: number;
  /**
   * Reverse proxies in front of the gateway that append the address they saw
   * to X-Forwarded-For; 0 (no proxy) takes the socket's address and ignores
   * the header, which a client can write.
   */
  readonly trustedProxies: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  perActorPerMinute: 600,
  perClientPerMinute: 1200,
  anonymousPerMinute: 60,
  trustedProxies: 0,
};

export type RateLimitScope = 'client' | 'anonymous' | 'actor';

export interface RateLimitRefusal {
  readonly scope: RateLimitScope;
  readonly retryAfterSeconds: number;
}

export class RateLimits {
  private readonly limiters: Record<RateLimitScope, RateLimiterMemory>;
  private readonly points: Record<RateLimitScope, number>;

  constructor(
    private readonly config: RateLimitConfig,
    private readonly logger: Logger,
  ) {
    this.points = {
      client: config.perClientPerMinute,
      anonymous: config.anonymousPerMinute,
      actor: config.perActorPerMinute,
    };
    const limiter = (scope: RateLimitScope) =>
      new RateLimiterMemory({ keyPrefix: scope, points: this.points[scope], duration: 60 });
    this.limiters = {
      client: limiter('client'),
      anonymous: limiter('anonymous'),
      actor: limiter('actor'),
    };
  }

  /** The key a request's client is counted under (see clientKey). */
  clientOf(req: IncomingMessage): string {
    return clientKey(
      clientAddress(
        req.socket.remoteAddress,
        req.headers['x-forwarded-for'],
        this.config.trustedProxies,
      ),
    );
  }

  /** Every request; `anonymous` when it carries no token. */
  async admitClient(client: string, anonymous: boolean): Promise<RateLimitRefusal | null> {
    return (
      (await this.consume('client', client)) ??
      (anonymous ? await this.consume('anonymous', client) : null)
    );
  }

  /** A request whose token was refused: it counts as anonymous. */
  admitRefusedToken(client: string): Promise<RateLimitRefusal | null> {
    return this.consume('anonymous', client);
  }

  admitActor(actorId: string): Promise<RateLimitRefusal | null> {
    return this.consume('actor', actorId);
  }

  private async consume(scope: RateLimitScope, key: string): Promise<RateLimitRefusal | null> {
    try {
      await this.limiters[scope].consume(key);
      return null;
    } catch (refused) {
      // The memory limiter rejects only with its result; anything else is a bug.
      if (!(refused instanceof RateLimiterRes)) throw refused;
      // One line per offender and window, not one per refused request.
      if (refused.consumedPoints === this.points[scope] + 1) {
        this.logger.warn({ scope, limitPerMinute: this.points[scope] }, 'rate limit reached');
      }
      return { scope, retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) };
    }
  }
}

/**
 * The client's address: the socket's, or with `trustedProxies` proxies in
 * front, the entry of X-Forwarded-For the outermost trusted proxy appended
 * (entries further left were written by the client and prove nothing).
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: number,
): string {
  const socket = socketAddress ?? 'unknown';
  if (trustedProxies === 0 || forwardedFor === undefined) return socket;
  const chain = [
    ...(Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
    socket,
  ];
  const entry = chain[Math.max(0, chain.length - 1 - trustedProxies)];
  return entry !== undefined && (isIPv4(entry) || isIPv6(entry)) ? entry : socket;
}

/**
 * IPv4 addresses as they are; IPv6 by their /64, the block one subscriber is
 * given (counting single IPv6 addresses would give each client 2^64 limits).
 */
export function clientKey(address: string): string {
  const unzoned = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(unzoned);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(unzoned)) return unzoned;
  const [head = '', tail] = unzoned.split('::');
  const groupsOf = (part: string) =>
    part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
