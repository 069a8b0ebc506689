import { inspect } from 'node:util';
import type { ContactScope } from './vocabulary.js';

/**
 * Contact data as it leaves the database: ciphertext plus whose it is. It
 * refuses to serialize, so a resolver that returns it without the guard
 * fails loudly instead of leaking; only the guard's reveal opens it.
 */
export class Sealed<T> {
  readonly #ciphertext: string;
  readonly #keyId: string;
  declare private readonly _payload: T;

  constructor(
    readonly borrowerId: string,
    readonly scope: ContactScope,
    /** Row id: not contact data, used for cursors. */
    readonly id: string,
    keyId: string,
    ciphertext: string,
  ) {
    this.#keyId = keyId;
    this.#ciphertext = ciphertext;
    Object.freeze(this);
  }

  /** For the vault only. */
  static material(sealed: Sealed<unknown>): { keyId: string; ciphertext: string } {
    return { keyId: sealed.#keyId, ciphertext: sealed.#ciphertext };
  }

  toJSON(): never {
    throw new TypeError(
      'sealed contact data cannot be serialized; read it through the consent guard',
    );
  }

  toString(): string {
    return '[sealed contact data]';
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

export function isSealed(value: unknown): value is Sealed<unknown> {
  return value instanceof Sealed;
}
