import type { GatewayModule } from '@lending/graphql-kit';
import { BorrowerResolver, fetchBorrower } from './borrower.resolver.js';
import { BORROWER_TYPE } from './borrower.type.js';

export { BorrowerType, BORROWER_TYPE } from './borrower.type.js';
export { borrowerLoader } from './borrower.loader.js';
export { fetchBorrower } from './borrower.resolver.js';

export const borrowersModule: GatewayModule = {
  name: 'borrowers',
  resolvers: [BorrowerResolver],
  nodeFetchers: { [BORROWER_TYPE]: fetchBorrower },
};
