import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

export const SCHEMA_HEADER =
  "# Generated from the gateway's built schema by `pnpm --filter @lending/gateway generate`. Do not edit.\n\n";

/** The committed SDL: sorted, so a diff shows what changed and not where. */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return SCHEMA_HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}
