import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import {
  DateScalar,
  Roles,
  toUserErrors,
  UserError,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { Role, type BusinessDate } from '@lending/kernel';
import { runCloseOfBusiness } from '../run.js';

@InputType('RunCloseOfBusinessInput')
export class RunCloseOfBusinessInput {
  @Field(() => DateScalar, {
    description: 'the business date to move to; every day up to it is closed',
  })
  businessDate!: BusinessDate;
}

@ObjectType('RunCloseOfBusinessPayload')
export class RunCloseOfBusinessPayload {
  @Field(() => DateScalar, { nullable: true })
  businessDate!: BusinessDate | null;

  @Field(() => Int, { description: 'loan-days processed; 0 when every day was already closed' })
  loansProcessed!: number;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@Resolver()
export class CloseOfBusinessResolver {
  @Mutation(() => RunCloseOfBusinessPayload)
  @Roles(Role.OPS)
  async runCloseOfBusiness(
    @Arg('input', () => RunCloseOfBusinessInput) input: RunCloseOfBusinessInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RunCloseOfBusinessPayload> {
    const result = await runCloseOfBusiness(ctx.db, ctx.clock, input.businessDate);
    return Object.assign(
      new RunCloseOfBusinessPayload(),
      result.ok
        ? {
            businessDate: result.value.businessDate,
            loansProcessed: result.value.loansProcessed,
            userErrors: [],
          }
        : {
            businessDate: null,
            loansProcessed: 0,
            userErrors: toUserErrors(result),
          },
    );
  }
}
