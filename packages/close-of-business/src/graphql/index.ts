import type { GatewayModule } from '@lending/graphql-kit';
import { BusinessCalendarResolver } from './business-calendar.resolver.js';
import { CloseOfBusinessResolver } from './close-of-business.resolver.js';

export type { CloseOfBusinessDeps } from './deps.js';

export const closeOfBusinessModule: GatewayModule = {
  name: 'close-of-business',
  resolvers: [CloseOfBusinessResolver, BusinessCalendarResolver],
};
