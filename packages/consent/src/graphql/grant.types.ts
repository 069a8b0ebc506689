import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar, Node, PageInfo } from '@lending/graphql-kit';
import { Role, toGlobalId } from '@lending/kernel';
import type { AccessRecord } from '../access-log.js';
import { grantStatus, type ConsentGrant } from '../grants.service.js';
import { AccessPurpose, ContactScope, GrantStatus } from '../vocabulary.js';

export const CONSENT_GRANT_TYPE = 'ConsentGrant';
export const CONTACT_ACCESS_TYPE = 'ContactAccess';

@ObjectType('ConsentEvidence')
export class ConsentEvidenceType {
  @Field(() => String)
  documentVersion!: string;

  @Field(() => String)
  documentSha256!: string;

  @Field(() => String)
  channel!: string;
}

@ObjectType(CONSENT_GRANT_TYPE, { implements: Node })
export class ConsentGrantType implements Node {
  @Field(() => ID)
  id!: string;

  grantId!: string;
  borrowerId!: string;

  @Field(() => ContactScope)
  scope!: ContactScope;

  @Field(() => AccessPurpose)
  purpose!: AccessPurpose;

  @Field(() => Role, { description: 'the role that may read under this grant' })
  grantee!: Role;

  @Field(() => DateTimeScalar)
  grantedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => GrantStatus, { description: 'at the moment of this read' })
  status!: GrantStatus;

  @Field(() => ConsentEvidenceType)
  evidence!: ConsentEvidenceType;

  static from(grant: ConsentGrant, now: Date): ConsentGrantType {
    return Object.assign(new ConsentGrantType(), {
      id: toGlobalId(CONSENT_GRANT_TYPE, grant.id),
      grantId: grant.id,
      borrowerId: grant.borrowerId,
      scope: grant.scope,
      purpose: grant.purpose,
      grantee: grant.granteeRole,
      grantedAt: grant.grantedAt,
      expiresAt: grant.expiresAt,
      revokedAt: grant.revokedAt,
      status: grantStatus(grant, now),
      evidence: Object.assign(new ConsentEvidenceType(), {
        documentVersion: grant.documentVersion,
        documentSha256: grant.documentSha256,
        channel: grant.channel,
      }),
    });
  }
}

@ObjectType(CONTACT_ACCESS_TYPE, { implements: Node })
export class ContactAccessType implements Node {
  @Field(() => ID)
  id!: string;

  borrowerId!: string;
  grantId!: string | null;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => ID)
  actorId!: string;

  @Field(() => Role)
  actorRole!: Role;

  @Field(() => AccessPurpose)
  purpose!: AccessPurpose;

  @Field(() => ContactScope)
  scope!: ContactScope;

  @Field(() => [String], { description: 'the fields read under the contact-data field' })
  fields!: string[];

  @Field(() => String, { description: 'where in the response the data went, with aliases' })
  path!: string;

  @Field(() => String, { nullable: true })
  operationName!: string | null;

  @Field(() => String, {
    description:
      'this row’s place in the borrower’s chain, 1, 2, 3… with no gaps (a decimal string)',
  })
  seq!: string;

  @Field(() => String, { description: 'this row’s link in the borrower’s hash chain' })
  hash!: string;

  @Field(() => String, { description: 'the hash of the row before (64 zeros for the first)' })
  prevHash!: string;

  @Field(() => String, { description: 'the server’s id of the request that read' })
  requestId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'the x-request-id the caller sent, if any: theirs, not ours',
  })
  clientRequestId!: string | null;

  @Field(() => String, { nullable: true, description: 'the id (jti) of the token that read' })
  tokenId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'who acted through a token issued to someone else (its act claim): on the borrower’s behalf',
  })
  actedBy!: string | null;

  static from(record: AccessRecord): ContactAccessType {
    return Object.assign(new ContactAccessType(), {
      id: toGlobalId(CONTACT_ACCESS_TYPE, record.id),
      borrowerId: record.borrowerId,
      grantId: record.grantId,
      at: record.at,
      actorId: record.actorId,
      actorRole: record.actorRole,
      purpose: record.purpose,
      scope: record.scope,
      fields: [...record.fields],
      path: record.path,
      operationName: record.operationName,
      seq: record.seq.toString(),
      hash: record.hash,
      prevHash: record.prevHash,
      requestId: record.requestId,
      clientRequestId: record.clientRequestId ?? null,
      tokenId: record.tokenId ?? null,
      actedBy: record.actedBy ?? null,
    });
  }
}

@ObjectType('ContactAccessEdge')
export class ContactAccessEdge {
  @Field(() => ContactAccessType)
  node!: ContactAccessType;

  @Field(() => String)
  cursor!: string;
}

@ObjectType('ContactAccessConnection')
export class ContactAccessConnection {
  @Field(() => [ContactAccessEdge])
  edges!: ContactAccessEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
