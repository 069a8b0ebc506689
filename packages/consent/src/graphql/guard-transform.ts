import { MapperKind, mapSchema } from '@graphql-tools/utils';
import DataLoader from 'dataloader';
import {
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  type GraphQLFieldConfig,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { forbidden, unauthenticated, type GraphQLContext } from '@lending/graphql-kit';
import {
  GUARD_BATCH_MAX,
  recordReads,
  type ContactReadRequest,
  type RecordedRead,
} from '../guard.js';
import { ACCESS_PURPOSES, type AccessPurpose, type ContactScope } from '../vocabulary.js';
import {
  SENSITIVE_FIELD,
  SENSITIVE_INPUT,
  SENSITIVE_TYPE,
  type SensitiveFieldOptions,
} from './sensitive.js';

export class ContactGuardAssemblyError extends Error {
  override name = 'ContactGuardAssemblyError';
}

/** The same answer whether or not there is anything to read. */
export const CONTACT_DATA_DENIED =
  'Reading this contact data needs an active grant for this purpose and role.';

/**
 * Checks the whole schema for paths to contact data and wraps every marked
 * field with the consent guard. Throws (the gateway does not start) when:
 * a field returning a contact-data type is not marked or is non-null; a
 * marked field returns something else; a contact-data type implements an
 * interface or joins a union (node(id:) would bypass the guard); or an
 * argument outside a Mutation field takes contact data (filtering or
 * ordering by it would reveal it).
 */
export function applyContactGuard(schema: GraphQLSchema): GraphQLSchema {
  assertNoSideDoors(schema);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (
      field: GraphQLFieldConfig<unknown, GraphQLContext>,
      fieldName,
      typeName,
    ) => {
      const options = sensitiveOptions(field);
      return options ? guardField(field, options, `${typeName}.${fieldName}`) : field;
    },
  });
}

function sensitiveOptions(field: { extensions?: unknown }): SensitiveFieldOptions | null {
  const extensions = field.extensions as Record<string, unknown> | null | undefined;
  return (extensions?.[SENSITIVE_FIELD] as SensitiveFieldOptions | undefined) ?? null;
}

function sensitiveScope(type: GraphQLNamedType): ContactScope | null {
  if (!isObjectType(type)) return null;
  return (type.extensions[SENSITIVE_TYPE] as ContactScope | undefined) ?? null;
}

function assertNoSideDoors(schema: GraphQLSchema): void {
  const mutationType = schema.getMutationType();
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (sensitiveScope(type) && isObjectType(type) && type.getInterfaces().length > 0) {
      problems.push(`${type.name} carries contact data and must not implement an interface`);
    }
    if (isUnionType(type) && type.getTypes().some((member) => sensitiveScope(member))) {
      problems.push(`union ${type.name} includes a contact-data type`);
    }
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const parentIsSensitive = sensitiveScope(type) !== null;
    for (const field of Object.values(type.getFields())) {
      const where = `${type.name}.${field.name}`;
      const returnsSensitive = sensitiveScope(getNamedType(field.type)) !== null;
      const options = sensitiveOptions(field);
      if (options) {
        if (!returnsSensitive)
          problems.push(`${where} is @Sensitive but returns no contact-data type`);
        if (isNonNullType(field.type))
          problems.push(`${where} returns contact data and must be nullable`);
        const purposeArgument = 'argument' in options.purpose ? options.purpose.argument : null;
        if (purposeArgument !== null && !field.args.some((a) => a.name === purposeArgument)) {
          problems.push(`${where} takes its purpose from a missing argument`);
        }
        if (isInterfaceType(type))
          problems.push(`${where}: contact data cannot be declared on an interface`);
      } else if (returnsSensitive && !parentIsSensitive) {
        problems.push(`${where} returns contact data without @Sensitive`);
      }
      const isMutationField =
        mutationType !== null && mutationType !== undefined && type === mutationType;
      for (const arg of field.args) {
        if (!isMutationField && carriesContactData(arg.type)) {
          problems.push(`${where}(${arg.name}:) takes contact data outside a mutation`);
        }
      }
    }
  }
  if (problems.length > 0) {
    throw new ContactGuardAssemblyError(
      `contact data is reachable around the guard:\n- ${problems.join('\n- ')}`,
    );
  }
}

