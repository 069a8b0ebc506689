import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { BusinessCalendarMode, type BusinessCalendar } from '@lending/close-of-business';
import type { TokenPolicy } from './auth.js';
import type { ScheduleConfig } from './jobs.js';
import type { RateLimitConfig } from './rate-limit.js';

/**
 * The gateway's configuration: the only module that reads process.env,
 * validated once at start.
 */
export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  /**
   * The migrator's URL: when set, migrations run as this role (which owns the
   * schema) and the gateway serves as DATABASE_URL's role, granted only DML and
   * insert-only on the records; unset, one role does both.
   */
  readonly migrationDatabaseUrl: string | undefined;
  readonly dataDir: string;
  readonly auth:
    | {
        readonly kind: 'hs256';
        readonly secret: Uint8Array;
        /** Required in production; when set, tokens must carry exactly this `iss` and `aud`. */
        readonly issuer?: string | undefined;
        readonly audience?: string | undefined;
      }
    | {
        readonly kind: 'jwks';
        readonly jwksUrl: URL;
        /** Tokens must carry exactly this `iss` and `aud`. */
        readonly issuer: string;
        readonly audience: string;
      };
  /** The bearer token for /metrics; null: open outside production, disabled in production. */
  readonly metricsToken: string | null;
  /** What tokens must carry (auth.ts): strict in production. */
  readonly tokenPolicy: TokenPolicy;
  /** Kept for signing dev tokens when an HS256 secret is configured. */
  readonly jwtSecret: string | undefined;
  readonly contactDataKey: Buffer;
  readonly production: boolean;
  /** Seed demo borrowers and print demo tokens: only where it cannot hurt (see loadConfig). */
  readonly demo: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests a minute, per gateway instance (rate-limit.ts). */
  readonly rateLimits: RateLimitConfig;
  /** Batch work (jobs.ts): where it runs and when it starts by itself. */
  readonly jobs: {
    /** Run a worker inside the gateway (the default); off beside separate `pnpm worker` processes. */
    readonly inProcessWorker: boolean;
    readonly heartbeatSeconds: number;
    readonly schedules: ScheduleConfig;
  };
  /**
   * Whether close of business may move the business date past today in the
   * lender's zone: `calendar` in production, `simulated` elsewhere, unless
   * BUSINESS_CALENDAR says otherwise.
   */
  readonly businessCalendar: BusinessCalendar;
  /** What was generated for development rather than configured, to announce at start. */
  readonly generated: readonly string[];
}

/** Five cron fields (minute hour day month weekday), or `off`. */
const cronOrOff = (fallback: string) =>
  z
    .string()
    .trim()
    .regex(/^(off|(\S+\s+){4}\S+)$/, 'must be five cron fields (e.g. "0 22 * * *") or off')
    .default(fallback)
    .transform((v) => (v === 'off' ? null : v));

const ianaZone = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone, e.g. Asia/Shanghai');

