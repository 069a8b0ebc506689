import 'reflect-metadata';
import {
  Arg,
  Field,
  ID,
  InputType,
  InterfaceType,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import { buildSchema } from 'type-graphql';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AccessPurpose, ContactScope } from '../index.js';
import {
  applyContactGuard,
  ContactGuardAssemblyError,
  Sensitive,
  SensitiveInput,
  SensitiveType,
} from './index.js';

// Small schemas, each with one way around the guard, prove the gateway would refuse to start.

@ObjectType('ProbeSecret')
@SensitiveType(ContactScope.SELF_CONTACT)
class ProbeSecret {
  @Field(() => String)
  value!: string;
}

@ObjectType('ProbeOwner')
class ProbeOwner {
  borrowerId!: string;

  @Field(() => ProbeSecret, { nullable: true })
  @Sensitive({ scope: ContactScope.SELF_CONTACT, purpose: { fixed: AccessPurpose.SERVICING } })
  secret!: unknown;
}

@ObjectType('ProbeLeakyOwner')
class ProbeLeakyOwner {
  @Field(() => [ProbeSecret], { nullable: true })
  secrets!: unknown;
}

@ObjectType('ProbeNonNullOwner')
class ProbeNonNullOwner {
  @Field(() => ProbeSecret)
  @Sensitive({ scope: ContactScope.SELF_CONTACT, purpose: { fixed: AccessPurpose.SERVICING } })
  secret!: unknown;
}

@ObjectType('ProbeMislabelled')
class ProbeMislabelled {
  @Field(() => String, { nullable: true })
  @Sensitive({ scope: ContactScope.SELF_CONTACT, purpose: { fixed: AccessPurpose.SERVICING } })
  phone!: string;
}

@InterfaceType('ProbeNode')
abstract class ProbeNode {
  @Field(() => ID)
  id!: string;
}

@ObjectType('ProbeNodeSecret', { implements: ProbeNode })
@SensitiveType(ContactScope.REFERENCE_CONTACTS)
export class ProbeNodeSecret extends ProbeNode {
  @Field(() => String)
  phone!: string;
}

@InputType('ProbeContactInput')
@SensitiveInput()
class ProbeContactInput {
  @Field(() => String)
  phone!: string;
}

@Resolver()
class SafeResolver {
  @Query(() => ProbeOwner)
  owner(): ProbeOwner {
    return Object.assign(new ProbeOwner(), { borrowerId: 'b', secret: null });
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql takes plain constructors
type ResolverClass = Function;
const build = async (...resolvers: [ResolverClass, ...ResolverClass[]]) =>
  applyContactGuard(await buildSchema({ resolvers, validate: false }));

describe('applyContactGuard at start-up', () => {
  it('accepts a schema whose every path to contact data is marked, and wraps the default resolver', async () => {
    const schema = await build(SafeResolver);
    const owner = schema.getType('ProbeOwner');
    expect(isObjectType(owner) ? owner.getFields()['secret']?.resolve : undefined).toBeTypeOf(
      'function',
    );
  });

  it('refuses a field that returns contact data without @Sensitive', async () => {
    @Resolver()
    class LeakResolver {
      @Query(() => ProbeLeakyOwner)
      leaky(): ProbeLeakyOwner {
        return new ProbeLeakyOwner();
      }
    }
    await expect(build(LeakResolver)).rejects.toThrow(
      'ProbeLeakyOwner.secrets returns contact data without @Sensitive',
    );
  });

  it('refuses a root field that returns contact data directly', async () => {
    @Resolver()
    class RootLeakResolver {
      @Query(() => ProbeSecret, { nullable: true })
      secretDirect(): null {
        return null;
      }
    }
    await expect(build(RootLeakResolver)).rejects.toThrow(
      'Query.secretDirect returns contact data without @Sensitive',
    );
  });

  it('refuses a non-null contact-data field', async () => {
    @Resolver()
    class NonNullResolver {
      @Query(() => ProbeNonNullOwner)
      nonNull(): ProbeNonNullOwner {
        return new ProbeNonNullOwner();
      }
    }
    await expect(build(NonNullResolver)).rejects.toThrow(
      'ProbeNonNullOwner.secret returns contact data and must be nullable',
    );
  });

  it('refuses @Sensitive on a field that returns no contact-data type', async () => {
    @Resolver()
    class MislabelResolver {
      @Query(() => ProbeMislabelled)
      mislabelled(): ProbeMislabelled {
        return new ProbeMislabelled();
      }
    }
    await expect(build(MislabelResolver)).rejects.toThrow(
      'ProbeMislabelled.phone is @Sensitive but returns no contact-data type',
    );
  });

  it('refuses a contact-data type behind an interface (node(id:) would bypass the guard)', async () => {
    @Resolver()
    class InterfaceResolver {
      @Query(() => ProbeNode, { nullable: true })
      anyNode(): null {
        return null;
      }
    }
    await expect(build(InterfaceResolver)).rejects.toThrow(
      'ProbeNodeSecret carries contact data and must not implement an interface',
    );
  });

  it('refuses contact data as a query argument (filtering by a phone number reveals it)', async () => {
    @Resolver()
    class FilterResolver {
      @Query(() => String)
      findByPhone(@Arg('contact', () => ProbeContactInput) _contact: ProbeContactInput): string {
        return 'x';
      }
    }
    await expect(build(FilterResolver)).rejects.toThrow(ContactGuardAssemblyError);
    await expect(build(FilterResolver)).rejects.toThrow(
      'Query.findByPhone(contact:) takes contact data outside a mutation',
    );
  });
});
