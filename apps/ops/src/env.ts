import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The ops tool's configuration: the only module here that reads process.env. */
export interface OpsEnv {
  readonly url: string;
  readonly token: string | undefined;
  readonly jwtSecret: string | undefined;
  readonly dataDir: string;
  /** Set when the tool points at a deployment: tokens are then refused unless break-glass. */
  readonly production: boolean;
  readonly databaseUrl: string | undefined;
  /** Signs access-log checkpoints; never stored in the database. */
  readonly checkpointKey: Buffer | undefined;
}

export function readOpsEnv(env: NodeJS.ProcessEnv = process.env): OpsEnv {
  return {
    url: env['LENDING_URL'] ?? `http://127.0.0.1:${env['PORT'] ?? '4000'}/graphql`,
    token: env['LENDING_TOKEN'] || undefined,
    jwtSecret: env['AUTH_JWT_SECRET'] || undefined,
    // Relative to where the user ran pnpm, as the gateway resolves it.
    dataDir: resolve(env['INIT_CWD'] ?? process.cwd(), env['DATA_DIR'] ?? '.data'),
    production: env['NODE_ENV'] === 'production',
    databaseUrl: env['DATABASE_URL'] || undefined,
    checkpointKey: checkpointKeyOf(env['ACCESS_LOG_CHECKPOINT_KEY']),
  };
}

/**
 * The HS256 secret the gateway uses: AUTH_JWT_SECRET, or the development
 * secret the gateway generated under DATA_DIR.
 */
export function signingSecret(env: OpsEnv): string {
  if (env.jwtSecret) return env.jwtSecret;
  const file = join(env.dataDir, 'dev-secrets.json');
  if (!existsSync(file)) {
    throw new Error(
      `no AUTH_JWT_SECRET and no ${file}: start the gateway once (pnpm start) or set AUTH_JWT_SECRET`,
    );
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { authJwtSecret?: unknown };
  if (typeof parsed.authJwtSecret !== 'string') throw new Error(`${file} holds no authJwtSecret`);
  return parsed.authJwtSecret;
}

function checkpointKeyOf(hex: string | undefined): Buffer | undefined {
  if (!hex) return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new Error('ACCESS_LOG_CHECKPOINT_KEY must be 64 hex digits (a 256-bit key)');
  }
  return Buffer.from(hex, 'hex');
}
