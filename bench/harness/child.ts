/**
 * What the two benchmark servers share: how they tell the runner where they
 * listen, and how they stop. Each runs in a child process of `run.ts`.
 */

/** The one JSON line a server prints on stdout once it accepts requests. */
export interface Announcement {
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>` when present. */
  readonly token?: string;
  /** Whatever else a server tells its runner (seeded ids, counts). */
  readonly [detail: string]: unknown;
}

/** Whether a parsed first line is an Announcement, for the runner. */
export function isAnnouncement(value: unknown): value is Announcement {
  return (
    typeof value === 'object' && value !== null && typeof Reflect.get(value, 'url') === 'string'
  );
}

export function announce(announcement: Announcement): void {
  process.stdout.write(`${JSON.stringify(announcement)}\n`);
}

/**
 * Stops when the runner closes our stdin (how it asks, and what happens when
 * it dies), or on SIGTERM or SIGINT (an interrupted run). Gives up after 5 s.
 */
export function stopWhenAsked(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      process.stderr.write('stop took over 5 s: exiting anyway\n');
      process.exit(1);
    }, 5_000).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: Apollo's own signal handler re-raises the signal once it
  // has stopped, which would kill the process mid-stop with no listener left.
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.stdin.once('end', shutdown);
  process.stdin.once('close', shutdown);
  process.stdin.resume();
}

export function failStart(what: string): (error: unknown) => never {
  return (error) => {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${what} failed to start: ${detail}\n`);
    process.exit(1);
  };
}
