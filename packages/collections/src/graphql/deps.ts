// The consent module's deps (vault, need-to-know) are on ModuleDeps too: collections reads contact data through its guard.
import type {} from '@lending/consent/graphql';
import type { MessageSender } from '../messages/outbox.service.js';

export interface CollectionsDeps {
  /** Delivers outbox messages: the development sender unless an integration is configured. */
  readonly sender: MessageSender;
}

declare module '@lending/graphql-kit' {
  interface ModuleDeps {
    readonly collections: CollectionsDeps;
  }
}
