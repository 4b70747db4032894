import type { ResolvedConfig } from '../config/resolve.js';
import type { Outcomes } from '../delivery/outcomes.js';
import { KafkaAbortError, KafkaError, KafkaRecordError, messageOf } from '../errors/kafka-errors.js';
import { nativeFatalError } from '../errors/native-fatal-error.js';
import { recordError, sizeOf } from '../errors/record-errors.js';
import { hotProduce, hotStage, type NativeProducer } from '../native/binding.js';
import { Backpressure } from './backpressure.js';
import { PartitionCounts } from './partition-counts.js';
import type { PreparedRecord, RecordMetadata } from './record.js';
import { StagingArea } from './staging-area.js';
import type { WaitingRecord } from './waiting-queue.js';

/**
 * Hands prepared records to librdkafka: staged in shared memory, one native call per record or
 * per 1,024 records of a batch. When librdkafka's queue is full (or a custom partitioner still
 * waits for a partition count) records wait in JS, in send() order, and are pumped in as room
 * appears. A record librdkafka refuses on the spot gets its outcome through Outcomes.
 */
export class HandOver {
  readonly #id: number;
  readonly #config: ResolvedConfig;
  readonly #native: NativeProducer;
  readonly #outcomes: Outcomes;
  readonly #stage: StagingArea;
  readonly #backpressure: Backpressure;
  readonly #partitionCounts: PartitionCounts;
  /** The one record of a per-record hand-over (preallocated: no array per record). */
  readonly #oneSlot = new Uint32Array(1);
  readonly #oneRecord: PreparedRecord[] = [];
  /** Whether the last single-record hand-over was accepted by librdkafka (read before any settle). */
  #oneAccepted = false;

