import type { ServerResponse } from 'node:http';
import { sendJson } from './http.js';
import type { GatewayMetrics } from './metrics.js';
import type { ReadinessReport } from './readiness.js';

/**
 * The endpoints for the platform's operators rather than its clients:
 * `/healthz` (the process is alive and not stopping), `/readyz` (it can
 * serve: see readiness.ts) and `/metrics` (Prometheus text). Answers true
 * when `path` was one of them.
 */
export async function serveProbe(
  path: string,
  res: ServerResponse,
  state: {
    readonly stopping: boolean;
    readonly metrics: GatewayMetrics;
    readonly readiness: (() => Promise<ReadinessReport>) | null;
  },
): Promise<boolean> {
  switch (path) {
    case '/healthz':
      sendJson(res, state.stopping ? 503 : 200, { status: state.stopping ? 'stopping' : 'ok' });
      return true;
    case '/readyz': {
      if (state.stopping) {
        sendJson(res, 503, { status: 'stopping' });
        return true;
      }
      const report = state.readiness ? await state.readiness() : null;
      if (!report) sendJson(res, 200, { status: 'ready', checks: {} });
      else
        sendJson(res, report.ready ? 200 : 503, {
          status: report.ready ? 'ready' : 'not ready',
          checks: report.checks,
        });
      return true;
    }
    case '/metrics': {
      const body = await state.metrics.registry.metrics();
      res.statusCode = 200;
      res.setHeader('content-type', state.metrics.registry.contentType);
      res.setHeader('cache-control', 'no-store');
      res.end(body);
      return true;
    }
    default:
      return false;
  }
}
