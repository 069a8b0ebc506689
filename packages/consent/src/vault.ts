import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { RevealCapability } from './capability.js';
import { Sealed } from './sealed.js';
import type { ContactScope } from './vocabulary.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class VaultError extends Error {
  override name = 'VaultError';
}

interface VaultKey {
  readonly id: string;
  readonly encryption: Buffer;
  readonly digest: Buffer;
}

/** A stable, non-secret id for a key, stored beside each ciphertext so keys can be rotated. */
export function keyIdOf(key: Buffer): string {
  return 'k' + createHash('sha256').update(key).digest('hex').slice(0, 12);
}

function deriveKey(key: Buffer): VaultKey {
  if (key.length !== 32) throw new VaultError('CONTACT_DATA_KEY must be 32 bytes');
  return {
    id: keyIdOf(key),
    encryption: Buffer.from(
      hkdfSync('sha256', key, Buffer.alloc(0), 'lending/contact-data/aes-256-gcm', 32),
    ),
    digest: Buffer.from(
      hkdfSync('sha256', key, Buffer.alloc(0), 'lending/contact-data/hmac-sha256', 32),
    ),
  };
}

/**
 * AES-256-GCM encryption of contact data under CONTACT_DATA_KEY, with a random
 * nonce per value and the owner and scope as associated data (a ciphertext
 * moved to another borrower's row does not decrypt). Sealing is open to
 * anyone; revealing needs a live capability from the guard.
 */
export class ContactVault {
  readonly #current: VaultKey;
  readonly #keys: ReadonlyMap<string, VaultKey>;

  /** `previous` keys still decrypt; new values are sealed under `current`. */
  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    this.#current = deriveKey(current);
    this.#keys = new Map([this.#current, ...previous.map(deriveKey)].map((k) => [k.id, k]));
  }

  get currentKeyId(): string {
    return this.#current.id;
  }

  seal(
    borrowerId: string,
    scope: ContactScope,
    payload: object,
  ): { keyId: string; ciphertext: string } {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.encryption, nonce);
    cipher.setAAD(aad(borrowerId, scope));
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return {
      keyId: this.#current.id,
      ciphertext: Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64'),
    };
  }

  reveal<T>(sealed: Sealed<T>, capability: RevealCapability): T {
    if (!RevealCapability.isLive(capability)) {
      throw new VaultError('reveal needs a live capability from the consent guard');
    }
    if (capability.borrowerId !== sealed.borrowerId || capability.scope !== sealed.scope) {
      throw new VaultError('capability does not cover this value');
    }
    const { keyId, ciphertext } = Sealed.material(sealed);
    const key = this.#keys.get(keyId);
    if (!key) throw new VaultError(`no key ${keyId} in the vault`);
    const raw = Buffer.from(ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key.encryption, raw.subarray(0, NONCE_BYTES));
    decipher.setAAD(aad(sealed.borrowerId, sealed.scope));
    decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as T;
  }

  /** Keyed digest for equality checks (deduplication, idempotency) that must not expose the value. */
  digest(value: string): string {
    return createHmac('sha256', this.#current.digest).update(value, 'utf8').digest('hex');
  }
}

function aad(borrowerId: string, scope: ContactScope): Buffer {
  return Buffer.from(`${borrowerId}|${scope}`, 'utf8');
}
