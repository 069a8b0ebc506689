import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/env.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'gateway-env-'));
const KEY = 'ab'.repeat(32);
const SECRET = 's'.repeat(40);
/** What production needs besides NODE_ENV: secrets, and the issuer and audience tokens must name. */
const PRODUCTION_SECRETS = {
  AUTH_JWT_SECRET: SECRET,
  CONTACT_DATA_KEY: KEY,
  AUTH_ISSUER: 'https://auth.lending.test',
  AUTH_AUDIENCE: 'lending-gateway',
  DATABASE_URL: 'postgres://db/lending',
};

describe('configuration', () => {
  it('has documented defaults', () => {
    const dir = tempDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.production).toBe(false);
    expect(config.logLevel).toBe('info');
  });

  it('generates development secrets once, persists them privately and announces them', () => {
    const dir = tempDir();
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.generated).toHaveLength(2);
    const file = join(dir, 'dev-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadConfig({ DATA_DIR: dir });
    expect(second.contactDataKey.equals(first.contactDataKey)).toBe(true);
    expect(second.auth).toEqual(first.auth);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('contactDataKey');
  });

  it('uses configured secrets and generates nothing', () => {
    const config = loadConfig({
      DATA_DIR: tempDir(),
      NODE_ENV: 'development',
      AUTH_JWT_SECRET: SECRET,
      CONTACT_DATA_KEY: KEY,
    });
    expect(config.generated).toEqual([]);
    expect(config.contactDataKey.toString('hex')).toBe(KEY);
  });

  it.each([
    [{ NODE_ENV: 'production', CONTACT_DATA_KEY: KEY }, 'AUTH_JWT_SECRET or AUTH_JWKS_URL'],
    [{ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET }, 'CONTACT_DATA_KEY'],
  ])('refuses to start in production without secrets (%o)', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), ...env })).toThrow(message);
  });

  it('holds tokens to a strict policy in production only, with the configured lifetimes (issue 27)', () => {
    const dir = tempDir();
    const production = loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', ...PRODUCTION_SECRETS });
    expect(production.tokenPolicy).toEqual({
      strict: true,
      staffMaxSeconds: 3600,
      borrowerMaxSeconds: 86_400,
    });
    expect(production.auth).toMatchObject({
      kind: 'hs256',
      issuer: 'https://auth.lending.test',
      audience: 'lending-gateway',
    });
    expect(
      loadConfig({
        DATA_DIR: dir,
        NODE_ENV: 'production',
        ...PRODUCTION_SECRETS,
        AUTH_STAFF_TOKEN_MAX_SECONDS: '900',
        AUTH_BORROWER_TOKEN_MAX_SECONDS: '7200',
      }).tokenPolicy,
    ).toEqual({ strict: true, staffMaxSeconds: 900, borrowerMaxSeconds: 7200 });
    expect(loadConfig({ DATA_DIR: dir }).tokenPolicy.strict).toBe(false);
    expect(() => loadConfig({ DATA_DIR: dir, AUTH_STAFF_TOKEN_MAX_SECONDS: '315360000' })).toThrow(
      'AUTH_STAFF_TOKEN_MAX_SECONDS',
    );
  });

  it('refuses production on the embedded PGlite database, saying what to set (issue 27)', () => {
    const env: NodeJS.ProcessEnv = {
      DATA_DIR: tempDir(),
      NODE_ENV: 'production',
      ...PRODUCTION_SECRETS,
    };
    delete env['DATABASE_URL'];
    expect(() => loadConfig(env)).toThrow(
      new ConfigError(
        'production requires DATABASE_URL (a PostgreSQL server): the embedded PGlite database is for development only',
      ),
    );
  });

  it.each(['AUTH_ISSUER', 'AUTH_AUDIENCE'])(
    'refuses production HS256 without %s: a token must name who issued it and for whom (issue 27)',
    (name) => {
      const env: NodeJS.ProcessEnv = {
        DATA_DIR: tempDir(),
        NODE_ENV: 'production',
        ...PRODUCTION_SECRETS,
      };
      delete env[name];
      expect(() => loadConfig(env)).toThrow(
        new ConfigError(
          'production requires AUTH_ISSUER and AUTH_AUDIENCE: every token must name who issued it and for whom',
        ),
      );
    },
  );

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET'],
    [{ CONTACT_DATA_KEY: 'zz' }, 'CONTACT_DATA_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: 'https://idp.example/jwks' }, 'not both'],
  ])('names the bad variable without echoing its value (%o)', (env, name) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: tempDir(), ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).not.toContain('short');
    expect((error as Error).message).not.toContain('eighty');
  });

  it('accepts a JWKS URL for RS256', () => {
    const config = loadConfig({
      DATA_DIR: tempDir(),
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'lending-gateway',
      CONTACT_DATA_KEY: KEY,
      DATABASE_URL: 'postgres://db/lending',
    });
    expect(config.auth).toMatchObject({
      kind: 'jwks',
      issuer: 'https://idp.example',
      audience: 'lending-gateway',
    });
  });

  it.each([
    [
      { AUTH_JWKS_URL: 'https://idp.example/jwks' },
      'AUTH_JWKS_URL requires AUTH_ISSUER and AUTH_AUDIENCE',
    ],
    [
      { AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example' },
      'AUTH_JWKS_URL requires AUTH_ISSUER and AUTH_AUDIENCE',
    ],
    [
      { AUTH_JWKS_URL: 'http://idp.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' },
      'AUTH_JWKS_URL must be https (plain http only on loopback)',
    ],
  ])('refuses a JWKS that would trust tokens meant for others (%o)', (env, message) => {
    expect(() =>
      loadConfig({ DATA_DIR: tempDir(), NODE_ENV: 'production', CONTACT_DATA_KEY: KEY, ...env }),
    ).toThrow(new ConfigError(message));
  });

  it('accepts plain http for a JWKS on loopback (tests, a local identity provider)', () => {
    const config = loadConfig({
      DATA_DIR: tempDir(),
      NODE_ENV: 'development',
      AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks',
      AUTH_ISSUER: 'i',
      AUTH_AUDIENCE: 'a',
    });
    expect(config.auth.kind).toBe('jwks');
  });

  it.each([
    [{ AUTH_JWT_SECRET: SECRET }, 'AUTH_JWT_SECRET is set but NODE_ENV is not'],
    [{ CONTACT_DATA_KEY: KEY }, 'CONTACT_DATA_KEY is set but NODE_ENV is not'],
    [
      { AUTH_JWT_SECRET: SECRET, CONTACT_DATA_KEY: KEY, DATABASE_URL: 'postgres://db/lending' },
      'AUTH_JWT_SECRET and CONTACT_DATA_KEY are set but NODE_ENV is not',
    ],
  ])('refuses secrets without a mode: a deployment that forgot NODE_ENV (%o)', (env, message) => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), ...env })).toThrow(
      new ConfigError(
        `${message}: set NODE_ENV=production for a deployment, or NODE_ENV=development to run locally with them`,
      ),
    );
  });

  it('seeds demo data only in the embedded default, or when asked outside production', () => {
    const dir = tempDir();
    expect(loadConfig({ DATA_DIR: dir }).demo).toBe(true);
    expect(loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://db/lending' }).demo).toBe(false);
    expect(
      loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://db/lending', DEMO_DATA: 'on' }).demo,
    ).toBe(true);
    expect(loadConfig({ DATA_DIR: dir, DEMO_DATA: 'off' }).demo).toBe(false);
    const secrets = PRODUCTION_SECRETS;
    expect(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', ...secrets }).demo).toBe(false);
    expect(() =>
      loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', DEMO_DATA: 'on', ...secrets }),
    ).toThrow(new ConfigError('DEMO_DATA=on is refused in production'));
  });

  it('runs jobs in the gateway by default, and hands them to separate workers only on a server', () => {
    const dir = tempDir();
    expect(loadConfig({ DATA_DIR: dir }).jobs).toEqual({
      inProcessWorker: true,
      heartbeatSeconds: 5,
      schedules: { closeOfBusiness: '0 22 * * *', deliverMessages: '* * * * *', timeZone: 'UTC' },
    });
    const server = { DATA_DIR: dir, DATABASE_URL: 'postgres://db/lending' };
    expect(loadConfig({ ...server, GATEWAY_WORKER: 'off' }).jobs.inProcessWorker).toBe(false);
    expect(() => loadConfig({ DATA_DIR: dir, GATEWAY_WORKER: 'off' })).toThrow(
      new ConfigError(
        'GATEWAY_WORKER=off needs DATABASE_URL: with the embedded database only this process can run jobs',
      ),
    );
    expect(
      loadConfig({ ...server, COB_SCHEDULE: 'off', SCHEDULE_TIME_ZONE: 'Asia/Shanghai' }).jobs
        .schedules,
    ).toEqual({ closeOfBusiness: null, deliverMessages: '* * * * *', timeZone: 'Asia/Shanghai' });
    for (const bad of [{ COB_SCHEDULE: 'at ten' }, { SCHEDULE_TIME_ZONE: 'Mars/Olympus' }])
      expect(() => loadConfig({ ...server, ...bad })).toThrow(ConfigError);
  });

  it('keeps to the calendar in production and lets development, tests and the embedded default run ahead', () => {
    const dir = tempDir();
    const secrets = PRODUCTION_SECRETS;
    const calendarOf = (env: NodeJS.ProcessEnv) =>
      loadConfig({ DATA_DIR: dir, ...env }).businessCalendar;
    expect(calendarOf({ NODE_ENV: 'production', ...secrets })).toEqual({
      mode: 'calendar',
      timeZone: 'Asia/Shanghai',
    });
    for (const env of [{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }] as const)
      expect(calendarOf(env)).toEqual({ mode: 'simulated', timeZone: 'Asia/Shanghai' });
    // A simulation environment in production, and the calendar in development, when asked.
    expect(
      calendarOf({ NODE_ENV: 'production', ...secrets, BUSINESS_CALENDAR: 'simulated' }).mode,
    ).toBe('simulated');
    expect(
      calendarOf({
        NODE_ENV: 'development',
        BUSINESS_CALENDAR: 'calendar',
        BUSINESS_TIME_ZONE: 'America/New_York',
      }),
    ).toEqual({ mode: 'calendar', timeZone: 'America/New_York' });
  });

  it.each([
    [{ BUSINESS_TIME_ZONE: 'Mars/Olympus' }, 'BUSINESS_TIME_ZONE', 'Olympus'],
    [{ BUSINESS_TIME_ZONE: '' }, 'BUSINESS_TIME_ZONE', null],
    [{ BUSINESS_CALENDAR: 'realtime' }, 'BUSINESS_CALENDAR', 'realtime'],
    [{ BUSINESS_CALENDAR: 'CALENDAR' }, 'BUSINESS_CALENDAR', null],
  ])('refuses a bad business calendar, naming the variable (%o)', (env, name, value) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: tempDir(), ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${name}:`);
    if (value !== null) expect((error as Error).message).not.toContain(value);
  });
});
