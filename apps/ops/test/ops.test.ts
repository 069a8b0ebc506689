import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '@lending/kernel';
import { run } from '../src/cli.js';
import type { OpsEnv } from '../src/env.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';

const SECRET = 'ops-test-secret-that-is-long-enough-0123456789';

let gateway: GatewayProcess;
let env: OpsEnv;
beforeAll(async () => {
  gateway = await startGatewayProcess({ jwtSecret: SECRET });
  env = {
    url: gateway.url,
    token: undefined,
    jwtSecret: SECRET,
    dataDir: '/nonexistent',
    production: false,
    databaseUrl: undefined,
    checkpointKey: undefined,
  };
}, 300_000);
afterAll(async () => {
  await gateway?.stop();
});

async function ops(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ops token', () => {
  it('mints a token the gateway secret verifies, with the role, sub and expiry asked for', async () => {
    const { code, out } = await ops('token', '--role', 'OPS', '--sub', 'ops-1', '--ttl', '30m');
    expect(code).toBe(0);
    const { payload } = await jwtVerify(out, new TextEncoder().encode(SECRET));
    expect(payload).toMatchObject({ sub: 'ops-1', role: 'OPS' });
    expect(payload.exp! - payload.iat!).toBe(1800);
    // Every token has its own id, which the gateway records with each read of contact data.
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    const again = await jwtVerify(
      (await ops('token', '--role', 'OPS', '--sub', 'ops-1')).out,
      new TextEncoder().encode(SECRET),
    );
    expect(again.payload.jti).not.toBe(payload.jti);
  });

  it.each([
    ['NODE_ENV=production', { production: true }],
    ['a DATABASE_URL', { databaseUrl: 'postgres://db/lending' }],
  ])(
    'refuses to mint with %s unless break-glass, and then records who minted what',
    async (_what, deployment) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'ops-'));
      const at = { ...env, ...deployment, dataDir };
      const io = () => {
        const out: string[] = [];
        const err: string[] = [];
        return {
          out,
          err,
          io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) },
        };
      };
      const refused = io();
      expect(await run(['token', '--role', 'OPS', '--sub', 'ops-1'], refused.io, at)).toBe(1);
      expect(refused.out).toEqual([]);
      expect(refused.err.join('\n')).toContain(
        'refused with NODE_ENV=production or a DATABASE_URL',
      );
      const noReason = io();
      expect(
        await run(['token', '--role', 'OPS', '--sub', 'ops-1', '--break-glass'], noReason.io, at),
      ).toBe(2);
      expect(noReason.out).toEqual([]);
      const tooLong = io();
      expect(
        await run(
          [
            'token',
            '--role',
            'OPS',
            '--sub',
            'ops-1',
            '--break-glass',
            '--reason',
            'incident 42 in payments',
            '--ttl',
            '2h',
          ],
          tooLong.io,
          at,
        ),
      ).toBe(1);
      expect(tooLong.err.join('\n')).toContain('between 1s and 1h');
      const granted = io();
      expect(
        await run(
          [
            'token',
            '--role',
            'OPS',
            '--sub',
            'ops-1',
            '--break-glass',
            '--reason',
            'incident 42 in payments',
          ],
          granted.io,
          at,
        ),
      ).toBe(0);
      const { payload } = await jwtVerify(granted.out[0]!, new TextEncoder().encode(SECRET));
      expect(payload.exp! - payload.iat!).toBe(3600);
      const log = readFileSync(join(dataDir, 'token-issuance.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(log).toEqual([
        expect.objectContaining({
          jti: payload.jti,
          role: 'OPS',
          sub: 'ops-1',
          reason: 'incident 42 in payments',
          by: expect.any(String),
        }),
      ]);
      // The log records the token's id, never the token.
      expect(readFileSync(join(dataDir, 'token-issuance.log'), 'utf8')).not.toContain(
        granted.out[0]!,
      );
    },
  );

  it.each([
    [['token', '--role', 'ADMIN', '--sub', 'x'], 1, '--role must be one of'],
    [['token', '--role', 'OPS'], 2, 'token needs --role and --sub'],
    [['token', '--role', 'OPS', '--sub', 'x', '--ttl', 'forever'], 1, '--ttl must look like'],
    [['token', '--role', 'OPS', '--sub', 'x', '--ttl', '13h'], 1, 'between 1s and 12h'],
    [['token', '--bogus'], 2, 'Unknown option'],
    [['launch'], 2, 'unknown command: launch'],
  ])('refuses %j with exit %i', async (argv, exitCode, message) => {
    const { code, err } = await ops(...argv);
    expect(code).toBe(exitCode);
    expect(err).toContain(message);
  });

  it('explains where the secret comes from when there is none', async () => {
    const code = await run(
      ['token', '--role', 'OPS', '--sub', 'x'],
      { out: () => {}, err: () => {} },
      {
        ...env,
        jwtSecret: undefined,
      },
    );
    expect(code).toBe(1);
  });
});