function carriesContactData(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  if (named.extensions[SENSITIVE_INPUT]) return true;
  return Object.values(named.getFields()).some((f) => carriesContactData(f.type, seen));
}

function guardField(
  field: GraphQLFieldConfig<unknown, GraphQLContext>,
  options: SensitiveFieldOptions,
  where: string,
): GraphQLFieldConfig<unknown, GraphQLContext> {
  const resolve = field.resolve ?? defaultFieldResolver;
  return {
    ...field,
    async resolve(source, args: Record<string, unknown>, ctx, info) {
      const viewer = ctx.viewer;
      if (!viewer) throw unauthenticated();
      // The data subject comes from the object being resolved, never from arguments.
      const borrowerId = (source as { borrowerId?: unknown } | null)?.borrowerId;
      if (typeof borrowerId !== 'string') {
        throw new Error(`${where}: parent object carries no borrowerId; contact data withheld`);
      }
      const purpose =
        'fixed' in options.purpose ? options.purpose.fixed : args[options.purpose.argument];
      if (!ACCESS_PURPOSES.includes(purpose as AccessPurpose)) {
        ctx.deps.consent.onGuardDecision?.('denied', options.scope);
        throw forbidden(CONTACT_DATA_DENIED);
      }
      options.validateArgs?.(args);
      // Decided and recorded with the request's other contact-data fields, in one statement.
      const read = await guardLoader(ctx).load({
        actor: { id: viewer.id, role: viewer.role, borrowerId: viewer.borrowerId },
        borrowerId,
        scope: options.scope,
        purpose: purpose as AccessPurpose,
        fields: selectedFields(info),
        path: responsePath(info),
        operationName: info.operation.name?.value ?? null,
        requestId: ctx.requestId,
        clientRequestId: ctx.clientRequestId ?? null,
        tokenId: viewer.tokenId ?? null,
        actedBy: viewer.actedBy ?? null,
      });
      ctx.deps.consent.onGuardDecision?.(read ? 'allowed' : 'denied', options.scope);
      if (!read) throw forbidden(CONTACT_DATA_DENIED);
      // Loaded only once the read is on record; decrypted value by value.
      return read.reveal(await resolve(source, args, ctx, info));
    },
  };
}

/**
 * Per request (ctx.loaders), never shared between viewers; no cache: every
 * field is a read of its own and gets its own record.
 */
const guardLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'consent.guard',
    () =>
      new DataLoader<ContactReadRequest, RecordedRead | null>(
        (requests) =>
          recordReads(
            {
              db: ctx.db,
              clock: ctx.clock,
              vault: ctx.deps.consent.vault,
              needToKnow: ctx.deps.consent.needToKnow,
            },
            requests,
          ),
        { cache: false, maxBatchSize: GUARD_BATCH_MAX },
      ),
  );

function responsePath(info: GraphQLResolveInfo): string {
  const keys: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev)
    keys.unshift(p.key);
  return keys.join('.');
}

const FIELDS_MAX_DEPTH = 4;

/** The leaf fields selected under this field (through fragments), as dotted paths: `kind`, `edges.node.phone`. */
function selectedFields(info: GraphQLResolveInfo): string[] {
  const out = new Set<string>();
  const walk = (
    set: SelectionSetNode | undefined,
    prefix: string,
    depth: number,
    seen: Set<string>,
  ) => {
    if (!set || depth > FIELDS_MAX_DEPTH) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        const name = prefix + selection.name.value;
        if (selection.selectionSet) walk(selection.selectionSet, `${name}.`, depth + 1, seen);
        else out.add(name);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, prefix, depth, seen);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && !seen.has(fragment.name.value)) {
          walk(fragment.selectionSet, prefix, depth, new Set([...seen, fragment.name.value]));
        }
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, '', 0, new Set());
  return [...out].sort();
}
