import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '@lending/graphql-kit';
import type { BusinessDate } from '@lending/kernel';
import { BusinessCalendarMode, type BusinessCalendarStatus } from '../calendar.js';

registerEnumType(BusinessCalendarMode, {
  name: 'BusinessCalendarMode',
  description: 'Whether the business date follows the calendar.',
  valuesConfig: {
    CALENDAR: {
      description: 'close of business closes only days that have ended, in the lender’s zone',
    },
    SIMULATED: {
      description: 'close of business may run ahead of today (development, tests, simulations)',
    },
  },
});

@ObjectType('BusinessCalendar', {
  description: 'Where the business date stands against today in the lender’s time zone.',
})
export class BusinessCalendarType {
  @Field(() => BusinessCalendarMode)
  mode!: BusinessCalendarMode;

  @Field(() => String, { description: 'the IANA time zone in which a day ends' })
  timeZone!: string;

  @Field(() => DateScalar, { description: 'the civil date now, in `timeZone`' })
  today!: BusinessDate;

  @Field(() => DateScalar, { description: 'the platform business date close of business advances' })
  businessDate!: BusinessDate;

  @Field(() => Int, {
    description:
      'businessDate minus today in days: positive when running ahead of the calendar, negative while a close is due',
  })
  daysAhead!: number;

  static from(status: BusinessCalendarStatus): BusinessCalendarType {
    return Object.assign(new BusinessCalendarType(), status);
  }
}
