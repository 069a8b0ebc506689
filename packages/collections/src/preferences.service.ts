import { and, eq, inArray } from 'drizzle-orm';
import { getBorrower } from '@lending/borrowers';
import { withTransaction, type Db } from '@lending/db';
import { checkFreeText, err, ok, Role, type Clock, type Result } from '@lending/kernel';
import { CollectionsError } from './errors.js';
import { contactPreferencesTable } from './schema.js';
import { CONTACT_CHANNELS, type ContactChannel } from './vocabulary.js';

export interface ContactPreference {
  readonly channel: ContactChannel;
  readonly optedOut: boolean;
  readonly updatedAt: Date;
}

export const PREFERENCE_REASON_MAX_LENGTH = 500;

/** The channels a borrower has opted out of for collections. */
export async function optedOutChannels(db: Db, borrowerId: string): Promise<Set<ContactChannel>> {
  const rows = await db
    .select({ channel: contactPreferencesTable.channel })
    .from(contactPreferencesTable)
    .where(
      and(
        eq(contactPreferencesTable.borrowerId, borrowerId),
        eq(contactPreferencesTable.optedOut, true),
      ),
    );
  return new Set(rows.map((r) => r.channel as ContactChannel));
}

/**
 * Every channel's preference for each borrower: the recorded one, or opted
 * in since the borrower was registered (`since`).
 */
export async function listContactPreferences(
  db: Db,
  borrowers: readonly { id: string; createdAt: Date }[],
): Promise<Map<string, ContactPreference[]>> {
  const rows =
    borrowers.length === 0
      ? []
      : await db
          .select()
          .from(contactPreferencesTable)
          .where(
            inArray(
              contactPreferencesTable.borrowerId,
              borrowers.map((b) => b.id),
            ),
          );
  const result = new Map<string, ContactPreference[]>();
  for (const b of borrowers) {
    result.set(
      b.id,
      CONTACT_CHANNELS.map((channel) => {
        const row = rows.find((r) => r.borrowerId === b.id && r.channel === channel);
        return row
          ? { channel, optedOut: row.optedOut, updatedAt: row.updatedAt }
          : { channel, optedOut: false, updatedAt: b.createdAt };
      }),
    );
  }
  return result;
}

/**
 * A borrower opts a channel out of collections contact (or back in); OPS
 * may record it on their behalf, with the reason on record. Takes effect for
 * the next attempt checked and the next message sent.
 */
export async function setContactPreference(
  deps: { db: Db; clock: Clock },
  actor: { id: string; role: Role; borrowerId: string | null },
  input: { borrowerId: string; channel: ContactChannel; optedOut: boolean; reason: string | null },
): Promise<Result<ContactPreference[], CollectionsError>> {
  const reason = input.reason?.trim() || null;
  if (actor.role === Role.BORROWER && actor.borrowerId !== input.borrowerId) {
    return err(CollectionsError.NOT_YOUR_BORROWER, 'A borrower sets only their own preferences.', [
      'borrowerId',
    ]);
  }
  if (actor.role === Role.OPS && !reason) {
    return err(CollectionsError.INVALID_REASON, 'OPS records a preference with a reason.', [
      'reason',
    ]);
  }
  if (reason && reason.length > PREFERENCE_REASON_MAX_LENGTH) {
    return err(
      CollectionsError.INVALID_REASON,
      `The reason is at most ${PREFERENCE_REASON_MAX_LENGTH} characters.`,
      ['reason'],
    );
  }
  if (reason) {
    const clean = checkFreeText(reason, ['reason'], 'The reason');
    if (!clean.ok) return clean;
  }
  return withTransaction(deps.db, async (tx) => {
    const borrower = await getBorrower(tx, input.borrowerId);
    if (!borrower) {
      return err(CollectionsError.NOT_YOUR_BORROWER, 'No such borrower.', ['borrowerId']);
    }
    const now = deps.clock.now();
    const values = {
      optedOut: input.optedOut,
      updatedAt: now,
      updatedBy: actor.id,
      updatedByRole: actor.role,
      reason,
    };
    await tx
      .insert(contactPreferencesTable)
      .values({ borrowerId: input.borrowerId, channel: input.channel, ...values })
      .onConflictDoUpdate({
        target: [contactPreferencesTable.borrowerId, contactPreferencesTable.channel],
        set: values,
      });
    const all = await listContactPreferences(tx, [borrower]);
    return ok(all.get(borrower.id)!);
  });
}
