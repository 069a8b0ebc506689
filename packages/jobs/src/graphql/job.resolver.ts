import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Roles, type GraphQLContext } from '@lending/graphql-kit';
import { fromGlobalIdOfType, Role } from '@lending/kernel';
import { JOB_TYPE, JobType } from './job.types.js';

@Resolver()
export class JobResolver {
  @Query(() => JobType, { nullable: true, description: 'OPS: one job, to watch it run.' })
  @Roles(Role.OPS)
  async job(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<JobType | null> {
    const localId = fromGlobalIdOfType(id, JOB_TYPE);
    if (!localId) return null;
    const job = await ctx.deps.jobs.get(localId);
    return job ? JobType.from(job) : null;
  }
}
