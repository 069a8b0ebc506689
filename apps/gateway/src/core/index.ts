import { MoneyInput, MoneyType, PageInfo, UserError } from '@lending/graphql-kit';
import { BusinessDateResolver } from './business-date.js';
import { NodeResolver } from './node.js';
import { ViewerResolver } from './viewer.js';

export const coreResolvers = [ViewerResolver, NodeResolver, BusinessDateResolver] as const;

/** Contract types every module shares, in the schema even before a field uses them. */
export const coreTypes = [MoneyType, MoneyInput, PageInfo, UserError] as const;
