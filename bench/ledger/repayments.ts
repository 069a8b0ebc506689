/**
 * Repayments per second through the real gateway: the gateway in a process
 * of its own (harness/ledger-gateway-server.ts, on a fresh database of the
 * DATABASE_URL server), its clients in load processes of their own
 * (repayment-client.ts), so the load generator never shares an event loop
 * with the ledger code. Two runs on the same gateway: every client in CNY
 * (every repayment debits the one house CASH account), and every client in
 * a currency of its own (no house account shared).
 */
import { fileURLToPath } from 'node:url';
import { isAnnouncement } from '../harness/child.js';
import { backendPids, cpuMeter } from '../harness/cpu.js';
import type { LedgerAnnouncement, LedgerBenchClient } from '../harness/ledger-gateway-server.js';
import { runScriptProcess, startServerProcess } from '../harness/server-process.js';
import type { LoadConfig, LoadResult } from './repayment-client.js';

const SERVER = fileURLToPath(new URL('../harness/ledger-gateway-server.ts', import.meta.url));
const CLIENT = fileURLToPath(new URL('./repayment-client.ts', import.meta.url));

export interface RepaymentRun {
  readonly perSecond: number;
  readonly acknowledged: number;
  /** CPU seconds per repayment: the gateway process, and its database's PostgreSQL backends. */
  readonly gatewayCpu: number;
  readonly serverCpu: number;
}

export interface RepaymentRates {
  /** Every repayment into the one house CASH account. */
  readonly oneCashAccount: RepaymentRun;
  /** The same load, each client's repayments into a house account of its own. */
  readonly ownCashAccounts: RepaymentRun;
}

export async function measureRepayments(options: {
  clients: number;
  seconds: number;
  warmupSeconds: number;
  loadProcesses: number;
}): Promise<RepaymentRates> {
  process.env['LEDGER_BENCH_CLIENTS'] = String(options.clients);
  const server = await startServerProcess<LedgerAnnouncement>({
    name: 'ledger gateway',
    script: SERVER,
    isAnnouncement: (v): v is LedgerAnnouncement =>
      isAnnouncement(v) && typeof Reflect.get(v, 'groups') === 'object',
    invalid: 'no "groups"',
  });
  try {
    const { url, groups, database } = server.announcement;
    const run = async (
      name: string,
      clients: readonly LedgerBenchClient[],
    ): Promise<RepaymentRun> => {
      const startAt = Date.now() + 3_000 + options.warmupSeconds * 1000;
      const stopAt = startAt + options.seconds * 1000;
      const share = Math.ceil(clients.length / options.loadProcesses);
      const linesDone = Promise.all(
        Array.from({ length: options.loadProcesses }, (_, p) => {
          const config: LoadConfig = {
            url,
            clients: clients.slice(p * share, (p + 1) * share),
            startAt,
            stopAt,
            keyPrefix: `${name}-${p}`,
          };
          return runScriptProcess(`load ${p}`, CLIENT, { LEDGER_LOAD: JSON.stringify(config) });
        }),
      );
      await sleepUntil(startAt);
      const gatewayMeter = cpuMeter(() => [server.pid]);
      const serverMeter = cpuMeter(() => (database ? backendPids(database) : []));
      await sleepUntil(stopAt);
      const gatewayCpu = gatewayMeter.stop();
      const serverCpu = serverMeter.stop();
      const lines = await linesDone;
      const results = lines.map((line) => JSON.parse(line) as LoadResult);
      const failed = results.find((r) => r.failures > 0);
      if (failed)
        throw new Error(`${name}: ${failed.failures} failed, first: ${failed.firstFailure}`);
      const acknowledged = results.reduce((n, r) => n + r.acknowledged, 0);
      return {
        acknowledged,
        perSecond: acknowledged / options.seconds,
        gatewayCpu: gatewayCpu / acknowledged,
        serverCpu: serverCpu / acknowledged,
      };
    };
    const one = await run('one', groups.oneCashAccount);
    const own = await run('own', groups.ownCashAccounts);
    return { oneCashAccount: one, ownCashAccounts: own };
  } finally {
    await server.stop();
  }
}

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
