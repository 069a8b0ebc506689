import type { GatewayModule } from '@lending/graphql-kit';
import {
  BorrowerCreditResolver,
  CreditApplicationResolver,
  CreditOfferResolver,
  fetchCreditApplication,
} from './credit.resolver.js';
import { CREDIT_APPLICATION_TYPE } from './credit.types.js';
import { CreditLineLimitResolver } from './limits.resolver.js';

export { CreditApplicationType, CREDIT_APPLICATION_TYPE } from './credit.types.js';
export { fetchCreditApplication } from './credit.resolver.js';

export const creditModule: GatewayModule = {
  name: 'credit',
  resolvers: [
    CreditApplicationResolver,
    CreditOfferResolver,
    BorrowerCreditResolver,
    CreditLineLimitResolver,
  ],
  nodeFetchers: { [CREDIT_APPLICATION_TYPE]: fetchCreditApplication },
};
