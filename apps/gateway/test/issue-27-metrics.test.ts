import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../src/rate-limit.js';
import { startTestGateway, type TestGateway } from './harness.js';

// Issue 27, item 8: /metrics was anonymous in production and served before
// the rate limit. It now asks for METRICS_TOKEN as a bearer token, is
// disabled in production without one, and counts against the client's limit.

const METRICS_TOKEN = 'metrics-token-that-is-long-enough-0123456789';

let guarded: TestGateway;
let unconfigured: TestGateway;
beforeAll(async () => {
  guarded = await startTestGateway({
    production: true,
    metricsToken: METRICS_TOKEN,
    rateLimits: { ...DEFAULT_RATE_LIMITS, anonymousPerMinute: 5 },
  });
  unconfigured = await startTestGateway({ production: true });
});
afterAll(async () => {
  await guarded.stop();
  await unconfigured.stop();
});

const metricsUrl = (t: TestGateway) => t.url.replace(/\/graphql$/, '/metrics');
const scrape = (t: TestGateway, authorization?: string) =>
  fetch(metricsUrl(t), authorization ? { headers: { authorization } } : {});

describe('/metrics in production', () => {
  it('is disabled without METRICS_TOKEN, saying how to turn it on', async () => {
    const res = await scrape(unconfigured);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: 'metrics are disabled: set METRICS_TOKEN to serve them',
    });
  });

  it('refuses a scrape without the token or with another one, and serves it with the token', async () => {
    for (const authorization of [undefined, 'Bearer not-the-metrics-token', METRICS_TOKEN]) {
      const refused = await scrape(guarded, authorization);
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain('# HELP');
    }
    const res = await scrape(guarded, `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# HELP');
  });

  it('is rate-limited like any request of its client', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 8; i++) last = await scrape(guarded, `Bearer ${METRICS_TOKEN}`);
    expect(last?.status).toBe(429);
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
