import { Extensions } from 'type-graphql';
import type { AccessPurpose, ContactScope } from '../vocabulary.js';

/** Extension keys read by the guard transform after the schema is built. */
export const SENSITIVE_FIELD = 'contactData';
export const SENSITIVE_TYPE = 'contactDataType';
export const SENSITIVE_INPUT = 'contactDataInput';

export interface SensitiveFieldOptions {
  readonly scope: ContactScope;
  /**
   * Where the purpose of the read comes from: the named argument (the
   * viewer states it), or a fixed purpose for fields only the data subject
   * reaches, such as a mutation payload.
   */
  readonly purpose: { readonly argument: string } | { readonly fixed: AccessPurpose };
  /**
   * Checks the field's arguments (page size, cursor) before the guard decides
   * and records the read, so a request refused for bad input leaves no
   * access-log row. Throws a GraphQL error with a code on bad input.
   */
  readonly validateArgs?: (args: Record<string, unknown>) => void;
}

/**
 * Marks a field whose value is contact data. The gateway wraps every marked
 * field with the consent guard and refuses to start if a field returning
 * contact data is not marked.
 */
export function Sensitive(options: SensitiveFieldOptions): MethodDecorator & PropertyDecorator {
  return Extensions({ [SENSITIVE_FIELD]: options });
}

/** Marks an object type that carries contact data: it may be reached only through a Sensitive field. */
export function SensitiveType(scope: ContactScope): ClassDecorator {
  return Extensions({ [SENSITIVE_TYPE]: scope });
}

/** Marks an input type that carries contact data: allowed as a Mutation argument only, never to filter or order. */
export function SensitiveInput(): ClassDecorator {
  return Extensions({ [SENSITIVE_INPUT]: true });
}
