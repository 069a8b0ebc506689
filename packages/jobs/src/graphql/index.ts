import type { GatewayModule } from '@lending/graphql-kit';
import type { JobQueue } from '../engine.js';
import { JobResolver } from './job.resolver.js';

export { JobType, JOB_TYPE } from './job.types.js';

declare module '@lending/graphql-kit' {
  interface ModuleDeps {
    /** Starts and reads batch jobs. */
    readonly jobs: JobQueue;
  }
}

export const jobsModule: GatewayModule = {
  name: 'jobs',
  resolvers: [JobResolver],
};
