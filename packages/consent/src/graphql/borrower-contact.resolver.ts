import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { BorrowerType } from '@lending/borrowers/graphql';
import {
  assertOwnerOrStaff,
  defineCursor,
  pageSize,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { CONTACT_LIMITS } from '../contact-data.js';
import { loadSealedAddressBookPage } from '../contact-loading.js';
import { AccessPurpose, ContactScope } from '../vocabulary.js';
import { CONSENT_RECORD_VIEWERS } from './consent-viewers.js';
import { AddressBookConnection, ContactPointType, ReferenceContactType } from './contact.types.js';
import { ConsentGrantType } from './grant.types.js';
import { contactPointsLoader, grantsOfBorrowerLoader, referenceContactsLoader } from './loaders.js';
import { Sensitive } from './sensitive.js';

// These resolvers only load sealed values. The consent guard, wrapped around
// every @Sensitive field by the gateway, decides, records and reveals.

const addressBookCursor = defineCursor('addressBook', 1, ['uuid']);
const ADDRESS_BOOK_DEFAULT_PAGE = 100;

interface AddressBookArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

function addressBookPage(args: AddressBookArgs): { size: number; afterId: string | null } {
  const size = pageSize(args.first, ADDRESS_BOOK_DEFAULT_PAGE, CONTACT_LIMITS.addressBookPageMax);
  const afterId = args.after == null ? null : addressBookCursor.decode(args.after)[0];
  return { size, afterId };
}

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
  @Sensitive({
    scope: ContactScope.ADDRESS_BOOK,
    purpose: { argument: 'purpose' },
    validateArgs: (args) => void addressBookPage(args),
  })
  async addressBook(
    @Root() borrower: BorrowerType,
    @Arg('purpose', () => AccessPurpose) _purpose: AccessPurpose,
    @Arg('first', () => Int, { nullable: true, defaultValue: ADDRESS_BOOK_DEFAULT_PAGE })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<unknown> {
    const { size, afterId } = addressBookPage({ first, after });
    const page = await loadSealedAddressBookPage(ctx.db, borrower.borrowerId, size, afterId);
    const edges = page.items.map((node) => ({ node, cursor: addressBookCursor.encode(node.id) }));
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
    await assertOwnerOrStaff(ctx, borrower.borrowerId, CONSENT_RECORD_VIEWERS);
    const now = ctx.clock.now();
    const grants = await grantsOfBorrowerLoader(ctx).load(borrower.borrowerId);
    return grants.map((g) => ConsentGrantType.from(g, now));
  }
}