  constructor(id: number, native: NativeProducer, config: ResolvedConfig, outcomes: Outcomes) {
    this.#id = id;
    this.#config = config;
    this.#native = native;
    this.#outcomes = outcomes;
    this.#stage = new StagingArea((entries, bytes) => hotStage(id, entries, bytes));
    this.#backpressure = new Backpressure(config.deliveryTimeoutMs, (slot, error, record) =>
      outcomes.settle(slot, error, null, outcomes.sentIfClosing(record)),
    );
    this.#partitionCounts = new PartitionCounts(native, () => this.pump());
  }

  /** Hands a record to librdkafka, or makes it wait behind earlier waiting records. */
  dispatch(slot: number, record: PreparedRecord, signal: AbortSignal | undefined): void {
    if (!this.#backpressure.active && this.#tryProduce(slot, record)) return;
    this.#backpressure.wait(slot, record, signal);
  }

  /**
   * Hands a whole batch to librdkafka, staged in shared memory: one native call per 1,024 records.
   * A record refused on the spot is settled right away, and its settlement may abort `signal`
   * (a writable stream fails on it): the records not handed over yet are then aborted, not sent.
   */
  dispatchBatch(slots: Uint32Array, records: PreparedRecord[], signal: AbortSignal | undefined): void {
    if (this.#backpressure.active || this.#config.customPartitioner !== undefined) {
      // Order behind waiting records, or partitions chosen in JS: one record at a time.
      for (let i = 0; i < records.length; i++) {
        if (signal?.aborted === true) {
          this.#abortRest(slots, records, i, signal);
          return;
        }
        this.dispatch(slots[i] as number, records[i] as PreparedRecord, signal);
      }
      return;
    }
    const stage = this.#stage;
    const count = records.length;
    let next = 0;
    while (next < count) {
      stage.reset();
      let end = next;
      for (; end < count; end++) {
        const record = records[end] as PreparedRecord;
        if (!stage.add(record.topicId, record.partition, slots[end] as number, record.timestamp, record.key, record.value, record.headers)) break;
      }
      const attempted = this.#handOver(slots, records, next, end - next);
      next += attempted;
      if (signal?.aborted === true) {
        this.#abortRest(slots, records, next, signal);
        return;
      }
      if (next < end) {
        // The queue filled up: this record and the rest wait for room, in order.
        for (let i = next; i < count; i++) this.#backpressure.wait(slots[i] as number, records[i] as PreparedRecord, signal);
        return;
      }
    }
  }

  /** Moves waiting records into librdkafka while it has room. */
  pump(): void {
    if (this.#backpressure.active) this.#backpressure.pump((entry) => this.#tryProduce(entry.slot, entry.record, entry));
  }

  /**
   * Calls `wake` once every record waiting for queue room now has been handed over (or has
   * failed); returns false, without calling it, when nothing waits.
   */
  whenHandedOver(wake: () => void): boolean {
    return this.#backpressure.whenLeft(wake);
  }

  /** Fails every waiting record (close, fatal error); none of them was sent. */
  failWaiting(makeError: () => KafkaError): void {
    this.#backpressure.failAll(makeError);
  }

  stop(): void {
    this.#backpressure.stop();
  }

  /** The batch's records from `first` on were not handed over when `signal` fired: none of them is sent. */
  #abortRest(slots: Uint32Array, records: PreparedRecord[], first: number, signal: AbortSignal): void {
    const outcomes = this.#outcomes;
    for (let i = first; i < records.length; i++) {
      outcomes.settle(slots[i] as number, new KafkaAbortError(signal.reason), null, outcomes.sentIfClosing(records[i]));
    }
  }

  /**
   * One native call for the `count` staged records starting at `slots[first]` / `records[first]`;
   * settles those librdkafka refused and returns how many it attempted (the rest found the queue full).
   */
  #handOver(slots: ArrayLike<number>, records: readonly PreparedRecord[], first: number, count: number): number {
    const outcomes = this.#outcomes;
    let attempted: number;
    try {
      attempted = hotProduce(this.#id, count);
    } catch (error) {
      this.#oneAccepted = false;
      for (let i = 0; i < count; i++) {
        outcomes.settle(slots[first + i] as number, new KafkaRecordError((error as Error).message), null, outcomes.sentIfClosing(records[first + i]));
      }
      return count;
    }
    // Read every result before settling any: a settled record's callback may produce again and reuse the stage.
    let refused: number[] | undefined;
    for (let i = 0; i < attempted; i++) {
      const code = this.#stage.resultOf(i);
      if (code !== 0) {
        refused ??= [];
        refused.push(first + i, code);
      }
    }
    this.#oneAccepted = attempted === 1 && refused === undefined;
    if (refused !== undefined) {
      // After a fatal error librdkafka refuses every record, possibly before its error event reached JS.
      const fatalError = nativeFatalError(this.#native);
      for (let i = 0; i < refused.length; i += 2) {
        const at = refused[i] as number;
        const record = records[at] as PreparedRecord;
        const error = recordError(refused[i + 1] as number, {
          persistence: 'not-persisted',
          topic: record.topic,
          partition: record.partition,
          size: sizeOf(record),
          pairs: this.#config.pairs,
          fatalError,
        });
        const where: RecordMetadata = { topic: record.topic, partition: record.partition, offset: -1, timestamp: -1 };
        outcomes.settle(slots[at] as number, error, where, outcomes.sentIfClosing(record));
      }
    }
    return attempted;
  }

  /**
   * Returns false when the record must wait (queue full or partition count unknown).
   * `waiting`: for a record that waited, its entry (its delivery deadline counts from send()).
   */
  #tryProduce(slot: number, record: PreparedRecord, waiting?: WaitingRecord): boolean {
    const custom = this.#config.customPartitioner;
    if (record.partition < 0 && custom !== undefined) {
      const outcomes = this.#outcomes;
      const count = this.#partitionCounts.get(record.topic);
      if (count === undefined) return false;
      if (typeof count !== 'number') {
        outcomes.settle(slot, count, null, outcomes.sentIfClosing(record));
        return true;
      }
      try {
        // Chosen once: a record that must wait again keeps its partition.
        record.partition = this.#partitionCounts.choose(custom, record, count);
      } catch (error) {
        const failure = error instanceof KafkaError ? error : new KafkaRecordError(messageOf(error), error);
        outcomes.settle(slot, failure, null, outcomes.sentIfClosing(record));
        return true;
      }
      // The partitioner is user code: it may have aborted this very record (or closed the producer).
      if (waiting?.done === true) return true;
    }
    const stage = this.#stage;
    stage.reset();
    stage.add(record.topicId, record.partition, slot, record.timestamp, record.key, record.value, record.headers);
    this.#oneSlot[0] = slot;
    this.#oneRecord[0] = record;
    if (this.#handOver(this.#oneSlot, this.#oneRecord, 0, 1) !== 1) return false;
    if (waiting !== undefined && this.#oneAccepted) this.#outcomes.trackDeadline(slot, waiting.deadline);
    return true;
  }
}
