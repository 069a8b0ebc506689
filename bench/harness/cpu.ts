/**
 * CPU time spent by processes, read from /proc (Linux): what a run costs
 * whatever else the machine is doing. On a shared 2-core machine throughput
 * moves with the other load; the CPU seconds each side spends per operation
 * do not, so the benches print them beside the rates.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** User plus system CPU seconds of one process so far; 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving `database` (their process title names it). */
export function backendPids(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      // `postgres: [cluster: ]user database client state`, e.g. `postgres: 15/main: postgres test_1 127.0.0.1(5432) idle`.
      const match = /^postgres: (?:\S+: )?\S+ (\S+) /.exec(title);
      if (match?.[1] === database) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU seconds of `pids` between start() and the returned function's call. */
export function cpuMeter(pids: () => readonly number[]): { stop(): number } {
  const seen = new Map<number, number>();
  for (const pid of pids()) seen.set(pid, processCpuSeconds(pid));
  return {
    stop() {
      let total = 0;
      for (const pid of new Set([...seen.keys(), ...pids()])) {
        const now = processCpuSeconds(pid);
        // A process that exited meanwhile reads 0: its last share is lost, never negative.
        if (now > 0) total += now - (seen.get(pid) ?? 0);
      }
      return total;
    },
  };
}
