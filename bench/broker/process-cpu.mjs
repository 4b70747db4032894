// @ts-check
// CPU time a broker process has used so far (all its threads, user + system), from /proc: read
// around each run, it shows what the broker side cost per record (and whether it was the limit).
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux for every architecture here). */
const TICKS_PER_SECOND = 100;

/**
 * @param {number | undefined} pid
 * @returns {number | null} microseconds, or null without a local broker process (or /proc)
 */
export function processCpuUs(pid) {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
  } catch {
    return null;
  }
}
