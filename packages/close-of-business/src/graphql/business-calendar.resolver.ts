import { Ctx, Query, Resolver } from 'type-graphql';
import { Roles, type GraphQLContext } from '@lending/graphql-kit';
import { STAFF_ROLES } from '@lending/kernel';
import { businessCalendarStatus } from '../calendar.js';
import { BusinessCalendarType } from './business-calendar.types.js';

@Resolver()
export class BusinessCalendarResolver {
  @Query(() => BusinessCalendarType, {
    description:
      'Staff: which business calendar the platform follows, today in its zone and the business date, so a tool can see it is running ahead.',
  })
  @Roles(...STAFF_ROLES)
  async businessCalendar(@Ctx() ctx: GraphQLContext): Promise<BusinessCalendarType> {
    return BusinessCalendarType.from(
      await businessCalendarStatus(ctx.db, ctx.clock, ctx.deps.closeOfBusiness.calendar),
    );
  }
}
