import type { GatewayModule } from '@lending/graphql-kit';
import { BorrowerCollectionsResolver } from './borrower-collections.resolver.js';
import { CollectionCaseResolver, fetchCase } from './case.resolver.js';
import { COLLECTION_CASE_TYPE } from './collections.types.js';
import { CollectionsCommandResolver } from './commands.resolver.js';
import { HardshipResolver } from './plans.resolver.js';

export type { CollectionsDeps } from './deps.js';
export { collectorAssignmentsOf } from './loaders.js';
export { CollectionCaseType, COLLECTION_CASE_TYPE } from './collections.types.js';

export const collectionsModule: GatewayModule = {
  name: 'collections',
  resolvers: [
    CollectionCaseResolver,
    CollectionsCommandResolver,
    HardshipResolver,
    BorrowerCollectionsResolver,
  ],
  nodeFetchers: { [COLLECTION_CASE_TYPE]: fetchCase },
};
