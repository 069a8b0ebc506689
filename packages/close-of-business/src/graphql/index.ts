import type { GatewayModule } from '@lending/graphql-kit';
import { CloseOfBusinessResolver } from './close-of-business.resolver.js';

export const closeOfBusinessModule: GatewayModule = {
  name: 'close-of-business',
  resolvers: [CloseOfBusinessResolver],
};
