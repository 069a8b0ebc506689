import { borrowersModule } from '@lending/borrowers/graphql';
import type { GatewayModule } from '@lending/graphql-kit';

/** The domain modules the gateway serves, in one place. */
export const defaultModules: readonly GatewayModule[] = [borrowersModule];
