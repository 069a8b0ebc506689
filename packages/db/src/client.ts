import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

/** One drizzle type for both drivers: a union of the two does not typecheck. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type DbDriver = 'pglite' | 'postgres';

export interface DbHandle {
  readonly db: Db;
  readonly driver: DbDriver;
  /** Where the data lives: a directory, `memory`, or the URL without its password. */
  readonly location: string;
  /**
   * The server's URL with its password, for an engine that opens its own
   * connections (the job engine); never log it. Absent on PGlite.
   */
  readonly databaseUrl?: string;
  /** The embedded database itself, for an engine that talks to it directly. Absent on a server. */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** postgres-js against a real server when set; embedded PGlite otherwise. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `undefined` or `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** A PGlite instance to wrap (tests restore a migrated snapshot this way). */
  pglite?: PGlite | undefined;
  /** postgres-js pool size. */
  maxConnections?: number | undefined;
  /** Told the text of every statement sent through drizzle (tests count statements per request). */
  onQuery?: ((query: string) => void) | undefined;
}

export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      // What the metrics endpoint finds this process's connections by in pg_stat_activity.
      connection: { application_name: 'lending' },
      // bigint columns come back as bigint, never as a lossy JS number.
      types: { bigint: postgres.BigInt },
    });
    const db = drizzlePostgres({ client, logger: queryLogger(options) }) as unknown as Db;
    return {
      db,
      driver: 'postgres',
      location: redactUrl(options.databaseUrl),
      databaseUrl: options.databaseUrl,
      close: () => client.end({ timeout: 5 }),
    };
  }
  let client = options.pglite;
  if (!client) {
    const dataDir =
      options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    client = await PGlite.create(dataDir ? { dataDir } : {});
  }
  const db = drizzlePglite({ client, logger: queryLogger(options) }) as unknown as Db;
  const pglite = client;
  return {
    db,
    driver: 'pglite',
    location: pglite.dataDir ?? 'memory',
    pglite,
    close: () => pglite.close(),
  };
}

function queryLogger(options: CreateDbOptions): Logger | undefined {
  const { onQuery } = options;
  return onQuery ? { logQuery: (query) => onQuery(query) } : undefined;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}
