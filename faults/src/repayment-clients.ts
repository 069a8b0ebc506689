import { randomBytes } from 'node:crypto';
import { gql } from './database.js';

const PAY = `mutation Pay($input: MakeRepaymentInput!) {
  makeRepayment(input: $input) { allocation { principal { amount } } userErrors { code message } }
}`;

/** Errors a client answers by sending the same request again, later. */
const RETRYABLE_CODES = new Set(['SERVICE_UNAVAILABLE']);

export interface RepaymentClients {
  /** Keys the gateway answered with a posted repayment. */
  readonly acknowledged: { key: string; loanId: string }[];
  /** Answers that were neither a repayment nor a retryable refusal. */
  readonly unexpected: string[];
  /** Requests sent again because no answer came (or the answer said retry). */
  readonly retried: number;
  /** Every answer's HTTP status, to prove none was a 500. */
  readonly statuses: Map<number, number>;
  untilAcknowledged(n: number, timeoutMs?: number): Promise<void>;
  /** Lets each client finish the key it is on (until answered), then stop. */
  stop(): Promise<void>;
}

/**
 * One client per loan, each paying 1.00 at a time with a fresh idempotency
 * key, and sending a request again, with the same key, until it gets an
 * answer: what a careful payment client does.
 */
export function payUntilAnswered(options: {
  url: () => string;
  token: string;
  loanIds: readonly string[];
}): RepaymentClients {
  const acknowledged: { key: string; loanId: string }[] = [];
  const unexpected: string[] = [];
  const statuses = new Map<number, number>();
  let retried = 0;
  let stopping = false;
  const run = randomBytes(4).toString('hex');

  async function client(loanId: string, index: number) {
    for (let n = 0; !stopping; n++) {
      const key = `fault-${run}-${index}-${n}`;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) {
          retried++;
          await new Promise((r) => setTimeout(r, 100));
        }
        try {
          const res = await gql<{ makeRepayment: { userErrors: { code: string }[] } }>(
            options.url(),
            options.token,
            PAY,
            { input: { loanId, amount: { amount: '1.00', currency: 'CNY' }, idempotencyKey: key } },
            5_000,
          );
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const codes = (res.errors ?? []).map((e) => e.extensions?.code ?? 'none');
          if (codes.length > 0 && codes.every((c) => RETRYABLE_CODES.has(c))) continue;
          const payload = res.data?.makeRepayment;
          if (
            res.status === 200 &&
            codes.length === 0 &&
            payload &&
            payload.userErrors.length === 0
          ) {
            acknowledged.push({ key, loanId });
            break;
          }
          unexpected.push(`${key}: HTTP ${res.status} ${JSON.stringify(res.errors ?? payload)}`);
          break;
        } catch {
          // No answer (refused, reset, timed out): the request may or may not have landed.
        }
      }
    }
  }

  const running = options.loanIds.map((id, i) => client(id, i));
  return {
    acknowledged,
    unexpected,
    statuses,
    get retried() {
      return retried;
    },
    async untilAcknowledged(n, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (acknowledged.length < n) {
        if (Date.now() > deadline)
          throw new Error(`only ${acknowledged.length} of ${n} acknowledged`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      stopping = true;
      await Promise.all(running);
    },
  };
}
