import type { ContactScope } from './vocabulary.js';

/**
 * The right to decrypt one borrower's data of one scope, for the duration of
 * one guarded read. Only the guard mints these (this module is not exported
 * from the package), and the vault accepts no other.
 */
export class RevealCapability {
  private constructor(
    readonly borrowerId: string,
    readonly scope: ContactScope,
  ) {}

  static #live = new WeakSet<RevealCapability>();

  /** @internal guard only */
  static mint(borrowerId: string, scope: ContactScope): RevealCapability {
    const capability = new RevealCapability(borrowerId, scope);
    RevealCapability.#live.add(capability);
    return capability;
  }

  /** @internal guard only: a capability ends with the read it was minted for. */
  static expire(capability: RevealCapability): void {
    RevealCapability.#live.delete(capability);
  }

  static isLive(capability: unknown): capability is RevealCapability {
    return capability instanceof RevealCapability && RevealCapability.#live.has(capability);
  }
}
