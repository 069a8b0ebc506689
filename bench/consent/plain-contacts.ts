/**
 * The guard bench's baseline: the same query shape on a field that is not
 * sensitive. It loads the same rows the guarded field loads, batched across
 * the request by a per-request DataLoader as the guarded field's loader is,
 * and returns stand-in values: no grant, no log, no decryption.
 */
import DataLoader from 'dataloader';
import { Arg, Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { BorrowerType } from '@lending/borrowers/graphql';
import { AccessPurpose, loadSealedReferenceContacts } from '@lending/consent';
import type { GatewayModule, GraphQLContext } from '@lending/graphql-kit';
import { toGlobalId } from '@lending/kernel';

@ObjectType('BenchPlainContact')
class PlainContact {
  @Field(() => String) id!: string;
  @Field(() => String) relationship!: string;
  @Field(() => String) name!: string;
  @Field(() => String) phone!: string;
}

const plainLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'bench.plainContacts',
    () =>
      new DataLoader<string, { id: string }[]>(
        async (ids) => {
          const byBorrower = await loadSealedReferenceContacts(ctx.db, ids);
          return ids.map((id) => byBorrower.get(id) ?? []);
        },
        { maxBatchSize: 200 },
      ),
  );

@Resolver(() => BorrowerType)
class PlainContactsResolver {
  @FieldResolver(() => [PlainContact], { nullable: true })
  async plainContacts(
    @Root() borrower: BorrowerType,
    @Arg('purpose', () => AccessPurpose) _purpose: AccessPurpose,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PlainContact[]> {
    const rows = await plainLoader(ctx).load(borrower.borrowerId);
    return rows.map((row, i) => ({
      id: toGlobalId('ReferenceContact', row.id),
      relationship: 'friend',
      name: `Contact ${i}`,
      phone: '+8613800000000',
    }));
  }
}

export const plainContactsModule: GatewayModule = {
  name: 'bench',
  resolvers: [PlainContactsResolver],
};
