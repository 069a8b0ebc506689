import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema as buildSdl, findBreakingChanges, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema, SchemaAssemblyError } from '../src/schema.js';
import { defaultModules } from '../src/modules.js';
import { printGatewaySchema } from '../src/print-schema.js';
import { unguardedModule } from './fixtures/probe.module.js';

const repoFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

let built: GraphQLSchema;
beforeAll(async () => {
  built = await buildGatewaySchema(defaultModules);
});

describe('committed schema', () => {
  it('matches the built schema (regenerate with `pnpm --filter @lending/gateway generate`)', () => {
    const committed = readFileSync(repoFile('apps/gateway/schema.graphql'), 'utf8');
    expect(printGatewaySchema(built)).toBe(committed);
  });
});

describe('public contract', () => {
  it('is a verbatim copy of ../shared/contract/core.graphql when that is present', () => {
    let shared: string;
    try {
      shared = readFileSync(repoFile('../shared/contract/core.graphql'), 'utf8');
    } catch {
      return; // outside the workplace the repo copy is the contract
    }
    expect(readFileSync(repoFile('contract/core.graphql'), 'utf8')).toBe(shared);
  });

  it('differs from the built schema by exactly the items listed as pending', () => {
    const contract = buildSdl(readFileSync(repoFile('contract/core.graphql'), 'utf8'));
    const actual = findBreakingChanges(contract, built)
      .map((c) => `${c.type}: ${c.description}`)
      .sort();
    const pending = readFileSync(repoFile('contract/pending.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .sort();
    const implementedButListed = pending.filter((p) => !actual.includes(p));
    const brokenButNotListed = actual.filter((a) => !pending.includes(a));
    expect({ implementedButListed, brokenButNotListed }).toEqual({
      implementedButListed: [],
      brokenButNotListed: [],
    });
  });
});

describe('schema assembly', () => {
  it('refuses a root field that declares no roles', async () => {
    await expect(buildGatewaySchema([...defaultModules, unguardedModule])).rejects.toThrow(
      new SchemaAssemblyError('Query.unguarded declares no @Roles(...)'),
    );
  });

  it('refuses a module registered twice', async () => {
    await expect(buildGatewaySchema([...defaultModules, ...defaultModules])).rejects.toThrow(
      SchemaAssemblyError,
    );
  });
});
