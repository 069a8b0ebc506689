import { Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { BorrowerType, borrowerLoader } from '@lending/borrowers/graphql';
import { ALL_ROLES, Roles, requireViewer, type GraphQLContext } from '@lending/graphql-kit';
import { Role } from '@lending/kernel';

@ObjectType('Viewer')
export class ViewerType {
  @Field(() => ID)
  id!: string;

  @Field(() => Role)
  role!: Role;

  borrowerId!: string | null;
}

@Resolver(() => ViewerType)
export class ViewerResolver {
  @Query(() => ViewerType)
  @Roles(...ALL_ROLES)
  viewer(@Ctx() ctx: GraphQLContext): ViewerType {
    const viewer = requireViewer(ctx);
    return Object.assign(new ViewerType(), viewer);
  }

  @FieldResolver(() => BorrowerType, {
    nullable: true,
    description: 'The borrower record when the viewer is a borrower.',
  })
  async borrower(
    @Root() viewer: ViewerType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BorrowerType | null> {
    if (viewer.role !== Role.BORROWER || !viewer.borrowerId) return null;
    const borrower = await borrowerLoader(ctx).load(viewer.borrowerId);
    return borrower ? BorrowerType.from(borrower) : null;
  }
}
