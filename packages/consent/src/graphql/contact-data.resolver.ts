import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { BORROWER_TYPE, fetchBorrower } from '@lending/borrowers/graphql';
import { Roles, forbidden, toUserErrors, type GraphQLContext } from '@lending/graphql-kit';
import { fromGlobalIdOfType, Role, toGlobalId } from '@lending/kernel';
import { importAddressBook } from '../address-book.service.js';
import type { ContactDataDeps } from '../contact-data.js';
import { addReferenceContact } from '../reference-contacts.service.js';
import { registerBorrower } from '../registration.service.js';
import { actorOf } from './actor.js';
import { ReferenceContactType } from './contact.types.js';
import {
  AddReferenceContactInput,
  ImportAddressBookInput,
  RegisterBorrowerInput,
} from './inputs.js';
import {
  AddReferenceContactPayload,
  ImportAddressBookPayload,
  RegisterBorrowerPayload,
} from './payloads.js';

export const REFERENCE_CONTACT_TYPE = 'ReferenceContact';

const depsOf = (ctx: GraphQLContext): ContactDataDeps => ({
  db: ctx.db,
  clock: ctx.clock,
  vault: ctx.deps.consent.vault,
});

/** The borrower may change only their own contact data; staff never. */
function ownBorrowerId(ctx: GraphQLContext, borrowerGlobalId: string): string {
  const actor = actorOf(ctx);
  const borrowerId = fromGlobalIdOfType(borrowerGlobalId, BORROWER_TYPE);
  if (actor.role !== Role.BORROWER || !borrowerId || borrowerId !== actor.borrowerId)
    throw forbidden();
  return borrowerId;
}

@Resolver()
export class ContactDataResolver {
  @Mutation(() => RegisterBorrowerPayload, {
    description: 'OPS: the sign-up service registers a borrower.',
  })
  @Roles(Role.OPS)
  async registerBorrower(
    @Arg('input', () => RegisterBorrowerInput) input: RegisterBorrowerInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RegisterBorrowerPayload> {
    const result = await registerBorrower(depsOf(ctx), actorOf(ctx).id, input);
    if (!result.ok) {
      return Object.assign(new RegisterBorrowerPayload(), {
        borrower: null,
        userErrors: toUserErrors(result),
      });
    }
    return Object.assign(new RegisterBorrowerPayload(), {
      borrower: await fetchBorrower(ctx, result.value.borrowerId),
      userErrors: [],
    });
  }

  @Mutation(() => AddReferenceContactPayload)
  @Roles(Role.BORROWER)
  async addReferenceContact(
    @Arg('input', () => AddReferenceContactInput) input: AddReferenceContactInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AddReferenceContactPayload> {
    const borrowerId = ownBorrowerId(ctx, input.borrowerId);
    const result = await addReferenceContact(depsOf(ctx), borrowerId, input);
    return Object.assign(new AddReferenceContactPayload(), {
      borrowerId,
      referenceContact: result.ok ? result.value : null,
      userErrors: result.ok ? [] : toUserErrors(result),
    });
  }

  @Mutation(() => ImportAddressBookPayload, {
    description: 'At most 5,000 entries; all valid or nothing stored.',
  })
  @Roles(Role.BORROWER)
  async importAddressBook(
    @Arg('input', () => ImportAddressBookInput) input: ImportAddressBookInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ImportAddressBookPayload> {
    const borrowerId = ownBorrowerId(ctx, input.borrowerId);
    const result = await importAddressBook(depsOf(ctx), borrowerId, input.entries);
    return Object.assign(new ImportAddressBookPayload(), {
      imported: result.ok ? result.value.imported : 0,
      userErrors: result.ok ? [] : toUserErrors(result),
    });
  }
}

@Resolver(() => ReferenceContactType)
export class ReferenceContactResolver {
  // Reached only inside a guarded read: the value is already revealed.
  @FieldResolver(() => ID)
  id(@Root() contact: { id: string }): string {
    return toGlobalId(REFERENCE_CONTACT_TYPE, contact.id);
  }
}
