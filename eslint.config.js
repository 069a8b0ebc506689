// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const GRAPHQL_IMPORTS = {
  group: [
    'graphql',
    'graphql/*',
    'type-graphql',
    '@apollo/*',
    'graphql-scalars',
    '@lending/graphql-kit',
    '*/graphql',
  ],
  message: 'Domain cores stay free of GraphQL: put this in the package’s src/graphql/ folder.',
};

// The gateway is the top of the graph: nothing imports it but itself and
// bench/harness/, the one documented exception (bench/README.md), which
// starts the real gateway for the benches. Anything else that needs a running
// gateway starts one as a process (apps/ops/test/gateway-process.ts).
const GATEWAY_IMPORTS = {
  group: ['@lending/gateway', '@lending/gateway/*'],
  message:
    'Only apps/gateway and bench/harness/ import @lending/gateway: start it as a process (pnpm --filter @lending/gateway start) instead.',
};
const GATEWAY_IMPORTS_ALLOWED = ['apps/gateway/**', 'bench/harness/**'];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', '**/generated/**', '**/.turbo/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.shared.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Resolvers are async by signature even when a branch returns synchronously.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // One no-restricted-imports entry wins per file (a later block replaces an
  // earlier one's options), so the domain-core block repeats GATEWAY_IMPORTS.
  {
    ignores: GATEWAY_IMPORTS_ALLOWED,
    rules: { 'no-restricted-imports': ['error', { patterns: [GATEWAY_IMPORTS] }] },
  },
  {
    // Domain cores: tables and services, no GraphQL (their src/graphql/ folder may).
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/*/src/graphql/**', 'packages/graphql-kit/**', 'packages/sdk/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [GRAPHQL_IMPORTS, GATEWAY_IMPORTS] }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
