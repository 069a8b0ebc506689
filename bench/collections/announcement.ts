import type { Announcement } from '../harness/child.js';

/**
 * What harness/collections-gateway-server.ts announces on its first stdout
 * line and run.ts reads (here, not there: importing the server would start it).
 */
export interface QueueAnnouncement extends Announcement {
  readonly token: string;
  readonly collectorToken: string;
  readonly collectorId: string;
  readonly openCases: number;
  readonly resolvedCases: number;
  /** Open cases assigned to collectorId or to nobody: that collector's queue. */
  readonly visibleToCollector: number;
  readonly driver: string;
  /** Whether the what-if index QUEUE_INDEX_NULLS_FIRST was added. */
  readonly queueIndex: boolean;
}

export function isQueueAnnouncement(value: unknown): value is QueueAnnouncement {
  if (typeof value !== 'object' || value === null) return false;
  const get = (key: string): unknown => Reflect.get(value, key);
  return (
    typeof get('url') === 'string' &&
    typeof get('token') === 'string' &&
    typeof get('collectorToken') === 'string' &&
    typeof get('openCases') === 'number' &&
    typeof get('visibleToCollector') === 'number'
  );
}
