import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { BorrowerType } from '@lending/borrowers/graphql';
import { badUserInput, forbidden, type GraphQLContext } from '@lending/graphql-kit';
import { loadSealedAddressBookPage, CONTACT_LIMITS } from '../contact-data.service.js';
import { canManageGrantsOf } from '../grants.service.js';
import { AccessPurpose, ContactScope } from '../vocabulary.js';
import { actorOf } from './actor.js';
import { AddressBookConnection, ContactPointType, ReferenceContactType } from './contact.types.js';
import { ConsentGrantType } from './grant.types.js';
import { contactPointsLoader, grantsOfBorrowerLoader, referenceContactsLoader } from './loaders.js';
import { Sensitive } from './sensitive.js';

// These resolvers only load sealed values. The consent guard, wrapped around
// every @Sensitive field by the gateway, decides, records and reveals.

const ADDRESS_BOOK_CURSOR = 'abe:';

@Resolver(() => BorrowerType)
export class BorrowerContactResolver {
  @FieldResolver(() => [ContactPointType], {
    nullable: true,
    description:
      'Contact data: needs an active grant for this purpose and role, or the borrower themself.',
  })
  @Sensitive({ scope: ContactScope.SELF_CONTACT, purpose: { argument: 'purpose' } })
  async contactPoints(
    @Root() borrower: BorrowerType,
    @Arg('purpose', () => AccessPurpose) _purpose: AccessPurpose,
    @Ctx() ctx: GraphQLContext,
  ): Promise<unknown> {
    return contactPointsLoader(ctx).load(borrower.borrowerId);
  }

  @FieldResolver(() => [ReferenceContactType], { nullable: true })
  @Sensitive({ scope: ContactScope.REFERENCE_CONTACTS, purpose: { argument: 'purpose' } })
  async referenceContacts(
    @Root() borrower: BorrowerType,
    @Arg('purpose', () => AccessPurpose) _purpose: AccessPurpose,
    @Ctx() ctx: GraphQLContext,
  ): Promise<unknown> {
    return referenceContactsLoader(ctx).load(borrower.borrowerId);
  }

  @FieldResolver(() => AddressBookConnection, { nullable: true })
  @Sensitive({ scope: ContactScope.ADDRESS_BOOK, purpose: { argument: 'purpose' } })
  async addressBook(
    @Root() borrower: BorrowerType,
    @Arg('purpose', () => AccessPurpose) _purpose: AccessPurpose,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) firstArg: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<unknown> {
    const first = firstArg ?? 100;
    if (first < 0 || first > CONTACT_LIMITS.addressBookPageMax) {
      throw badUserInput(`first must be between 0 and ${CONTACT_LIMITS.addressBookPageMax}.`);
    }
    const afterId = after == null ? null : decodeCursor(after);
    const page = await loadSealedAddressBookPage(ctx.db, borrower.borrowerId, first, afterId);
    const edges = page.items.map((node) => ({ node, cursor: encodeCursor(node.id) }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  @FieldResolver(() => [ConsentGrantType], { description: 'The borrower and COMPLIANCE only.' })
  async consentGrants(
    @Root() borrower: BorrowerType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConsentGrantType[]> {
    if (!canManageGrantsOf(actorOf(ctx), borrower.borrowerId)) throw forbidden();
    const now = ctx.clock.now();
    const grants = await grantsOfBorrowerLoader(ctx).load(borrower.borrowerId);
    return grants.map((g) => ConsentGrantType.from(g, now));
  }
}

function encodeCursor(id: string): string {
  return Buffer.from(ADDRESS_BOOK_CURSOR + id).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = cursor.length <= 100 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const id = text.startsWith(ADDRESS_BOOK_CURSOR) ? text.slice(ADDRESS_BOOK_CURSOR.length) : '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw badUserInput('after is not a cursor from this connection.');
  }
  return id;
}