/** A request limit: a whole number of requests a minute, 1 to 100,000. */
function perMinute(fallback: number) {
  return z.coerce.number().int().min(1).max(100_000).default(fallback);
}

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  AUTH_ISSUER: z.string().min(1).max(500).optional(),
  AUTH_AUDIENCE: z.string().min(1).max(500).optional(),
  AUTH_STAFF_TOKEN_MAX_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  AUTH_BORROWER_TOKEN_MAX_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(86_400),
  CONTACT_DATA_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits (a 256-bit key)')
    .optional(),
  // No default: a deployment that forgets it must not run as development (see loadConfig).
  NODE_ENV: z.enum(['development', 'test', 'production']).optional(),
  DEMO_DATA: z.enum(['on', 'off']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_PER_MINUTE: perMinute(600),
  RATE_LIMIT_PER_CLIENT_PER_MINUTE: perMinute(1200),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: perMinute(60),
  RATE_LIMIT_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  GATEWAY_WORKER: z.enum(['on', 'off']).default('on'),
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  COB_SCHEDULE: cronOrOff('0 22 * * *'),
  OUTBOX_SCHEDULE: cronOrOff('* * * * *'),
  SCHEDULE_TIME_ZONE: ianaZone('UTC'),
  BUSINESS_TIME_ZONE: ianaZone('Asia/Shanghai'),
  // No default here: it follows NODE_ENV (see loadConfig).
  BUSINESS_CALENDAR: z
    .enum([BusinessCalendarMode.CALENDAR, BusinessCalendarMode.SIMULATED])
    .optional(),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEV_SECRETS_FILE = 'dev-secrets.json';

interface DevSecrets {
  authJwtSecret: string;
  contactDataKey: string;
}

/** Development secrets persisted under DATA_DIR so tokens and ciphertexts survive restarts. */
export function loadOrCreateDevSecrets(dataDir: string): { secrets: DevSecrets; created: boolean } {
  const file = join(dataDir, DEV_SECRETS_FILE);
  if (existsSync(file)) {
    const parsed = z
      .object({
        authJwtSecret: z.string().min(32),
        contactDataKey: z.string().regex(/^[0-9a-f]{64}$/),
      })
      .safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new ConfigError(`${file} is not a valid dev secrets file; delete it`);
    return { secrets: parsed.data, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets: DevSecrets = {
    authJwtSecret: randomBytes(32).toString('base64url'),
    contactDataKey: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secrets, created: true };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Name the variable and the rule, never the value: it may be a secret.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.AUTH_JWT_SECRET && e.AUTH_JWKS_URL) {
    throw new ConfigError('set either AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
  }
  const configured = [
    e.AUTH_JWT_SECRET && 'AUTH_JWT_SECRET',
    e.AUTH_JWKS_URL && 'AUTH_JWKS_URL',
    e.CONTACT_DATA_KEY && 'CONTACT_DATA_KEY',
  ].filter(Boolean);
  if (e.NODE_ENV === undefined && configured.length > 0) {
    // Secrets without a mode is how a deployment that forgot NODE_ENV looks: it would
    // seed its database and print staff tokens signed with the real secret.
    throw new ConfigError(
      `${configured.join(' and ')} ${configured.length > 1 ? 'are' : 'is'} set but NODE_ENV is not: ` +
        'set NODE_ENV=production for a deployment, or NODE_ENV=development to run locally with them',
    );
  }
  const production = e.NODE_ENV === 'production';
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'MIGRATION_DATABASE_URL needs DATABASE_URL (the role the gateway serves as)',
    );
  }
  if (e.GATEWAY_WORKER === 'off' && !e.DATABASE_URL) {
    // The embedded database belongs to this process: no other worker could ever run its jobs.
    throw new ConfigError(
      'GATEWAY_WORKER=off needs DATABASE_URL: with the embedded database only this process can run jobs',
    );
  }
  if (production && e.DEMO_DATA === 'on') {
    throw new ConfigError('DEMO_DATA=on is refused in production');
  }
  // Demo data by default only in the embedded default: PGlite on this machine, nothing real.
  const demo = e.DEMO_DATA ? e.DEMO_DATA === 'on' : !production && !e.DATABASE_URL;
  // Relative to where the user ran pnpm (INIT_CWD), not to the package pnpm switched into.
  const dataDir = resolve(env['INIT_CWD'] ?? process.cwd(), e.DATA_DIR);
  if (production && !e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL) {
    throw new ConfigError('production requires AUTH_JWT_SECRET or AUTH_JWKS_URL');
  }
  if (e.AUTH_JWKS_URL) {
    // Keys from a JWKS sign tokens for many services: only ours, from our issuer, count.
    if (!e.AUTH_ISSUER || !e.AUTH_AUDIENCE) {
      throw new ConfigError('AUTH_JWKS_URL requires AUTH_ISSUER and AUTH_AUDIENCE');
    }
    const url = new URL(e.AUTH_JWKS_URL);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !loopback) {
      throw new ConfigError('AUTH_JWKS_URL must be https (plain http only on loopback)');
    }
  }
  if (production && !e.CONTACT_DATA_KEY) {
    throw new ConfigError('production requires CONTACT_DATA_KEY');
  }
  if (production && e.AUTH_JWT_SECRET && (!e.AUTH_ISSUER || !e.AUTH_AUDIENCE)) {
    // Without them a token signed with the secret for another service, or years ago, would do.
    throw new ConfigError(
      'production requires AUTH_ISSUER and AUTH_AUDIENCE: every token must name who issued it and for whom',
    );
  }

  if (production && !e.DATABASE_URL) {
    // The embedded database is one process's files on one machine: no backups, no
    // replicas, no second gateway, and no shared rate limits or token records.
    throw new ConfigError(
      'production requires DATABASE_URL (a PostgreSQL server): the embedded PGlite database is for development only',
    );
  }

  const generated: string[] = [];
  let jwtSecret = e.AUTH_JWT_SECRET;
  let contactDataKey = e.CONTACT_DATA_KEY;
  if ((!jwtSecret && !e.AUTH_JWKS_URL) || !contactDataKey) {
    const { secrets, created } = loadOrCreateDevSecrets(dataDir);
    const where = `${created ? 'generated and saved' : 'loaded'} in ${join(dataDir, DEV_SECRETS_FILE)}`;
    if (!jwtSecret && !e.AUTH_JWKS_URL) {
      jwtSecret = secrets.authJwtSecret;
      generated.push(`AUTH_JWT_SECRET (development secret ${where})`);
    }
    if (!contactDataKey) {
      contactDataKey = secrets.contactDataKey;
      generated.push(`CONTACT_DATA_KEY (development key ${where})`);
    }
  }

  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    dataDir,
    auth: e.AUTH_JWKS_URL
      ? {
          kind: 'jwks',
          jwksUrl: new URL(e.AUTH_JWKS_URL),
          issuer: e.AUTH_ISSUER!,
          audience: e.AUTH_AUDIENCE!,
        }
      : {
          kind: 'hs256',
          secret: new TextEncoder().encode(jwtSecret),
          issuer: e.AUTH_ISSUER,
          audience: e.AUTH_AUDIENCE,
        },
    metricsToken: e.METRICS_TOKEN ?? null,
    tokenPolicy: {
      strict: production,
      staffMaxSeconds: e.AUTH_STAFF_TOKEN_MAX_SECONDS,
      borrowerMaxSeconds: e.AUTH_BORROWER_TOKEN_MAX_SECONDS,
    },
    jwtSecret,
    contactDataKey: Buffer.from(contactDataKey, 'hex'),
    production,
    demo,
    logLevel: e.LOG_LEVEL,
    rateLimits: {
      perActorPerMinute: e.RATE_LIMIT_PER_MINUTE,
      perClientPerMinute: e.RATE_LIMIT_PER_CLIENT_PER_MINUTE,
      anonymousPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      trustedProxies: e.RATE_LIMIT_TRUSTED_PROXIES,
    },
    jobs: {
      inProcessWorker: e.GATEWAY_WORKER === 'on',
      heartbeatSeconds: e.WORKER_HEARTBEAT_SECONDS,
      schedules: {
        closeOfBusiness: e.COB_SCHEDULE,
        deliverMessages: e.OUTBOX_SCHEDULE,
        timeZone: e.SCHEDULE_TIME_ZONE,
      },
    },
    businessCalendar: {
      mode:
        e.BUSINESS_CALENDAR ??
        (production ? BusinessCalendarMode.CALENDAR : BusinessCalendarMode.SIMULATED),
      timeZone: e.BUSINESS_TIME_ZONE,
    },
    generated,
  };
}
