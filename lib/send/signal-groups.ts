import type { WaitingRecord } from './waiting-queue.js';

/** The waiting records that share one AbortSignal, behind one 'abort' listener. */
export interface SignalGroup {
  readonly signal: AbortSignal;
  readonly records: Set<WaitingRecord>;
  readonly onAbort: () => void;
}

/**
 * One 'abort' listener per signal, however many waiting records share it (a batch of
 * 10,000 records, or many send() calls with one request's signal): adding and removing a
 * record is O(1), and the listener goes once the last of them stops waiting.
 */
export class SignalGroups {
  private readonly groups = new Map<AbortSignal, SignalGroup>();

  /** `abort` receives each record still waiting when the signal fires, in send() order. */
  constructor(private readonly abort: (entry: WaitingRecord) => void) {}

  join(signal: AbortSignal, entry: WaitingRecord): SignalGroup {
    let group = this.groups.get(signal);
    if (group === undefined) {
      const records = new Set<WaitingRecord>();
      const onAbort = (): void => {
        this.groups.delete(signal);
        for (const waiting of records) if (!waiting.done) this.abort(waiting);
        records.clear();
      };
      group = { signal, records, onAbort };
      this.groups.set(signal, group);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    group.records.add(entry);
    return group;
  }

  /** The record stopped waiting (handed over, expired, failed): drop it, and the listener with the last one. */
  leave(entry: WaitingRecord): void {
    const group = entry.group;
    if (group === undefined) return;
    entry.group = undefined;
    group.records.delete(entry);
    if (group.records.size === 0 && this.groups.get(group.signal) === group) {
      this.groups.delete(group.signal);
      group.signal.removeEventListener('abort', group.onAbort);
    }
  }
}
