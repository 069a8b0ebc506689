import './deps.js';
import type { GatewayModule } from '@lending/graphql-kit';
import { BorrowerContactResolver } from './borrower-contact.resolver.js';
import { ContactDataResolver, ReferenceContactResolver } from './contact-data.resolver.js';
import {
  ConsentResolver,
  ContactAccessResolver,
  fetchAccessNode,
  fetchGrantNode,
} from './consent.resolver.js';
import { CONSENT_GRANT_TYPE, CONTACT_ACCESS_TYPE } from './grant.types.js';

export type { ConsentDeps } from './deps.js';
export {
  applyContactGuard,
  ContactGuardAssemblyError,
  CONTACT_DATA_DENIED,
} from './guard-transform.js';
export { Sensitive, SensitiveInput, SensitiveType } from './sensitive.js';
export {
  ConsentGrantType,
  ContactAccessType,
  CONSENT_GRANT_TYPE,
  CONTACT_ACCESS_TYPE,
} from './grant.types.js';
export { ContactPointType, ReferenceContactType, AddressBookConnection } from './contact.types.js';
export { REFERENCE_CONTACT_TYPE } from './contact-data.resolver.js';

export const consentModule: GatewayModule = {
  name: 'consent',
  resolvers: [
    BorrowerContactResolver,
    ConsentResolver,
    ContactAccessResolver,
    ContactDataResolver,
    ReferenceContactResolver,
  ],
  nodeFetchers: { [CONSENT_GRANT_TYPE]: fetchGrantNode, [CONTACT_ACCESS_TYPE]: fetchAccessNode },
};
