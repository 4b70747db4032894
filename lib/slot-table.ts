import type { BatchOutcome } from './batch-outcome.js';
import type { KafkaError } from './errors.js';
import type { RecordMetadata } from './record.js';

export type DeliveryCallback = (error: KafkaError | null, metadata: RecordMetadata | null) => void;

/**
 * Outstanding records by slot id. The slot id travels through librdkafka as the
 * message's opaque pointer, so a delivery report finds its promise or callback by
 * index: no map lookup, no per-record native allocation.
 */
export class SlotTable {
  readonly resolves: Array<((metadata: RecordMetadata) => void) | undefined> = [];
  readonly rejects: Array<((error: KafkaError) => void) | undefined> = [];
  readonly callbacks: Array<DeliveryCallback | undefined> = [];
  /** For records of a sendBatch() call: the batch's collector and the record's index in it. */
  readonly batches: Array<BatchOutcome | undefined> = [];
  readonly batchIndexes: number[] = [];
  readonly topics: Array<string | undefined> = [];
  /** The caller's original record, kept to report it if it cannot be delivered. */
  readonly records: unknown[] = [];
  private readonly free: number[] = [];
  inUse = 0;

  allocate(topic: string, record: unknown): number {
    const slot = this.free.length > 0 ? (this.free.pop() as number) : this.topics.length;
    this.topics[slot] = topic;
    this.records[slot] = record;
    this.inUse++;
    return slot;
  }

  release(slot: number): void {
    this.resolves[slot] = undefined;
    this.rejects[slot] = undefined;
    this.callbacks[slot] = undefined;
    this.batches[slot] = undefined;
    this.topics[slot] = undefined;
    this.records[slot] = undefined;
    this.free.push(slot);
    this.inUse--;
  }

  isLive(slot: number): boolean {
    return this.topics[slot] !== undefined;
  }

  /** Every slot still outstanding (for close). */
  liveSlots(): number[] {
    const live: number[] = [];
    for (let slot = 0; slot < this.topics.length; slot++) if (this.topics[slot] !== undefined) live.push(slot);
    return live;
  }
}
