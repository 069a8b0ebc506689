import { Field, ID, InputType, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import { Role, type Money } from '@lending/kernel';

registerEnumType(Role, { name: 'Role' });

@InterfaceType('Node')
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('Money')
export class MoneyType {
  @Field(() => String, { description: 'decimal string in major units, e.g. "1234.50"' })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217 code' })
  currency!: string;

  static from(money: Money): MoneyType {
    return Object.assign(new MoneyType(), { amount: money.format(), currency: money.currency });
  }
}

@InputType('MoneyInput')
export class MoneyInput {
  @Field(() => String)
  amount!: string;

  @Field(() => String)
  currency!: string;
}

@ObjectType('UserError')
export class UserError {
  @Field(() => [String], { nullable: true })
  field!: string[] | null;

  @Field(() => String)
  message!: string;

  @Field(() => String)
  code!: string;

  static of(code: string, message: string, field?: readonly string[]): UserError {
    return Object.assign(new UserError(), { code, message, field: field ? [...field] : null });
  }
}
