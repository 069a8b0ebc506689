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
import { ContactScope } from './vocabulary.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class VaultError extends Error {
  override name = 'VaultError';
}

interface VaultKey {
  readonly id: string;
  readonly encryption: Buffer;
  /** Blinds whole requests for idempotency (registration): never stored beside a row. */
  readonly digest: Buffer;
  /** Keys the address book's per-borrower phone digests. */
  readonly phoneDigest: Buffer;
}

/** A stable, non-secret id for a key, stored beside each ciphertext so keys can be rotated. */
export function keyIdOf(key: Buffer): string {
  return 'k' + createHash('sha256').update(key).digest('hex').slice(0, 12);
}

function deriveKey(key: Buffer): VaultKey {
  if (key.length !== 32) throw new VaultError('CONTACT_DATA_KEY must be 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
  return {
    id: keyIdOf(key),
    encryption: derive('lending/contact-data/aes-256-gcm'),
    digest: derive('lending/contact-data/hmac-sha256'),
    phoneDigest: derive('lending/contact-data/address-book-phone/v2'),
  };
}

/** Which row a value is sealed for: all three are bound into its ciphertext. */
export interface SealTarget {
  readonly borrowerId: string;
  readonly scope: ContactScope;
  /** The row's primary key. */
  readonly rowId: string;
}

export interface SealedMaterial {
  readonly keyId: string;
  readonly ciphertext: string;
}

/**
 * Ciphertext formats. v1 (no prefix) bound the owner and scope only, so a
 * ciphertext moved to another row of the same borrower and scope opened
 * there; v2 (`v2:` prefix) binds the row id as well, and its associated data
 * names the version, so stripping the prefix does not turn a v2 value into a
 * v1 one. New values are always v2; v1 values still open until
 * `resealContactData` has upgraded them.
 */
export const SEAL_FORMAT = 'v2:';
/** Per-borrower phone digests carry a prefix too; unprefixed ones are v1 (one HMAC for all borrowers). */
export const PHONE_DIGEST_FORMAT = 'v2:';

/**
 * AES-256-GCM encryption of contact data under CONTACT_DATA_KEY, with a random
 * nonce per value and the owner, scope and row id as associated data (a
 * ciphertext moved to another row, of this borrower or another, does not
 * decrypt). Sealing is open to anyone; revealing needs a live capability
 * from the guard.
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

  seal(target: SealTarget, payload: object): SealedMaterial {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.encryption, nonce);
    cipher.setAAD(aadV2(target));
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return {
      keyId: this.#current.id,
      ciphertext:
        SEAL_FORMAT + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64'),
    };
  }

  reveal<T>(sealed: Sealed<T>, capability: RevealCapability): T {
    if (!RevealCapability.isLive(capability)) {
      throw new VaultError('reveal needs a live capability from the consent guard');
    }
    if (capability.borrowerId !== sealed.borrowerId || capability.scope !== sealed.scope) {
      throw new VaultError('capability does not cover this value');
    }
    return this.#open(sealed) as T;
  }

  /**
   * Whether a stored value should be sealed again: an older format, a key
   * other than the current one, or (address book) a digest of an older
   * format. A value keeps the key its digest was made with: both are written
   * together.
   */
  isOutdated(material: SealedMaterial, phoneDigest?: string): boolean {
    return (
      material.keyId !== this.#current.id ||
      !material.ciphertext.startsWith(SEAL_FORMAT) ||
      (phoneDigest !== undefined && !phoneDigest.startsWith(PHONE_DIGEST_FORMAT))
    );
  }

  /**
   * Opens a stored value and seals it again for the same row, under the
   * current key and format; for an address-book entry, also recomputes its
   * phone digest. The plaintext never leaves the vault, so this needs no
   * capability: it only ever answers ciphertext for the row it was given,
   * and a value that does not open for that row (moved, altered) throws.
   */
  reseal(sealed: Sealed<unknown>): SealedMaterial & { phoneDigest: string | null } {
    const payload = this.#open(sealed) as object;
    const target = { borrowerId: sealed.borrowerId, scope: sealed.scope, rowId: sealed.id };
    const phone =
      sealed.scope === ContactScope.ADDRESS_BOOK ? (payload as { phone?: unknown }).phone : null;
    if (sealed.scope === ContactScope.ADDRESS_BOOK && typeof phone !== 'string') {
      throw new VaultError('an address-book entry without a phone');
    }
    return {
      ...this.seal(target, payload),
      phoneDigest: typeof phone === 'string' ? this.phoneDigest(sealed.borrowerId, phone) : null,
    };
  }

  /**
   * The address book's deduplication key: an HMAC of the normalised phone
   * under a key derived for that purpose, over the borrower id as well, so
   * equal digests only ever mean "the same phone twice in one borrower's
   * book", never "the same phone in two borrowers' books".
   */
  phoneDigest(borrowerId: string, phone: string): string {
    return (
      PHONE_DIGEST_FORMAT +
      createHmac('sha256', this.#current.phoneDigest)
        .update(`${borrowerId}\0${phone}`, 'utf8')
        .digest('hex')
    );
  }

  /** Keyed digest for equality checks (idempotency) that must not expose the value. */
  digest(value: string): string {
    return createHmac('sha256', this.#current.digest).update(value, 'utf8').digest('hex');
  }

  #open(sealed: Sealed<unknown>): unknown {
    const { keyId, ciphertext } = Sealed.material(sealed);
    const key = this.#keys.get(keyId);
    if (!key) throw new VaultError(`no key ${keyId} in the vault`);
    const v2 = ciphertext.startsWith(SEAL_FORMAT);
    const raw = Buffer.from(v2 ? ciphertext.slice(SEAL_FORMAT.length) : ciphertext, 'base64');
    const aad = v2
      ? aadV2({ borrowerId: sealed.borrowerId, scope: sealed.scope, rowId: sealed.id })
      : aadV1(sealed.borrowerId, sealed.scope);
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        key.encryption,
        raw.subarray(0, NONCE_BYTES),
      );
      decipher.setAAD(aad);
      decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
      return JSON.parse(plain.toString('utf8'));
    } catch {
      // Fails closed, and names no value: the ciphertext was moved here, altered, or is not ours.
      throw new VaultError('contact data does not open for this row');
    }
  }
}

function aadV1(borrowerId: string, scope: ContactScope): Buffer {
  return Buffer.from(`${borrowerId}|${scope}`, 'utf8');
}

function aadV2({ borrowerId, scope, rowId }: SealTarget): Buffer {
  return Buffer.from(`lending/contact-data/v2\0${borrowerId}\0${scope}\0${rowId}`, 'utf8');
}
