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
import type { WaitingRecord, WaitingRun } from './waiting-queue.js';

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
  /** The last native call's refused records: (staged index, librdkafka code) pairs. */
  #refused: number[] | undefined;
  /** The last native call's own failure (the producer was gone): every staged record fails. */
  #produceError: Error | undefined;

  constructor(id: number, native: NativeProducer, config: ResolvedConfig, outcomes: Outcomes) {
    this.#id = id;
    this.#config = config;
    this.#native = native;
    this.#outcomes = outcomes;
    this.#stage = new StagingArea((entries, bytes) => hotStage(id, entries, bytes));
    this.#backpressure = new Backpressure(
      config.deliveryTimeoutMs,
      (slot, error, record) => outcomes.settle(slot, error, null, outcomes.sentIfClosing(record)),
      () => this.pump(),
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
    if (this.#config.customPartitioner !== undefined) {
      // Partitions chosen in JS: one record at a time.
      for (let i = 0; i < records.length; i++) {
        if (signal?.aborted === true) {
          this.#abortRest(slots, records, i, signal);
          return;
        }
        this.dispatch(slots[i] as number, records[i] as PreparedRecord, signal);
      }
      return;
    }
    if (signal?.aborted === true) {
      this.#abortRest(slots, records, 0, signal);
      return;
    }
    if (this.#backpressure.active) {
      // Order behind waiting records: the batch waits as one run.
      this.#backpressure.waitRun(slots, records, 0, signal);
      return;
    }
    const next = this.#produceRun(slots, records, 0, undefined, signal);
    if (next >= records.length) return;
    // A refused record's settlement aborted the batch (user code: TypeScript's narrowing above does not hold): the rest is not sent.
    if (signal !== undefined && isAborted(signal)) this.#abortRest(slots, records, next, signal);
    // The queue filled up: this record and the rest wait for room, in order, as one run.
    else this.#backpressure.waitRun(slots, records, next, signal);
  }

  // --- Async serializers (pending-serialization.ts): a record still serializing keeps its place in line.

  /** Lines up a record whose serializer has not finished: records sent after it wait behind it. */
  lineUp(slot: number, record: PreparedRecord, signal: AbortSignal | undefined): WaitingRecord {
    return this.#backpressure.wait(slot, record, signal, true);
  }

  /** A lined-up record's serialization finished: it goes as soon as the records before it went. */
  serialized(entry: WaitingRecord): void {
    this.#backpressure.serialized(entry);
    this.pump();
  }

  /** A lined-up record's serialization failed: it gets `error` as its outcome, and the line moves on. */
  failSerialization(entry: WaitingRecord, error: KafkaError): void {
    this.#backpressure.failSerialization(entry, error);
    this.pump();
  }

  // --- end of async serializers

  /** Moves waiting records into librdkafka while it has room. */
  pump(): void {
    if (this.#backpressure.active) {
      this.#backpressure.pump((entry) =>
        entry.run === undefined ? this.#tryProduce(entry.slot, entry.record, entry) : this.#tryProduceRun(entry, entry.run),
      );
    }
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
   * Hands `records[from..]` over in order, as many per native call as the staging area takes,
   * until the queue is full; returns the index of the first record not handed over (the length
   * when all were). `waiting`: the run's entry when the records waited (their deadline counts
   * from send()); its `next` is advanced before any refused record is settled (user code).
   */
  #produceRun(
    slots: Uint32Array,
    records: readonly PreparedRecord[],
    from: number,
    waiting: WaitingRecord | undefined,
    signal: AbortSignal | undefined,
  ): number {
    const stage = this.#stage;
    const count = records.length;
    let next = from;
    while (next < count) {
      stage.reset();
      let end = next;
      for (; end < count; end++) {
        const record = records[end] as PreparedRecord;
        if (!stage.add(record.topicId, record.partition, slots[end] as number, record.timestamp, record.key, record.value, record.headers)) break;
      }
      const first = next;
      const attempted = this.#produceStaged(end - next);
      next += attempted;
      if (waiting !== undefined) {
        (waiting.run as WaitingRun).next = next;
        this.#trackAccepted(slots, first, attempted, waiting.deadline);
      }
      this.#settleRefused(slots, records, first);
      // The queue filled up, or user code settling a refused record aborted the run.
      if (next < end || waiting?.done === true || signal?.aborted === true) return next;
    }
    return next;
  }

  /** Deadlines counted from send() for the records of a waiting run that librdkafka accepted. */
  #trackAccepted(slots: Uint32Array, first: number, attempted: number, deadline: number): void {
    if (deadline === Number.POSITIVE_INFINITY) return;
    const refused = this.#refused;
    for (let i = 0, r = 0; i < attempted; i++) {
      if (refused !== undefined && r < refused.length && refused[r] === i) {
        r += 2;
        continue;
      }
      this.#outcomes.trackDeadline(slots[first + i] as number, deadline);
    }
  }

  /** A waiting run: true once all of it was handed over (or it was settled meanwhile). */
  #tryProduceRun(entry: WaitingRecord, run: WaitingRun): boolean {
    return this.#produceRun(run.slots, run.records, run.next, entry, undefined) >= run.records.length || entry.done;
  }

  /**
   * One native call for the `count` staged records; returns how many it attempted (the rest
   * found the queue full). Those librdkafka refused are listed in `#refused` (staged index,
   * code) for `#settleRefused`, which must follow before anything else is staged.
   */
  #produceStaged(count: number): number {
    this.#refused = undefined;
    let attempted: number;
    try {
      attempted = hotProduce(this.#id, count);
    } catch (error) {
      this.#oneAccepted = false;
      this.#produceError = error as Error;
      return count;
    }
    // Read every result before settling any: a settled record's callback may produce again and reuse the stage.
    let refused: number[] | undefined;
    for (let i = 0; i < attempted; i++) {
      const code = this.#stage.resultOf(i);
      if (code !== 0) {
        refused ??= [];
        refused.push(i, code);
      }
    }
    this.#oneAccepted = attempted === 1 && refused === undefined;
    this.#refused = refused;
    return attempted;
  }

  /** Settles the records the last `#produceStaged` call refused; `first`: the index of its first record in `slots`/`records`. */
  #settleRefused(slots: ArrayLike<number>, records: readonly PreparedRecord[], first: number): void {
    const outcomes = this.#outcomes;
    const thrown = this.#produceError;
    if (thrown !== undefined) {
      this.#produceError = undefined;
      // The call itself failed (the producer is gone): every staged record fails.
      const count = this.#stage.count;
      for (let i = 0; i < count; i++) {
        outcomes.settle(slots[first + i] as number, new KafkaRecordError(thrown.message), null, outcomes.sentIfClosing(records[first + i]));
      }
      return;
    }
    const refused = this.#refused;
    if (refused === undefined) return;
    this.#refused = undefined;
    // After a fatal error librdkafka refuses every record, possibly before its error event reached JS.
    const fatalError = nativeFatalError(this.#native);
    for (let i = 0; i < refused.length; i += 2) {
      const at = first + (refused[i] as number);
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
    if (this.#produceStaged(1) !== 1) return false;
    if (waiting !== undefined && this.#oneAccepted) this.#outcomes.trackDeadline(slot, waiting.deadline);
    this.#settleRefused(this.#oneSlot, this.#oneRecord, 0);
    return true;
  }
}

/** Read through a call: a signal checked before running user code may have fired meanwhile. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}
