import type { PreparedRecord } from './record.js';
import type { SignalGroup } from './signal-groups.js';

/**
 * The rest of a batch (a sendBatch() call, a stream's burst) waiting as one entry: records
 * `slots[next..]` / `records[next..]`, handed over in order, as many per native call as fit.
 */
export interface WaitingRun {
  readonly slots: Uint32Array;
  readonly records: readonly PreparedRecord[];
  /** The first record of the run not handed over yet. */
  next: number;
}

/**
 * A record that could not be handed to librdkafka yet (queue full, or partition count unknown),
 * or a run of a batch's records (then `slot` and `record` are its first one's when it began waiting).
 */
export interface WaitingRecord {
  slot: number;
  record: PreparedRecord;
  /** Set when this entry stands for a run of records rather than one. */
  run: WaitingRun | undefined;
  /** Performance-clock time after which it fails as timed out: deliveryTimeoutMs after send(). */
  deadline: number;
  /** The AbortSignal's group this record belongs to, if it has a signal. */
  group: SignalGroup | undefined;
  /** Settled already (aborted or expired); skipped when reached. */
  done: boolean;
  /** Its serializer's promise has not settled: it keeps its place, and the records behind it wait. */
  serializing: boolean;
}

/**
 * First-in first-out queue of waiting records. Once one record waits, every later one
 * waits behind it, so records keep their send() order.
 */
export class WaitingQueue {
  private items: Array<WaitingRecord | undefined> = [];
  private head = 0;
  /** Entries ever pushed and ever shifted: a position in the queue that survives compaction. */
  private pushedTotal = 0;
  private shiftedTotal = 0;

  /** How many entries were ever pushed: the position right behind the newest entry. */
  get pushed(): number {
    return this.pushedTotal;
  }

  /** How many entries ever left the queue (handed over, failed or skipped as settled). */
  get shifted(): number {
    return this.shiftedTotal;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  push(entry: WaitingRecord): void {
    this.items.push(entry);
    this.pushedTotal++;
  }

  /** The first entry not yet settled, dropping settled ones on the way. */
  peek(): WaitingRecord | undefined {
    while (this.head < this.items.length) {
      const entry = this.items[this.head];
      if (entry !== undefined && !entry.done) return entry;
      this.shift();
    }
    return undefined;
  }

  shift(): WaitingRecord | undefined {
    const entry = this.items[this.head];
    if (this.head < this.items.length) this.shiftedTotal++;
    this.items[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return entry;
  }
}
