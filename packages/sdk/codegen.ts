import type { CodegenConfig } from '@graphql-codegen/cli';

// The SDK is generated from the schema the gateway serves (apps/gateway/schema.graphql,
// itself generated and drift-checked) and the operations in src/operations.
const config: CodegenConfig = {
  schema: '../../apps/gateway/schema.graphql',
  documents: 'src/operations/**/*.graphql',
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript', 'typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        // Exact values travel as strings: Money.amount and rates are decimal strings too.
        scalars: { DateTime: 'string', Date: 'string', ID: 'string' },
        skipTypename: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: true },
      },
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
