import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BORROWER_TYPE, BorrowerType, fetchBorrower } from '@lending/borrowers/graphql';
import {
  assertOwnerOrStaff,
  defineCursor,
  forbidden,
  notFound,
  PageInfo,
  pageSize,
  Roles,
  toUserErrors,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { fromGlobalIdOfType, Role } from '@lending/kernel';
import { ACCESS_LOG_PAGE_MAX, getAccessRecordsByIds, listAccessLog } from '../access-log.js';
import { grantConsent, GrantError, revokeConsent } from '../grants.service.js';
import { actorOf } from './actor.js';
import { CONSENT_RECORD_VIEWERS } from './consent-viewers.js';
import {
  CONSENT_GRANT_TYPE,
  ConsentGrantType,
  ContactAccessConnection,
  ContactAccessEdge,
  ContactAccessType,
} from './grant.types.js';
import { GrantConsentInput, RevokeConsentInput } from './inputs.js';
import { grantLoader } from './loaders.js';
import { GrantConsentPayload, RevokeConsentPayload } from './payloads.js';

const accessLogCursor = defineCursor('contactAccessLog', 1, ['bigint']);

@Resolver(() => ConsentGrantType)
export class ConsentResolver {
  @Mutation(() => GrantConsentPayload, { description: 'The data subject alone grants.' })
  @Roles(Role.BORROWER)
  async grantConsent(
    @Arg('input', () => GrantConsentInput) input: GrantConsentInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<GrantConsentPayload> {
    const borrowerId = fromGlobalIdOfType(input.borrowerId, BORROWER_TYPE);
    if (!borrowerId) throw notFound();
    const result = await grantConsent(ctx.db, ctx.clock, actorOf(ctx), {
      borrowerId,
      scope: input.scope,
      purpose: input.purpose,
      grantee: input.grantee,
      expiresAt: input.expiresAt ?? null,
      evidence: input.evidence,
    });
    if (!result.ok) {
      return Object.assign(new GrantConsentPayload(), {
        grant: null,
        userErrors: toUserErrors(result, { forbidden: [GrantError.NOT_THE_DATA_SUBJECT] }),
      });
    }
    return Object.assign(new GrantConsentPayload(), {
      grant: ConsentGrantType.from(result.value, ctx.clock.now()),
      userErrors: [],
    });
  }

  @Mutation(() => RevokeConsentPayload, {
    description: 'The borrower or COMPLIANCE; effective on the next read.',
  })
  @Roles(Role.BORROWER, Role.COMPLIANCE)
  async revokeConsent(
    @Arg('input', () => RevokeConsentInput) input: RevokeConsentInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RevokeConsentPayload> {
    const grantId = fromGlobalIdOfType(input.grantId, CONSENT_GRANT_TYPE);
    if (!grantId) throw notFound();
    const result = await revokeConsent(
      ctx.db,
      ctx.clock,
      actorOf(ctx),
      grantId,
      input.reason ?? null,
    );
    if (!result.ok) {
      return Object.assign(new RevokeConsentPayload(), {
        grant: null,
        userErrors: toUserErrors(result, {
          notFound: [GrantError.GRANT_NOT_FOUND],
          forbidden: [GrantError.NOT_THE_DATA_SUBJECT],
        }),
      });
    }
    return Object.assign(new RevokeConsentPayload(), {
      grant: ConsentGrantType.from(result.value, ctx.clock.now()),
      userErrors: [],
    });
  }

  @Query(() => ContactAccessConnection, {
    description:
      'Every read of a borrower’s contact data, newest first: the borrower’s own, or anyone’s for COMPLIANCE.',
  })
  @Roles(Role.BORROWER, Role.COMPLIANCE)
  async contactAccessLog(
    @Arg('borrowerId', () => ID) borrowerGlobalId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactAccessConnection> {
    const borrowerId = fromGlobalIdOfType(borrowerGlobalId, BORROWER_TYPE);
    if (!borrowerId) throw actorOf(ctx).role === Role.BORROWER ? forbidden() : notFound();
    await assertOwnerOrStaff(ctx, borrowerId, CONSENT_RECORD_VIEWERS);
    const size = pageSize(first, 50, ACCESS_LOG_PAGE_MAX);
    const page = await listAccessLog(
      ctx.db,
      borrowerId,
      size,
      after == null ? null : accessLogCursor.decode(after)[0],
    );
    const edges = page.records.map((record) =>
      Object.assign(new ContactAccessEdge(), {
        node: ContactAccessType.from(record),
        cursor: accessLogCursor.encode(record.seq),
      }),
    );
    return Object.assign(new ContactAccessConnection(), {
      edges,
      pageInfo: Object.assign(new PageInfo(), {
        hasNextPage: page.hasNextPage,
        endCursor: edges.at(-1)?.cursor ?? null,
      }),
    });
  }

  @FieldResolver(() => BorrowerType)
  async borrower(
    @Root() grant: ConsentGrantType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BorrowerType> {
    return fetchBorrower(ctx, grant.borrowerId);
  }
}

@Resolver(() => ContactAccessType)
export class ContactAccessResolver {
  @FieldResolver(() => ConsentGrantType, {
    nullable: true,
    description: 'null when the borrower read their own data',
  })
  async grant(
    @Root() access: ContactAccessType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ConsentGrantType | null> {
    if (!access.grantId) return null;
    const grant = await grantLoader(ctx).load(access.grantId);
    return grant ? ConsentGrantType.from(grant, ctx.clock.now()) : null;
  }
}

/** node(id:) for grants and access records: the borrower's own, or COMPLIANCE. */
export async function fetchGrantNode(
  ctx: GraphQLContext,
  grantId: string,
): Promise<ConsentGrantType | null> {
  const grant = await grantLoader(ctx).load(grantId);
  if (!grant) return null;
  await assertOwnerOrStaff(ctx, grant.borrowerId, CONSENT_RECORD_VIEWERS);
  return ConsentGrantType.from(grant, ctx.clock.now());
}

export async function fetchAccessNode(
  ctx: GraphQLContext,
  accessId: string,
): Promise<ContactAccessType | null> {
  const [record] = await getAccessRecordsByIds(ctx.db, [accessId]);
  if (!record) return null;
  await assertOwnerOrStaff(ctx, record.borrowerId, CONSENT_RECORD_VIEWERS);
  return ContactAccessType.from(record);
}
