/**
 * Our real gateway for gateway/run.ts, started as start-gateway.ts starts it,
 * with an OPS token in its announcement.
 */
import { announce, failStart, stopWhenAsked } from './child.js';
import { startBenchGateway } from './start-gateway.js';

async function main(): Promise<void> {
  const gateway = await startBenchGateway();
  const token = await gateway.token({ sub: 'ops-bench', role: 'OPS' });
  stopWhenAsked(gateway.stop);
  announce({ url: gateway.url, token });
}

main().catch(failStart('gateway'));
