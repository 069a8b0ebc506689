import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/env.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'gateway-env-'));
const KEY = 'ab'.repeat(32);
const SECRET = 's'.repeat(40);

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
      AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      CONTACT_DATA_KEY: KEY,
    });
    expect(config.auth.kind).toBe('jwks');
  });
});
