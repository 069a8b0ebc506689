import { parseArgs } from 'node:util';
import { LendingApiError } from '@lending/sdk';
import { checkpointAccessLog, verifyAccessLog } from './commands/access-log.js';
import { closeOfBusiness, followJob, limitReview } from './commands/jobs.js';
import {
  BREAK_GLASS_MAX_TTL_SECONDS,
  MAX_TTL_SECONDS,
  mintToken,
  parseTtl,
  recordIssuance,
} from './commands/token.js';
import { whoami } from './commands/whoami.js';
import { readOpsEnv, signingSecret, type OpsEnv } from './env.js';

const USAGE = `ops: the lending platform's internal command-line tool

  ops token --role ROLE --sub SUB [--ttl 8h]   mint a development token (HS256, the gateway's secret; at most 12h)
      [--break-glass --reason TEXT]            the only way in production or against a DATABASE_URL:
                                               at most 1h, and recorded in DATA_DIR/token-issuance.log
  ops whoami [--url URL] [--token TOKEN]       who the gateway says the token belongs to
  ops limit-review [--url URL] [--token TOKEN] re-score active credit lines and adjust limits (OPS)
  ops close-of-business --date YYYY-MM-DD      close every business day up to the date (OPS), with a
      [--url URL] [--token TOKEN]              progress bar; exit 1 if the job fails
  ops job ID [--url URL] [--token TOKEN]       follow a job (as returned by the gateway) to its end
  ops access-log checkpoint [--out FILE]       sign where every borrower's access-log chain ends
  ops access-log verify [--checkpoint FILE]    detect deleted, cut, rewound or rewritten chains since
                                               (also: ops verify-access-log)
                                               a checkpoint (the newest in DATA_DIR by default); exit 1 if any

Environment: LENDING_URL (default http://127.0.0.1:4000/graphql), LENDING_TOKEN,
AUTH_JWT_SECRET or DATA_DIR (where the gateway keeps its development secret);
for access-log: DATABASE_URL (or the PGlite in DATA_DIR, gateway stopped) and
ACCESS_LOG_CHECKPOINT_KEY (64 hex digits, kept outside the database).`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Runs one command; returns the process exit code. */
export async function run(argv: string[], io: Io, env: OpsEnv = readOpsEnv()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'token': {
        const { values } = parseArgs({
          args: rest,
          options: {
            role: { type: 'string' },
            sub: { type: 'string' },
            ttl: { type: 'string' },
            'break-glass': { type: 'boolean', default: false },
            reason: { type: 'string' },
          },
          strict: true,
        });
        if (!values.role || !values.sub) throw new UsageError('token needs --role and --sub');
        const deployment = env.production || env.databaseUrl !== undefined;
        const breakGlass = values['break-glass'];
        if (deployment && !breakGlass) {
          throw new Error(
            'ops token mints development tokens: refused with NODE_ENV=production or a DATABASE_URL. ' +
              'In an emergency: --break-glass --reason "<why>" (recorded).',
          );
        }
        const reason = values.reason?.trim() ?? '';
        if (breakGlass && (reason.length < 10 || reason.length > 500)) {
          throw new UsageError('--break-glass needs --reason of 10 to 500 characters');
        }
        const minted = await mintToken(
          signingSecret(env),
          { role: values.role, sub: values.sub },
          parseTtl(
            values.ttl ?? (breakGlass ? '1h' : '8h'),
            breakGlass ? BREAK_GLASS_MAX_TTL_SECONDS : MAX_TTL_SECONDS,
          ),
        );
        if (breakGlass) {
          const record = recordIssuance(env, {
            ...minted,
            role: values.role,
            sub: values.sub,
            reason,
          });
          io.err(`break-glass token ${minted.jti} recorded in ${record}`);
        }
        io.out(minted.token);
        return 0;
      }
      case 'whoami': {
        const { values } = parseArgs({
          args: rest,
          options: { url: { type: 'string' }, token: { type: 'string' } },
          strict: true,
        });
        const token = values.token ?? env.token;
        if (!token) throw new UsageError('whoami needs --token or LENDING_TOKEN');
        io.out(JSON.stringify(await whoami(values.url ?? env.url, token), null, 2));
        return 0;
      }
      case 'limit-review': {
        const { values } = parseArgs({
          args: rest,
          options: { url: { type: 'string' }, token: { type: 'string' } },
          strict: true,
        });
        const token = values.token ?? env.token;
        if (!token)
          throw new UsageError('limit-review needs --token or LENDING_TOKEN (an OPS token)');
        return await limitReview(values.url ?? env.url, token, io);
      }
      case 'close-of-business': {
        const { values } = parseArgs({
          args: rest,
          options: { url: { type: 'string' }, token: { type: 'string' }, date: { type: 'string' } },
          strict: true,
        });
        const token = values.token ?? env.token;
        if (!token)
          throw new UsageError('close-of-business needs --token or LENDING_TOKEN (an OPS token)');
        if (!values.date || !/^\d{4}-\d{2}-\d{2}$/.test(values.date))
          throw new UsageError('close-of-business needs --date YYYY-MM-DD');
        return await closeOfBusiness(values.url ?? env.url, token, values.date, io);
      }
      case 'job': {
        const { values, positionals } = parseArgs({
          args: rest,
          options: { url: { type: 'string' }, token: { type: 'string' } },
          allowPositionals: true,
          strict: true,
        });
        const token = values.token ?? env.token;
        if (!token) throw new UsageError('job needs --token or LENDING_TOKEN (an OPS token)');
        if (positionals.length !== 1) throw new UsageError('job needs one job id');
        return await followJob(values.url ?? env.url, token, positionals[0]!, io);
      }
      case 'verify-access-log':
      case 'access-log': {
        const [sub, ...args] = command === 'verify-access-log' ? ['verify', ...rest] : rest;
        const { values } = parseArgs({
          args,
          options: { out: { type: 'string' }, checkpoint: { type: 'string' } },
          strict: true,
        });
        if (sub === 'checkpoint') {
          io.out(await checkpointAccessLog(env, values.out));
          return 0;
        }
        if (sub === 'verify') {
          const { file, result } = await verifyAccessLog(env, values.checkpoint);
          if (!result.authentic) {
            io.err(`ops: ${file} is not signed with ACCESS_LOG_CHECKPOINT_KEY (forged or edited)`);
            return 1;
          }
          for (const f of result.findings) io.err(`${f.problem} ${f.borrowerId}: ${f.detail}`);
          io.out(
            `${result.chainsChecked} chains checked against ${file}: ${result.findings.length === 0 ? 'intact' : `${result.findings.length} problems`}`,
          );
          return result.findings.length === 0 ? 0 : 1;
        }
        throw new UsageError('access-log needs checkpoint or verify');
      }
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`ops: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof LendingApiError) {
      io.err(`ops: the gateway refused: ${error.message}`);
      return 1;
    }
    io.err(`ops: ${(error as Error).message}`);
    return 1;
  }
}

class UsageError extends Error {}
