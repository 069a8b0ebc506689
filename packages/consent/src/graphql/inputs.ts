import { Field, ID, InputType } from 'type-graphql';
import { DateTimeScalar } from '@lending/graphql-kit';
import { Jurisdiction } from '@lending/borrowers';
import { Role } from '@lending/kernel';
import { AccessPurpose, ContactKind, ContactScope } from '../vocabulary.js';
import { SensitiveInput } from './sensitive.js';

@InputType('ContactPointInput')
@SensitiveInput()
export class ContactPointInput {
  @Field(() => ContactKind)
  kind!: ContactKind;

  @Field(() => String)
  value!: string;
}

@InputType('RegisterBorrowerInput')
@SensitiveInput()
export class RegisterBorrowerInput {
  @Field(() => String)
  displayName!: string;

  @Field(() => String)
  timeZone!: string;

  @Field(() => Jurisdiction, {
    nullable: true,
    defaultValue: Jurisdiction.CN,
    description: 'which collection rules protect this borrower',
  })
  jurisdiction!: Jurisdiction | null;

  @Field(() => [ContactPointInput])
  contactPoints!: ContactPointInput[];

  @Field(() => String)
  idempotencyKey!: string;
}

@InputType('ConsentEvidenceInput')
export class ConsentEvidenceInput {
  @Field(() => String)
  documentVersion!: string;

  @Field(() => String)
  documentSha256!: string;

  @Field(() => String)
  channel!: string;
}

@InputType('GrantConsentInput')
export class GrantConsentInput {
  @Field(() => ID)
  borrowerId!: string;

  @Field(() => ContactScope)
  scope!: ContactScope;

  @Field(() => AccessPurpose)
  purpose!: AccessPurpose;

  @Field(() => Role)
  grantee!: Role;

  @Field(() => DateTimeScalar, { nullable: true })
  expiresAt?: Date | null;

  @Field(() => ConsentEvidenceInput)
  evidence!: ConsentEvidenceInput;
}

@InputType('RevokeConsentInput')
export class RevokeConsentInput {
  @Field(() => ID)
  grantId!: string;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType('AddReferenceContactInput')
@SensitiveInput()
export class AddReferenceContactInput {
  @Field(() => ID)
  borrowerId!: string;

  @Field(() => String)
  relationship!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  phone!: string;
}

@InputType('AddressBookEntryInput')
@SensitiveInput()
export class AddressBookEntryInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  phone!: string;
}

@InputType('ImportAddressBookInput')
@SensitiveInput()
export class ImportAddressBookInput {
  @Field(() => ID)
  borrowerId!: string;

  @Field(() => [AddressBookEntryInput])
  entries!: AddressBookEntryInput[];
}
