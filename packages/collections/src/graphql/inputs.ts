import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar, MoneyInput, UserError } from '@lending/graphql-kit';
import type { BusinessDate } from '@lending/kernel';
import { ContactChannel, ContactTarget } from '../vocabulary.js';
import {
  CollectionCaseType,
  ContactAttemptType,
  ContactPreferenceType,
  PromiseToPayType,
} from './collections.types.js';

@InputType('AssignCollectionCaseInput')
export class AssignCollectionCaseInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => ID, { description: "the collector's actor id (their token's sub)" })
  collectorId!: string;
}

@ObjectType('AssignCollectionCasePayload')
export class AssignCollectionCasePayload {
  @Field(() => CollectionCaseType, { nullable: true })
  collectionCase!: CollectionCaseType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType('LogContactAttemptInput')
export class LogContactAttemptInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => ContactChannel)
  channel!: ContactChannel;

  @Field(() => ContactTarget)
  target!: ContactTarget;

  @Field(() => ID, { nullable: true })
  referenceContactId!: string | null | undefined;

  @Field(() => String, {
    description: 'CONNECTED, NO_ANSWER, VOICEMAIL, BUSY, DELIVERED or FAILED',
  })
  outcome!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "when it happened (default now): from the case's opening to the end of the current business date in the borrower's time zone",
  })
  at!: Date | null | undefined;
}

@ObjectType('LogContactAttemptPayload')
export class LogContactAttemptPayload {
  @Field(() => ContactAttemptType, {
    nullable: true,
    description: 'the attempt as recorded: a refused one too, with outcome REFUSED',
  })
  attempt!: ContactAttemptType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType('RecordPromiseToPayInput')
export class RecordPromiseToPayInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => MoneyInput)
  amount!: MoneyInput;

  @Field(() => DateScalar)
  dueDate!: BusinessDate;
}

@ObjectType('RecordPromiseToPayPayload')
export class RecordPromiseToPayPayload {
  @Field(() => PromiseToPayType, { nullable: true })
  promise!: PromiseToPayType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType('SetContactPreferenceInput')
export class SetContactPreferenceInput {
  @Field(() => ID)
  borrowerId!: string;

  @Field(() => ContactChannel)
  channel!: ContactChannel;

  @Field(() => Boolean)
  optedOut!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'required when OPS records it for the borrower',
  })
  reason!: string | null | undefined;
}

@ObjectType('SetContactPreferencePayload')
export class SetContactPreferencePayload {
  @Field(() => [ContactPreferenceType], { nullable: true })
  preferences!: ContactPreferenceType[] | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
