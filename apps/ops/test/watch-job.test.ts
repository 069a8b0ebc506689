import { describe, expect, it } from 'vitest';
import type { JobFieldsFragment, LendingClient } from '@lending/sdk';
import { watchJob } from '../src/commands/jobs.js';

const job = (over: Partial<JobFieldsFragment>): JobFieldsFragment => ({
  id: 'Sm9iOjE',
  kind: 'close-of-business',
  state: 'RUNNING',
  itemsDone: 0,
  itemsTotal: 10,
  attempts: 1,
  createdAt: '2026-01-15T09:00:00.000Z',
  startedAt: '2026-01-15T09:00:00.000Z',
  finishedAt: null,
  error: null,
  ...over,
});

/** A gateway that answers `job(id)` with each of `states` in turn. */
function gatewayAnswering(states: JobFieldsFragment[]): LendingClient {
  let i = 0;
  return {
    execute: () => Promise.reject(new Error('not used')),
    request: <T>() => Promise.resolve({ job: states[Math.min(i++, states.length - 1)] } as T),
  } as LendingClient;
}

async function watch(states: JobFieldsFragment[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await watchJob(
    gatewayAnswering(states),
    job({ state: 'QUEUED' }),
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    1,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('following a job', () => {
  it('exits 0 with the items done once the job succeeds', async () => {
    expect(
      await watch([
        job({ itemsDone: 4 }),
        job({ state: 'SUCCEEDED', itemsDone: 10, finishedAt: '2026-01-15T09:00:02.500Z' }),
      ]),
    ).toEqual({ code: 0, out: 'close-of-business Sm9iOjE succeeded in 2.5 s: 10 items', err: '' });
  });

  it('exits 1 with the error when the job fails, naming the attempts', async () => {
    expect(
      await watch([
        job({ itemsDone: 4 }),
        job({
          state: 'FAILED',
          attempts: 6,
          error: 'connection terminated',
          finishedAt: '2026-01-15T09:01:00.000Z',
        }),
      ]),
    ).toEqual({
      code: 1,
      out: '',
      err: 'close-of-business Sm9iOjE failed after 6 attempts: connection terminated',
    });
  });

  it('exits 1 when the job is cancelled', async () => {
    expect((await watch([job({ state: 'CANCELLED' })])).code).toBe(1);
  });
});
