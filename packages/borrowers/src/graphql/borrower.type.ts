import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, Node } from '@lending/graphql-kit';
import { toGlobalId } from '@lending/kernel';
import { Jurisdiction, type Borrower } from '../borrower.service.js';

registerEnumType(Jurisdiction, { name: 'Jurisdiction' });

export const BORROWER_TYPE = 'Borrower';

@ObjectType(BORROWER_TYPE, { implements: Node })
export class BorrowerType implements Node {
  @Field(() => ID)
  id!: string;

  /** Local id for other modules' field resolvers on Borrower; not a GraphQL field. */
  borrowerId!: string;

  @Field(() => String, { description: 'not contact data: a name the borrower chose' })
  displayName!: string;

  @Field(() => String, { description: 'IANA zone, e.g. Asia/Shanghai; quiet hours use it' })
  timeZone!: string;

  @Field(() => Jurisdiction, { description: 'which collection rules protect this borrower' })
  jurisdiction!: Jurisdiction;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  static from(borrower: Borrower): BorrowerType {
    return Object.assign(new BorrowerType(), {
      id: toGlobalId(BORROWER_TYPE, borrower.id),
      borrowerId: borrower.id,
      displayName: borrower.displayName,
      timeZone: borrower.timeZone,
      jurisdiction: borrower.jurisdiction,
      createdAt: borrower.createdAt,
    });
  }
}
