import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '@lending/graphql-kit';
import { BorrowerType } from '@lending/borrowers/graphql';
import type { ReferenceContactValue } from '../contact-data.js';
import type { Sealed } from '../sealed.js';
import { AccessPurpose, ContactScope } from '../vocabulary.js';
import { ConsentGrantType } from './grant.types.js';
import { ReferenceContactType } from './contact.types.js';
import { Sensitive } from './sensitive.js';

@ObjectType('RegisterBorrowerPayload')
export class RegisterBorrowerPayload {
  @Field(() => BorrowerType, { nullable: true })
  borrower!: BorrowerType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('GrantConsentPayload')
export class GrantConsentPayload {
  @Field(() => ConsentGrantType, { nullable: true })
  grant!: ConsentGrantType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('RevokeConsentPayload')
export class RevokeConsentPayload {
  @Field(() => ConsentGrantType, { nullable: true })
  grant!: ConsentGrantType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('AddReferenceContactPayload')
export class AddReferenceContactPayload {
  /** The data subject, for the guard. */
  borrowerId!: string;

  // Only the borrower can add one, so the read is theirs; it is still guarded and logged.
  @Field(() => ReferenceContactType, { nullable: true })
  @Sensitive({
    scope: ContactScope.REFERENCE_CONTACTS,
    purpose: { fixed: AccessPurpose.SERVICING },
  })
  referenceContact!: Sealed<ReferenceContactValue> | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('ImportAddressBookPayload')
export class ImportAddressBookPayload {
  @Field(() => Int)
  imported!: number;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
