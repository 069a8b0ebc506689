import { parseArgs } from 'node:util';
import { LendingApiError } from '@lending/sdk';
import { limitReview } from './commands/limit-review.js';
import { mintToken, parseTtl } from './commands/token.js';
import { whoami } from './commands/whoami.js';
import { readOpsEnv, signingSecret, type OpsEnv } from './env.js';

const USAGE = `ops: the lending platform's internal command-line tool

  ops token --role ROLE --sub SUB [--ttl 8h]   mint a development token (HS256, the gateway's secret)
  ops whoami [--url URL] [--token TOKEN]       who the gateway says the token belongs to
  ops limit-review [--url URL] [--token TOKEN] re-score active credit lines and adjust limits (OPS)

Environment: LENDING_URL (default http://127.0.0.1:4000/graphql), LENDING_TOKEN,
AUTH_JWT_SECRET or DATA_DIR (where the gateway keeps its development secret).`;

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
            ttl: { type: 'string', default: '8h' },
          },
          strict: true,
        });
        if (!values.role || !values.sub) throw new UsageError('token needs --role and --sub');
        io.out(
          await mintToken(
            signingSecret(env),
            { role: values.role, sub: values.sub },
            parseTtl(values.ttl),
          ),
        );
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
        io.out(JSON.stringify(await limitReview(values.url ?? env.url, token), null, 2));
        return 0;
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
