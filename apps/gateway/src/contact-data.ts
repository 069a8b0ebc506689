import { resealContactData, type ContactVault } from '@lending/consent';
import type { Db } from '@lending/db';
import type { Logger } from './logger.js';

/**
 * Before serving: contact data sealed by an older vault (without the row id
 * bound into the ciphertext, under a previous key, or with an address-book
 * digest shared across borrowers) is sealed again. Idempotent: after the
 * first start it is a scan that finds nothing.
 */
export async function upgradeContactData(
  db: Db,
  vault: ContactVault,
  logger: Logger,
): Promise<void> {
  const report = await resealContactData({ db, vault });
  const { unreadable, ...changed } = report;
  if (Object.values(changed).some((n) => n > 0)) {
    logger.info(changed, 'contact data sealed again under the current key and format');
  }
  if (unreadable > 0) {
    // Counts only: row ids and values stay out of the log. Every read of these rows fails.
    logger.warn({ unreadable }, 'contact data that does not open for its row was left as it is');
  }
}
