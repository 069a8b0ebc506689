import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@lending/graphql-kit';
import { AccessPurpose, ContactKind, ContactScope, GrantStatus } from '../vocabulary.js';
import { SensitiveType } from './sensitive.js';

registerEnumType(ContactScope, { name: 'ContactScope' });
registerEnumType(AccessPurpose, { name: 'AccessPurpose' });
registerEnumType(ContactKind, { name: 'ContactKind' });
registerEnumType(GrantStatus, { name: 'GrantStatus' });

// Objects of these types are plain values the guard revealed; they are never
// constructed anywhere else.

@ObjectType('ContactPoint')
@SensitiveType(ContactScope.SELF_CONTACT)
export class ContactPointType {
  @Field(() => ContactKind)
  kind!: ContactKind;

  @Field(() => String)
  value!: string;
}

@ObjectType('ReferenceContact')
@SensitiveType(ContactScope.REFERENCE_CONTACTS)
export class ReferenceContactType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  relationship!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  phone!: string;
}

@ObjectType('AddressBookEntry')
@SensitiveType(ContactScope.ADDRESS_BOOK)
export class AddressBookEntryType {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  phone!: string;
}

@ObjectType('AddressBookEdge')
@SensitiveType(ContactScope.ADDRESS_BOOK)
export class AddressBookEdge {
  @Field(() => AddressBookEntryType)
  node!: AddressBookEntryType;

  @Field(() => String)
  cursor!: string;
}

@ObjectType('AddressBookConnection')
@SensitiveType(ContactScope.ADDRESS_BOOK)
export class AddressBookConnection {
  @Field(() => [AddressBookEdge])
  edges!: AddressBookEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
