import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { MoneyInput, UserError } from '@lending/graphql-kit';
import { RepaymentMethod } from '../schedule.js';
import { LoanType } from './ledger.types.js';

@InputType('DrawdownInput')
export class DrawdownInput {
  @Field(() => ID)
  creditLineId!: string;

  @Field(() => MoneyInput)
  amount!: MoneyInput;

  @Field(() => Int)
  termMonths!: number;

  @Field(() => RepaymentMethod)
  repaymentMethod!: RepaymentMethod;

  @Field(() => String)
  idempotencyKey!: string;
}

@ObjectType('DrawdownPayload')
export class DrawdownPayload {
  @Field(() => LoanType, { nullable: true })
  loan!: LoanType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
