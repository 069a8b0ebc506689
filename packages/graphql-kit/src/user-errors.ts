import type { Err, Problem } from '@lending/kernel';
import { UserError } from './common.types.js';
import { forbidden, notFound } from './errors.js';

export interface UserErrorMapping<C extends string> {
  /** Codes that mean "no such object for this viewer": a NOT_FOUND GraphQL error, so ids cannot be probed. */
  readonly notFound?: readonly C[];
  /** Codes that mean the viewer may not act on this object: a FORBIDDEN GraphQL error with the problem's message. */
  readonly forbidden?: readonly C[];
}

/**
 * The one mapping from a service's refusal to what a client sees: each
 * problem becomes a `userErrors` entry, except the codes the resolver names
 * as not-found or forbidden, which become coded GraphQL errors instead.
 */
export function toUserErrors<C extends string>(
  result: Err<C> | readonly Problem<C>[],
  mapping: UserErrorMapping<C> = {},
): UserError[] {
  const problems = 'errors' in result ? result.errors : result;
  for (const p of problems) {
    if (mapping.notFound?.includes(p.code)) throw notFound();
    if (mapping.forbidden?.includes(p.code)) throw forbidden(p.message);
  }
  return problems.map((p) => UserError.of(p.code, p.message, p.field));
}
