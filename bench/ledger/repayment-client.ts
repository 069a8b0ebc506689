/**
 * A load generator process for repayments.ts: runs its clients concurrently,
 * each repaying 1.00 on its own loans in turn with a new idempotency key
 * each time, from `startAt` until `stopAt` (epoch ms, shared by every load
 * process), and prints one JSON line: repayments acknowledged inside that
 * window and any failure. Its configuration is the JSON in LEDGER_LOAD.
 */
import type { LedgerBenchClient } from '../harness/ledger-gateway-server.js';

export interface LoadConfig {
  readonly url: string;
  readonly clients: readonly LedgerBenchClient[];
  readonly startAt: number;
  readonly stopAt: number;
  /** Makes keys unique across runs and processes. */
  readonly keyPrefix: string;
}

export interface LoadResult {
  readonly acknowledged: number;
  readonly failures: number;
  readonly firstFailure: string | null;
}

const MUTATION = `mutation Repay($input: MakeRepaymentInput!) {
  makeRepayment(input: $input) {
    allocation { principal { amount } interest { amount } excess { amount } }
    userErrors { code message }
  }
}`;

async function runClient(
  config: LoadConfig,
  client: LedgerBenchClient,
  c: number,
): Promise<LoadResult> {
  let acknowledged = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  for (let i = 0; Date.now() < config.stopAt; i++) {
    const response = await fetch(config.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
      body: JSON.stringify({
        query: MUTATION,
        variables: {
          input: {
            loanId: client.loans[i % client.loans.length],
            amount: { amount: '1.00', currency: client.currency },
            idempotencyKey: `${config.keyPrefix}-${c}-${i}`,
          },
        },
      }),
    });
    const text = await response.text();
    const done = Date.now();
    const body = JSON.parse(text) as {
      data?: { makeRepayment?: { allocation: unknown; userErrors: unknown[] } };
    };
    const ok =
      response.status === 200 &&
      body.data?.makeRepayment?.allocation != null &&
      body.data.makeRepayment.userErrors.length === 0;
    if (!ok) {
      failures++;
      firstFailure ??= `${response.status} ${text.slice(0, 300)}`;
    } else if (done >= config.startAt && done <= config.stopAt) acknowledged++;
  }
  return { acknowledged, failures, firstFailure };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env['LEDGER_LOAD'] ?? '') as LoadConfig;
  // Warm-up until startAt counts nothing but fills the connection pools and JIT.
  const results = await Promise.all(
    config.clients.map((client, c) => runClient(config, client, c)),
  );
  const total: LoadResult = {
    acknowledged: results.reduce((n, r) => n + r.acknowledged, 0),
    failures: results.reduce((n, r) => n + r.failures, 0),
    firstFailure: results.find((r) => r.firstFailure)?.firstFailure ?? null,
  };
  process.stdout.write(`${JSON.stringify(total)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`repayment client failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
