import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import {
  ROLES_EXTENSION,
  forbidden,
  unauthenticated,
  type GatewayModule,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { isRole, type Role } from '@lending/kernel';
import { applyContactGuard } from '@lending/consent/graphql';
import { coreResolvers, coreTypes } from './core/index.js';

export class SchemaAssemblyError extends Error {
  override name = 'SchemaAssemblyError';
}

/**
 * Builds the executable schema from the core and the given domain modules,
 * then applies what is central: the role check on every root field and the
 * consent guard on every field that returns contact data.
 */
export async function buildGatewaySchema(
  modules: readonly GatewayModule[],
): Promise<GraphQLSchema> {
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new SchemaAssemblyError(`module ${m.name} is registered twice`);
    names.add(m.name);
  }
  const schema = await buildSchema({
    resolvers: [...coreResolvers, ...modules.flatMap((m) => m.resolvers)] as [
      // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
      Function,
      // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
      ...Function[],
    ],
    orphanedTypes: [...coreTypes, ...modules.flatMap((m) => m.orphanedTypes ?? [])],
    // Inputs are validated by the services, which return userErrors; class-validator
    // errors would echo the whole input object.
    validate: false,
  });
  return applyContactGuard(applyRoleGuards(schema));
}

/**
 * Wraps every Query and Mutation field with its declared role check. A root
 * field without `@Roles` makes the schema fail to assemble: nothing is
 * reachable by accident.
 */
export function applyRoleGuards(schema: GraphQLSchema): GraphQLSchema {
  const rootTypes = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
      .filter((t) => t != null)
      .map((t) => t.name),
  );
  return mapSchema(schema, {
    [MapperKind.ROOT_OBJECT]: (type) => type,
    [MapperKind.OBJECT_FIELD]: (
      field: GraphQLFieldConfig<unknown, unknown>,
      fieldName,
      typeName,
    ) => {
      if (!rootTypes.has(typeName)) return field;
      const roles = declaredRoles(field);
      if (!roles) {
        throw new SchemaAssemblyError(`${typeName}.${fieldName} declares no @Roles(...)`);
      }
      return guardField(field as GraphQLFieldConfig<unknown, GraphQLContext>, roles);
    },
  });
}

function declaredRoles(field: GraphQLFieldConfig<unknown, unknown>): ReadonlySet<Role> | null {
  const raw: unknown = field.extensions?.[ROLES_EXTENSION];
  if (!Array.isArray(raw) || raw.length === 0) return null;
  const roles = new Set<Role>();
  for (const role of raw) {
    if (typeof role !== 'string' || !isRole(role)) {
      throw new SchemaAssemblyError(`unknown role in @Roles: ${String(role)}`);
    }
    roles.add(role);
  }
  return roles;
}

function guardField(
  field: GraphQLFieldConfig<unknown, GraphQLContext>,
  roles: ReadonlySet<Role>,
): GraphQLFieldConfig<unknown, GraphQLContext> {
  const resolve = field.resolve ?? defaultFieldResolver;
  return {
    ...field,
    resolve(source, args, ctx, info) {
      if (!ctx.viewer) throw unauthenticated();
      if (!roles.has(ctx.viewer.role)) throw forbidden();
      return resolve(source, args, ctx, info);
    },
  };
}