describe('ops whoami', () => {
  it('answers through the SDK with the viewer and business date', async () => {
    const token = (await ops('token', '--role', 'COMPLIANCE', '--sub', 'compliance-9')).out;
    const { code, out } = await ops('whoami', '--token', token);
    expect(code).toBe(0);
    const viewer = JSON.parse(out) as Record<string, unknown>;
    expect(viewer).toEqual({
      id: 'compliance-9',
      role: 'COMPLIANCE',
      borrower: null,
      businessDate: expect.any(String),
    });
    // A fresh gateway starts on today's date (UTC).
    expect(gateway.startDates).toContain(viewer['businessDate']);
  });

  it('reports a refused token with the gateway error code and exit 1', async () => {
    const { code, err } = await ops('whoami', '--token', 'not-a-token');
    expect(code).toBe(1);
    expect(err).toContain('UNAUTHENTICATED');
  });

  it('needs a token', async () => {
    expect((await ops('whoami')).code).toBe(2);
  });

  it('shows a borrower token its borrower (null when the record does not exist)', async () => {
    const sub = toGlobalId('Borrower', '01937a5e-0000-7000-8000-0000000000b1');
    const token = (await ops('token', '--role', 'BORROWER', '--sub', sub)).out;
    const { out } = await ops('whoami', '--token', token);
    expect(JSON.parse(out)).toMatchObject({ id: sub, role: 'BORROWER', borrower: null });
  });
});

describe('ops limit-review', () => {
  it('runs limit management through the SDK with an OPS token, and says what it did', async () => {
    const token = (await ops('token', '--role', 'OPS', '--sub', 'ops-9')).out;
    const { code, out } = await ops('limit-review', '--token', token);
    expect(code).toBe(0);
    const review = JSON.parse(out) as Record<string, unknown>;
    expect(gateway.startDates).toContain(review['businessDate']);
    expect(review).toEqual({
      businessDate: review['businessDate'],
      reviewed: 0,
      raised: 0,
      lowered: 0,
      frozen: 0,
      unfrozen: 0,
      kept: 0,
      alreadyReviewed: 0,
    });
  });

  it('is refused for any other role, with exit 1', async () => {
    const token = (await ops('token', '--role', 'UNDERWRITER', '--sub', 'uw-1')).out;
    const { code, err } = await ops('limit-review', '--token', token);
    expect(code).toBe(1);
    expect(err).toContain('FORBIDDEN');
  });
});

describe('ops close-of-business and ops job', () => {
  it('runs close of business as a job and exits 0 once it has succeeded', async () => {
    const token = (await ops('token', '--role', 'OPS', '--sub', 'ops-9')).out;
    const today = gateway.startDates.at(-1)!;
    const next = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const { code, out, err } = await ops('close-of-business', '--date', next, '--token', token);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^close-of-business \S+ succeeded in [\d.]+ s: 0 items$/);
    // The job it printed can be followed again, and is still a success.
    const id = out.split(' ')[1]!;
    expect(await ops('job', id, '--token', token)).toMatchObject({ code: 0 });
  });

  it('exits 1 with the reason when the gateway refuses the date', async () => {
    const token = (await ops('token', '--role', 'OPS', '--sub', 'ops-9')).out;
    const { code, err } = await ops('close-of-business', '--date', '2000-01-01', '--token', token);
    expect(code).toBe(1);
    expect(err).toContain('DATE_IN_THE_PAST');
  });

  it('exits 2 on a malformed date and 1 on a job that does not exist', async () => {
    const token = (await ops('token', '--role', 'OPS', '--sub', 'ops-9')).out;
    expect((await ops('close-of-business', '--date', 'tomorrow', '--token', token)).code).toBe(2);
    const missing = await ops(
      'job',
      toGlobalId('Job', '0191f3a2-7b4c-7def-8123-456789012345'),
      '--token',
      token,
    );
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.err).toContain('no job');
  });

  it('is refused for any other role, with exit 1', async () => {
    const token = (await ops('token', '--role', 'COLLECTOR', '--sub', 'c-1')).out;
    const { code, err } = await ops('close-of-business', '--date', '2030-01-01', '--token', token);
    expect(code).toBe(1);
    expect(err).toContain('FORBIDDEN');
  });
});
