import type { KafkaError } from '../errors/kafka-errors.js';
import type { RecordMetadata } from '../send/record.js';

/** `produce()`'s callback: `(null, metadata)` once delivered, `(error, null)` otherwise; called once, always asynchronously. */
export type DeliveryCallback = (error: KafkaError | null, metadata: RecordMetadata | null) => void;
type Resolve = (metadata: RecordMetadata) => void;

/** Collects the outcomes of a group of records by index: a sendBatch() call, or one burst of a writable stream. */
export interface RecordCollector {
  settle(index: number, error: KafkaError | null, metadata: RecordMetadata | null): void;
  /** A delivered record's place, as numbers: no metadata object is made for it unless the collector wants one. */
  delivered(index: number, topic: string, partition: number, offset: number, timestamp: number): void;
}
type Reject = (error: KafkaError) => void;

/** What waits for a slot's outcome. */
export const SlotKind = {
  Free: 0,
  /** send(): `handlers` holds the promise's resolve, `rejects` its reject. */
  Promise: 1,
  /** produce(): `handlers` holds the callback, or nothing. */
  Callback: 2,
  /** sendBatch() or a writable stream: `handlers` holds the group's collector, `batchIndexes` the record's index in it. */
  Batch: 3,
  /**
   * Already reported to the caller (its delivery deadline passed) but still held by librdkafka:
   * the slot id stays taken until librdkafka's own report, so no other record can receive it.
   */
  Detached: 4,
} as const;
export type SlotKind = (typeof SlotKind)[keyof typeof SlotKind];

const INITIAL_CAPACITY = 1024;
/** Ends the free list. */
const NO_SLOT = 0xffffffff;

/**
 * Outstanding records by slot id. The slot id travels through librdkafka as the
 * message's opaque pointer, so a delivery report finds its promise or callback by
 * index: no map lookup, no per-record native allocation. Numbers live in typed arrays
 * and a record's own bytes are not kept (librdkafka has its copy): a slot costs 13 bytes
 * (9 more in a batch), so a million queued records add ~15-25 MB, not their size again.
 */
export class SlotTable {
  kinds = new Uint8Array(INITIAL_CAPACITY);
  /** A live slot's topic id; a free slot's entry links to the next free slot instead. */
  topicIds = new Uint32Array(INITIAL_CAPACITY);
  /** Allocated on the first sendBatch(): per-record producers never pay for it. */
  batchIndexes = new Uint32Array(0);
  readonly handlers: Array<Resolve | DeliveryCallback | RecordCollector | undefined> = [];
  /** Only written for send() slots, so a produce()-only producer never grows it. */
  readonly rejects: Array<Reject | undefined> = [];
  /** The caller's original records, kept only while a diagnostics_channel subscriber wants them. */
  readonly retained = new Map<number, unknown>();
  private freeHead = NO_SLOT;
  /** Slots ever handed out; slots below it are either live or on the free list. */
  private issued = 0;
  inUse = 0;

  allocate(kind: SlotKind, topicId: number): number {
    let slot: number;
    if (this.freeHead !== NO_SLOT) {
      slot = this.freeHead;
      this.freeHead = this.topicIds[slot] as number;
    } else {
      if (this.issued === this.kinds.length) this.grow();
      slot = this.issued++;
    }
    if (kind === SlotKind.Batch && this.batchIndexes.length < this.kinds.length) {
      this.batchIndexes = grown(this.batchIndexes, new Uint32Array(this.kinds.length));
    }
    this.kinds[slot] = kind;
    this.topicIds[slot] = topicId;
    this.inUse++;
    return slot;
  }

  release(slot: number): void {
    const kind = this.kinds[slot];
    if (kind === SlotKind.Promise) this.rejects[slot] = undefined;
    if (this.handlers[slot] !== undefined) this.handlers[slot] = undefined;
    this.kinds[slot] = SlotKind.Free;
    if (this.retained.size > 0) this.retained.delete(slot);
    this.topicIds[slot] = this.freeHead;
    this.freeHead = slot;
    this.inUse--;
  }

  /** A slot whose record still waits for its outcome. */
  isLive(slot: number): boolean {
    if (slot >= this.issued) return false;
    const kind = this.kinds[slot];
    return kind !== SlotKind.Free && kind !== SlotKind.Detached;
  }

  /** Ends a live slot's outcome early but keeps its id taken until `releaseDetached`. */
  detach(slot: number): void {
    if (this.kinds[slot] === SlotKind.Promise) this.rejects[slot] = undefined;
    if (this.handlers[slot] !== undefined) this.handlers[slot] = undefined;
    if (this.retained.size > 0) this.retained.delete(slot);
    this.kinds[slot] = SlotKind.Detached;
    this.inUse--;
  }

  /** librdkafka's late report of a detached slot: its id may be reused now. Returns false for other slots. */
  releaseDetached(slot: number): boolean {
    if (slot >= this.issued || this.kinds[slot] !== SlotKind.Detached) return false;
    this.kinds[slot] = SlotKind.Free;
    this.topicIds[slot] = this.freeHead;
    this.freeHead = slot;
    return true;
  }

  /** Every slot still outstanding (for close). */
  liveSlots(): number[] {
    const live: number[] = [];
    for (let slot = 0; slot < this.issued; slot++) if (this.isLive(slot)) live.push(slot);
    return live;
  }

  private grow(): void {
    const capacity = this.kinds.length * 2;
    this.kinds = grown(this.kinds, new Uint8Array(capacity));
    this.topicIds = grown(this.topicIds, new Uint32Array(capacity));
    if (this.batchIndexes.length > 0) this.batchIndexes = grown(this.batchIndexes, new Uint32Array(capacity));
  }
}

function grown<T extends Uint8Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
