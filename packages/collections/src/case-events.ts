import { getBusinessDate, type Db } from '@lending/db';
import { newId } from '@lending/kernel';
import type { CaseEvent } from './events.js';
import { collectionCaseEventsTable } from './schema.js';

export interface CaseActor {
  readonly id: string;
  readonly role: string;
}

/** Records what an actor did to a case, in the caller's transaction. */
export async function recordCaseEvent(
  tx: Db,
  event: {
    readonly caseId: string;
    readonly borrowerId: string;
    readonly kind: CaseEvent;
    readonly actor: CaseActor;
    readonly at: Date;
    readonly reason?: string | null;
    readonly details?: Record<string, string | number | boolean | null>;
  },
): Promise<void> {
  await tx.insert(collectionCaseEventsTable).values({
    id: newId(),
    caseId: event.caseId,
    borrowerId: event.borrowerId,
    kind: event.kind,
    actorId: event.actor.id,
    actorRole: event.actor.role,
    at: event.at,
    businessDate: await getBusinessDate(tx),
    reason: event.reason ?? null,
    details: event.details ?? null,
  });
}
