import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';

import { Backpressure } from '../send/backpressure.js';
import { BatchOutcome } from '../delivery/batch-outcome.js';
import { ClientEvents, type ClientEventMap } from '../observability/client-events.js';
import type { ProducerConfig } from '../config/options.js';
import { resolveConfig, type ResolvedConfig } from '../config/resolve.js';
import { describe } from '../errors/describe-value.js';
import { deliveryChannel, sendChannel } from '../observability/diagnostics.js';
import { ErrorCode } from '../errors/codes.js';
import {
  KafkaAbortError,
  KafkaArgumentError,
  KafkaClosedError,
  KafkaConfigError,
  KafkaError,
  KafkaRecordError,
  KafkaTimeoutError,
  messageOf,
  persistenceFromStatus,
  withContext,
} from '../errors/kafka-errors.js';
import { watchForExit } from '../observability/exit-warning.js';
import { HandedOverDeadlines } from '../delivery/handed-over-deadlines.js';
import { MetricsTracker, type ProducerMetrics } from '../observability/metrics.js';
import {
  FAILED_RECORDS_FLAG,
  hotDrain,
  hotProduce,
  hotStage,
  NativeProducer,
  REPORT_COUNT_MASK,
  REPORT_STRIDE,
  SIDE_EVENTS_FLAG,
  type FailedRecord,
} from '../native/binding.js';
import { PartitionCounts } from '../send/partition-counts.js';
import { prepareRecord, type PreparedRecord, type ProducerRecord, type RecordMetadata } from '../send/record.js';
import type { RawBytes, Serializer } from '../send/serializers.js';
import { sentFromFailed, sentFromPrepared, type SentRecord } from '../delivery/sent-record.js';
import { SlotKind, SlotTable, type DeliveryCallback } from '../delivery/slot-table.js';
import { StagingArea } from '../send/staging-area.js';
import { recordError, sizeOf } from '../errors/record-errors.js';
import { redactSecrets } from '../security/redact.js';
import { TopicTable } from '../send/topic-table.js';
import type { WaitingRecord } from '../send/waiting-queue.js';
import { TransactionSteps, type OffsetsToCommit } from './transactions.js';
import { rethrowLater } from '../errors/user-exceptions.js';

/**
 * Reports drained per native call. After each call the drain checks its time: past
 * DRAIN_BUDGET_MS it yields to the event loop and goes on in the next turn, so a flood of
 * reports (and the promise reactions they trigger) never holds the loop for long.
 */
const REPORT_CAPACITY = 1024;
const DRAIN_BUDGET_MS = 1;
const DEFAULT_TIMEOUT_MS = 30_000;
/** How long close() waits for purged records' reports before failing them itself. */
const PURGE_GRACE_MS = 5_000;

export interface SendOptions {
  /** Aborts the send while the record still waits for queue room; an aborted record is never sent. */
  signal?: AbortSignal;
}

export interface FlushOptions {
  /** Default 30000. */
  timeoutMs?: number;
}

export interface CloseOptions {
  /** Time to deliver outstanding records before the rest are purged. Default 30000. */
  timeoutMs?: number;
}

/** A record `close()` could not deliver, as it was sent (serialized), with the reason. */
export interface UndeliveredRecord {
  record: SentRecord;
  error: KafkaError;
}

/** One entry of the batched 'delivery' event. */
export interface DeliveryReport extends RecordMetadata {
  error: KafkaError | null;
}

type State = 'open' | 'closing' | 'closed' | 'failed';

export interface ProducerEvents extends ClientEventMap {
  delivery: [reports: DeliveryReport[]];
}

/**
 * A Kafka producer. Records are buffered, batched, compressed and retried by
 * librdkafka's own threads; `send()` only hands them over and returns a promise of
 * where they landed.
 *
 * @typeParam K the key type accepted (inferred from `keySerializer`)
 * @typeParam V the value type accepted (inferred from `valueSerializer`)
 */
export class Producer<K = RawBytes, V = RawBytes> extends EventEmitter<ProducerEvents> {
  readonly #native: NativeProducer;
  /** The native producer's id for the hot-path functions. */
  readonly #id: number;
  readonly #config: ResolvedConfig;
  readonly #clientId: string;
  readonly #keySerializer: Serializer<K> | undefined;
  readonly #valueSerializer: Serializer<V> | undefined;
  readonly #events: ClientEvents;
  readonly #slots = new SlotTable();
  readonly #topics: TopicTable;
  readonly #reports = new Float64Array(REPORT_CAPACITY * REPORT_STRIDE);
  readonly #stage: StagingArea;
  readonly #oneSlot = new Uint32Array(1);
  readonly #backpressure: Backpressure;
  readonly #metrics = new MetricsTracker();
  readonly #partitionCounts: PartitionCounts;
  readonly #transactions: TransactionSteps;
  #state: State = 'open';
  #fatalError: KafkaError | undefined;
  #closing: Promise<UndeliveredRecord[]> | undefined;
  #undelivered: UndeliveredRecord[] | undefined;
  /** send()'s promise executor, shared: it hands resolve/reject over through these two fields. */
  #capturedResolve: ((metadata: RecordMetadata) => void) | undefined;
  #capturedReject: ((error: KafkaError) => void) | undefined;
  readonly #capture = (resolve: (metadata: RecordMetadata) => void, reject: (error: KafkaError) => void): void => {
    this.#capturedResolve = resolve;
    this.#capturedReject = reject;
  };
  /** The one record of a per-record hand-over (preallocated: no array per record). */
  readonly #oneRecord: PreparedRecord[] = [];
  #idleWaiters: Array<() => void> = [];
  #drainScheduled = false;
  /** Records that waited for queue room: their deadline counts from send(), not from hand-over. */
  readonly #handedOver = new HandedOverDeadlines((slot) => this.#expireHandedOver(slot));
  /** Whether the last single-record hand-over was accepted by librdkafka (read before any settle). */
  #oneAccepted = false;
  /** Inside produce(): its callback must still be called asynchronously. */
  #inProduceCall = false;
  /** Inside the drain: 'delivery' reports are emitted once at its end. */
  #draining = false;
  /** Whether 'delivery' listeners exist, read once per drain rather than once per record. */
  #drainCollectsDelivery = false;
  #deliveryReports: DeliveryReport[] | undefined;
  #deliveryFlushScheduled = false;

  constructor(config: ProducerConfig<K, V>) {
    super();
    this.#config = resolveConfig(config as ProducerConfig<unknown, unknown>);
    this.#clientId = config.clientId ?? 'rdkafka';
    this.#keySerializer = config.keySerializer;
    this.#valueSerializer = config.valueSerializer;
    try {
      this.#native = new NativeProducer(this.#config.pairs, () => this.#drain());
    } catch (error) {
      throw new KafkaConfigError(redactSecrets((error as Error).message, this.#config.secrets));
    }
    this.#id = this.#native.id;
    this.#stage = new StagingArea((entries, bytes) => hotStage(this.#id, entries, bytes));
    this.#topics = new TopicTable(this.#native);
    this.#events = new ClientEvents(this, this.#native, this.#config, this.#metrics, config.logger, (error) => this.#onFatal(error));
    this.#backpressure = new Backpressure(this.#config.deliveryTimeoutMs, (slot, error, record) =>
      this.#settle(slot, error, null, this.#sentIfClosing(record)),
    );
    this.#partitionCounts = new PartitionCounts(this.#native, () => this.#pump());
    this.#transactions = new TransactionSteps(this.#native, (error) => this.#onFatal(error));
    watchForExit(this, this.#clientId, (message) => this.#events.log({ level: 4, facility: 'EXIT', message }));
    // Events raised while librdkafka started (before the wakeup was armed) are picked up here.
    setImmediate(() => this.#drain()).unref();
  }

  /**
   * Sends one record. Resolves with its partition and offset once the broker acknowledged
   * it (as `acks` requires), or rejects with a KafkaError. When librdkafka's queue is full
   * the record waits for room until its delivery timeout or until `signal` aborts it.
   */
  send(record: ProducerRecord<K, V>, options?: SendOptions): Promise<RecordMetadata> {
    let prepared: PreparedRecord;
    let signal: AbortSignal | undefined;
    try {
      this.#assertOpen();
      signal = signalOf('send', options);
      prepared = prepareRecord(record, this.#topics, this.#keySerializer, this.#valueSerializer);
      // A serializer may have closed the producer meanwhile.
      this.#assertOpen();
      if (signal?.aborted) throw new KafkaAbortError(signal.reason);
    } catch (error) {
      return Promise.reject(asKafkaError('send', error));
    }
    const slot = this.#allocate(SlotKind.Promise, prepared.topicId, record);
    const promise = new Promise<RecordMetadata>(this.#capture);
    this.#slots.handlers[slot] = this.#capturedResolve;
    this.#slots.rejects[slot] = this.#capturedReject;
    this.#dispatch(slot, prepared, signal);
    return promise;
  }

  /**
   * Sends many records with one native call. Every record is validated and serialized
   * first: if one is invalid, nothing is sent and the error names its index. Resolves
   * with their metadata in order; if some fail, rejects with a KafkaError whose
   * `results` holds every record's outcome.
   */
  sendBatch(records: ReadonlyArray<ProducerRecord<K, V>>, options?: SendOptions): Promise<RecordMetadata[]> {
    let batch: Array<ProducerRecord<K, V>>;
    let prepared: PreparedRecord[];
    let signal: AbortSignal | undefined;
    try {
      this.#assertOpen();
      if (!Array.isArray(records)) throw new KafkaRecordError(`sendBatch takes an array of records; got ${describe(records)}`);
      signal = signalOf('sendBatch', options);
      // A snapshot (holes kept): a serializer that changes the caller's array cannot change the batch.
      batch = Array.prototype.slice.call(records) as Array<ProducerRecord<K, V>>;
      prepared = this.#prepareBatch(batch);
      // A serializer may have closed the producer meanwhile: then nothing of the batch is sent.
      this.#assertOpen();
      if (signal?.aborted) throw new KafkaAbortError(signal.reason);
    } catch (error) {
      return Promise.reject(asKafkaError('sendBatch', error));
    }
    return new Promise<RecordMetadata[]>((resolve, reject) => {
      const outcome = new BatchOutcome(batch, resolve, reject);
      const slots = new Uint32Array(prepared.length);
      for (let i = 0; i < prepared.length; i++) {
        const slot = this.#allocate(SlotKind.Batch, (prepared[i] as PreparedRecord).topicId, batch[i]);
        this.#slots.handlers[slot] = outcome;
        this.#slots.batchIndexes[slot] = i;
        slots[i] = slot;
      }
      this.#dispatchBatch(slots, prepared, signal);
    });
  }

  /** Every record validated and serialized before any is sent; the error names the first bad one. */
  #prepareBatch(records: ReadonlyArray<ProducerRecord<K, V>>): PreparedRecord[] {
    const prepared = new Array<PreparedRecord>(records.length);
    for (let index = 0; index < records.length; index++) {
      try {
        if (!(index in records)) throw new KafkaRecordError('it is missing (a hole in a sparse array)');
        prepared[index] = prepareRecord(records[index] as ProducerRecord<K, V>, this.#topics, this.#keySerializer, this.#valueSerializer);
      } catch (error) {
        throw withContext(error, `record ${index} of the batch: `, ' (no record of this batch was sent)', (message, cause) => new KafkaRecordError(message, cause));
      }
    }
    return prepared;
  }

  /**
   * Fire-and-forget: enqueues the record and calls `callback` (if any) with its outcome.
   * Invalid input throws synchronously; nothing is allocated for a promise.
   */
  produce(record: ProducerRecord<K, V>, callback?: DeliveryCallback): void {
    this.#assertOpen();
    if (callback !== undefined && typeof callback !== 'function') {
      throw new KafkaArgumentError(`produce: the callback must be a function; got ${describe(callback)}`);
    }
    const prepared = prepareRecord(record, this.#topics, this.#keySerializer, this.#valueSerializer);
    this.#assertOpen();
    const slot = this.#allocate(SlotKind.Callback, prepared.topicId, record);
    if (callback !== undefined) this.#slots.handlers[slot] = callback;
    // A record refused right here is reported like any other: asynchronously.
    this.#inProduceCall = true;
    try {
      this.#dispatch(slot, prepared, undefined);
    } finally {
      this.#inProduceCall = false;
    }
  }

  /** Resolves when every outstanding record has been reported; rejects with KafkaTimeoutError after `timeoutMs`. */
  async flush(options: FlushOptions = {}): Promise<void> {
    const timeoutMs = checkTimeout('flush', options?.timeoutMs);
    if (this.#state === 'closed') throw new KafkaClosedError();
    if (this.#slots.inUse === 0) return;
    // librdkafka's flush also makes it send queued batches now instead of lingering.
    this.#native.flush(timeoutMs).catch(() => undefined);
    const idle = await this.#waitIdle(timeoutMs);
    if (!idle) {
      const pending = this.#slots.inUse;
      throw new KafkaTimeoutError(`flush timed out after ${timeoutMs} ms with ${pending} record(s) still pending`, pending);
    }
  }

  /**
   * Flushes for up to `timeoutMs`, then purges what is left, and releases the producer.
   * Resolves with every record that could not be delivered (each also got its own
   * rejection or callback): nothing is dropped silently. Calling it again returns the same promise.
   */
  close(options: CloseOptions = {}): Promise<UndeliveredRecord[]> {
    if (this.#closing !== undefined) return this.#closing;
    let timeoutMs: number;
    try {
      timeoutMs = checkTimeout('close', options?.timeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
    this.#state = 'closing';
    this.#undelivered = [];
    this.#closing = this.#shutdown(timeoutMs);
    return this.#closing;
  }

  async #shutdown(timeoutMs: number): Promise<UndeliveredRecord[]> {
    try {
      await this.flush({ timeoutMs });
    } catch {
      // Timed out: what is left is purged below and reported.
    }
    if (this.#slots.inUse > 0) {
      this.#backpressure.failAll(() => new KafkaClosedError('the producer was closed before this record could be sent; it was not sent'));
      this.#native.purge(true);
      await this.#waitIdle(PURGE_GRACE_MS);
      for (const slot of this.#slots.liveSlots()) {
        this.#settle(slot, KafkaError.fromCode(ErrorCode.DESTROY, { persistence: 'possibly-persisted' }), null);
      }
    }
    this.#backpressure.stop();
    this.#handedOver.stop();
    this.#events.stop();
    this.#native.keepAlive(false);
    await this.#native.destroy();
    this.#state = 'closed';
    const undelivered = this.#undelivered ?? [];
    this.#undelivered = undefined;
    return undelivered;
  }

  /** Registers the transactional id with the coordinator and fences older instances. */
  async initTransactions(options: FlushOptions = {}): Promise<void> {
    return this.#transactions.init(checkTimeout('initTransactions', options?.timeoutMs ?? DEFAULT_TIMEOUT_MS * 2));
  }

  beginTransaction(): void {
    this.#assertOpen();
    this.#transactions.begin();
  }

  /** Flushes, then commits: a read_committed consumer sees the transaction's records from now on. */
  async commitTransaction(options: FlushOptions = {}): Promise<void> {
    return this.#transactions.commit(checkTimeout('commitTransaction', options?.timeoutMs ?? DEFAULT_TIMEOUT_MS * 2));
  }

  /** Aborts: the transaction's records are never seen by read_committed consumers. */
  async abortTransaction(options: FlushOptions = {}): Promise<void> {
    return this.#transactions.abort(checkTimeout('abortTransaction', options?.timeoutMs ?? DEFAULT_TIMEOUT_MS * 2));
  }

  /** Commits a consumer group's offsets as part of the current transaction (consume-transform-produce). */
  async sendOffsetsToTransaction(offsets: OffsetsToCommit, options: FlushOptions = {}): Promise<void> {
    return this.#transactions.sendOffsets(offsets, checkTimeout('sendOffsetsToTransaction', options?.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  }

  /** The Java producer's metrics, from the latest statistics interval. */
  metrics(): ProducerMetrics {
    this.#metrics.counters.payloadBytes = this.#native.payloadBytes;
    return this.#metrics.snapshot();
  }

  /** Records sent but not yet reported (including those waiting for queue room). */
  get pending(): number {
    return this.#slots.inUse;
  }

  /** True until close() is called or a fatal error occurs. */
  get isOpen(): boolean {
    return this.#state === 'open';
  }

  [inspect.custom](): string {
    // Never show the configuration: it may hold passwords and keys.
    return `Producer { clientId: ${JSON.stringify(this.#clientId)}, state: '${this.#state}', pending: ${this.#slots.inUse} }`;
  }

  toJSON(): object {
    return { clientId: this.#clientId, state: this.#state, pending: this.#slots.inUse };
  }

  #assertOpen(): void {
    if (this.#state === 'open') return;
    if (this.#state === 'failed') {
      throw new KafkaClosedError(`the producer hit a fatal error and must be recreated: ${this.#fatalError?.message}`, this.#fatalError);
    }
    throw new KafkaClosedError();
  }

  /** Takes a slot; the first record in flight makes the producer hold the event loop open. */
  #allocate(kind: SlotKind, topicId: number, record: unknown): number {
    if (this.#slots.inUse === 0) this.#native.keepAlive(true);
    const slot = this.#slots.allocate(kind, topicId);
    if (sendChannel.hasSubscribers) sendChannel.publish({ record });
    // The original record is kept only for a delivery subscriber: otherwise librdkafka's copy is the only one.
    if (deliveryChannel.hasSubscribers) this.#slots.retained.set(slot, record);
    return slot;
  }

  /** Hands a record to librdkafka, or makes it wait behind earlier waiting records. */
  #dispatch(slot: number, record: PreparedRecord, signal: AbortSignal | undefined): void {
    if (!this.#backpressure.active && this.#tryProduce(slot, record)) return;
    this.#backpressure.wait(slot, record, signal);
  }

  /** Hands a whole batch to librdkafka, staged in shared memory: one native call per 1,024 records. */
  #dispatchBatch(slots: Uint32Array, records: PreparedRecord[], signal: AbortSignal | undefined): void {
    if (this.#backpressure.active || this.#config.customPartitioner !== undefined) {
      // Order behind waiting records, or partitions chosen in JS: one record at a time.
      for (let i = 0; i < records.length; i++) this.#dispatch(slots[i] as number, records[i] as PreparedRecord, signal);
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
      if (next < end) {
        // The queue filled up: this record and the rest wait for room, in order.
        for (let i = next; i < count; i++) this.#backpressure.wait(slots[i] as number, records[i] as PreparedRecord, signal);
        return;
      }
    }
  }

  /**
   * One native call for the `count` staged records starting at `slots[first]` / `records[first]`;
   * settles those librdkafka refused and returns how many it attempted (the rest found the queue full).
   */
  #handOver(slots: ArrayLike<number>, records: readonly PreparedRecord[], first: number, count: number): number {
    let attempted: number;
    try {
      attempted = hotProduce(this.#id, count);
    } catch (error) {
      this.#oneAccepted = false;
      for (let i = 0; i < count; i++) {
        this.#settle(slots[first + i] as number, new KafkaRecordError((error as Error).message), null, this.#sentIfClosing(records[first + i]));
      }
      return count;
    }
    // Read every result before settling any: a settled record's callback may produce again and reuse the stage.
    let refused: number[] | undefined;
    for (let i = 0; i < attempted; i++) {
      const code = this.#stage.resultOf(i);
      if (code !== 0) (refused ??= []).push(first + i, code);
    }
    this.#oneAccepted = attempted === 1 && refused === undefined;
    if (refused !== undefined) {
      for (let i = 0; i < refused.length; i += 2) {
        const at = refused[i] as number;
        const record = records[at] as PreparedRecord;
        const error = recordError(refused[i + 1] as number, {
          persistence: 'not-persisted',
          topic: record.topic,
          partition: record.partition,
          size: sizeOf(record),
          pairs: this.#config.pairs,
        });
        const where: RecordMetadata = { topic: record.topic, partition: record.partition, offset: -1, timestamp: -1 };
        this.#settle(slots[at] as number, error, where, this.#sentIfClosing(record));
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
      const count = this.#partitionCounts.get(record.topic);
      if (count === undefined) return false;
      if (typeof count !== 'number') {
        this.#settle(slot, count, null, this.#sentIfClosing(record));
        return true;
      }
      try {
        // Chosen once: a record that must wait again keeps its partition.
        record.partition = this.#partitionCounts.choose(custom, record, count);
      } catch (error) {
        this.#settle(slot, error as KafkaError, null, this.#sentIfClosing(record));
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
    if (waiting !== undefined && this.#oneAccepted) this.#handedOver.track(slot, waiting.deadline);
    return true;
  }

  /** A record that waited, then was handed over, and is still unreported at its deadline. */
  #expireHandedOver(slot: number): void {
    const error = KafkaError.fromCode(ErrorCode.MSG_TIMED_OUT, {
      message: `the record was not acknowledged within deliveryTimeoutMs (${this.#config.deliveryTimeoutMs} ms, counted from send() and including the time it waited for queue room); it may still be written`,
      persistence: 'possibly-persisted',
    });
    this.#settle(slot, error, null, undefined, true);
  }

  /** A record's bytes for close()'s undelivered list, built only while closing. */
  #sentIfClosing(record: PreparedRecord | undefined): SentRecord | undefined {
    return this.#undelivered === undefined || record === undefined ? undefined : sentFromPrepared(record);
  }

  /** Moves waiting records into librdkafka while it has room. */
  #pump(): void {
    this.#backpressure.pump((entry) => this.#tryProduce(entry.slot, entry.record, entry));
  }

  /** Called by the native wakeup (and re-scheduled by itself when capped). */
  #drain(): void {
    this.#drainScheduled = false;
    this.#draining = true;
    this.#drainCollectsDelivery = this.listenerCount('delivery') > 0;
    try {
      this.#drainReports();
    } finally {
      this.#draining = false;
      this.#emitDeliveryReports();
    }
    if (this.#backpressure.active) this.#pump();
  }

  #drainReports(): void {
    const started = performance.now();
    const reports = this.#reports;
    for (;;) {
      // While closing, librdkafka hands back the bytes of records it failed, for the undelivered list.
      const closing = this.#undelivered !== undefined;
      const result = hotDrain(this.#id, reports, closing ? 1 : 0);
      const count = result & REPORT_COUNT_MASK;
      const failed = (result & FAILED_RECORDS_FLAG) !== 0 ? this.#takeFailedRecords() : undefined;
      for (let i = 0, at = 0; i < count; i++, at += REPORT_STRIDE) {
        const slot = reports[at] as number;
        const code = reports[at + 1] as number;
        if (!this.#slots.isLive(slot)) {
          // A record already reported as timed out (see #expireHandedOver): its id is free now.
          this.#slots.releaseDetached(slot);
          continue;
        }
        const topic = this.#topics.nameOf(this.#slots.topicIds[slot] as number);
        const partition = reports[at + 2] as number;
        const error = code === 0 ? null : this.#deliveryError(code, reports[at + 5] as number, topic, partition);
        const metadata: RecordMetadata = {
          topic,
          partition,
          offset: reports[at + 3] as number,
          timestamp: reports[at + 4] as number,
        };
        const sent = error !== null && closing ? sentFromFailed(topic, metadata.partition, failed?.get(slot)) : undefined;
        this.#settle(slot, error, metadata, sent);
      }
      if ((result & SIDE_EVENTS_FLAG) !== 0) this.#events.handle(this.#native.takeSideEvents());
      if (count < REPORT_CAPACITY) break;
      if (performance.now() - started > DRAIN_BUDGET_MS) {
        this.#scheduleDrain();
        break;
      }
    }
  }

  /** Collects one record's outcome for 'delivery' listeners; emitted at the end of the drain or on the next tick. */
  #reportDelivery(topicId: number, metadata: RecordMetadata | null, error: KafkaError | null): void {
    const report: DeliveryReport =
      metadata === null ? { topic: this.#topics.nameOf(topicId), partition: -1, offset: -1, timestamp: -1, error } : { ...metadata, error };
    (this.#deliveryReports ??= []).push(report);
    if (this.#draining || this.#deliveryFlushScheduled) return;
    this.#deliveryFlushScheduled = true;
    process.nextTick(() => this.#emitDeliveryReports());
  }

  /** Calls every 'delivery' listener; one that throws does not keep the others (or the drain) from running. */
  #emitDeliveryReports(): void {
    this.#deliveryFlushScheduled = false;
    const reports = this.#deliveryReports;
    if (reports === undefined) return;
    this.#deliveryReports = undefined;
    for (const listener of this.rawListeners('delivery')) {
      try {
        (listener as (reports: DeliveryReport[]) => void).call(this, reports);
      } catch (thrown) {
        rethrowLater(thrown);
      }
    }
  }

  #takeFailedRecords(): Map<number, FailedRecord> {
    const bySlot = new Map<number, FailedRecord>();
    for (const record of this.#native.takeFailedRecords()) bySlot.set(record.slot, record);
    return bySlot;
  }

  /**
   * A record that timed out usually did so because of a client-level problem (a wrong
   * password, an untrusted certificate, brokers down): name it in the record's own error.
   */
  #deliveryError(code: number, status: number, topic: string, partition: number): KafkaError {
    return recordError(code, {
      persistence: persistenceFromStatus(status),
      topic,
      partition,
      pairs: this.#config.pairs,
      clientError: code === ErrorCode.MSG_TIMED_OUT ? this.#events.lastError : undefined,
    });
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    setImmediate(() => this.#drain());
  }

  /**
   * Gives a record its one outcome and frees its slot. `sent`: the record's bytes for close()'s
   * undelivered list (while closing; when unknown, the list names the topic only).
   */
  #settle(slot: number, error: KafkaError | null, metadata: RecordMetadata | null, sent?: SentRecord, detach = false): void {
    const slots = this.#slots;
    if (!slots.isLive(slot)) return;
    const kind = slots.kinds[slot] as SlotKind;
    const handler = slots.handlers[slot];
    const reject = kind === SlotKind.Promise ? slots.rejects[slot] : undefined;
    const batchIndex = kind === SlotKind.Batch ? (slots.batchIndexes[slot] as number) : 0;
    const topicId = slots.topicIds[slot] as number;
    const original = slots.retained.size > 0 ? slots.retained.get(slot) : undefined;
    if (this.#handedOver.size > 0) this.#handedOver.forget(slot);
    if (detach) slots.detach(slot);
    else slots.release(slot);
    if (error === null) {
      this.#metrics.counters.delivered++;
      this.#events.delivered();
    } else {
      this.#metrics.counters.failed++;
      this.#undelivered?.push({ record: sent ?? topicOnly(this.#topics.nameOf(topicId)), error });
    }
    if (deliveryChannel.hasSubscribers) deliveryChannel.publish({ record: original, metadata: error ? null : metadata, error });
    if (this.#draining ? this.#drainCollectsDelivery : this.#hasDeliveryListener()) this.#reportDelivery(topicId, metadata, error);
    switch (kind) {
      case SlotKind.Promise:
        if (error === null) (handler as (metadata: RecordMetadata) => void)(metadata as RecordMetadata);
        else reject?.(error);
        break;
      case SlotKind.Batch:
        (handler as BatchOutcome).settle(batchIndex, error, error ? null : metadata);
        break;
      default:
        if (handler === undefined) break;
        if (this.#inProduceCall) process.nextTick(callBack, handler as DeliveryCallback, error, error ? null : metadata);
        else callBack(handler as DeliveryCallback, error, error ? null : metadata);
    }
    if (slots.inUse === 0) this.#onIdle();
  }

  #hasDeliveryListener(): boolean {
    return this.listenerCount('delivery') > 0;
  }

  #onIdle(): void {
    if (this.#state !== 'closed') this.#native.keepAlive(false);
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves true once nothing is outstanding, or false after `timeoutMs`. */
  #waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.#slots.inUse === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.#idleWaiters = this.#idleWaiters.filter((waiter) => waiter !== onIdle);
        resolve(false);
      }, timeoutMs);
      const onIdle = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#idleWaiters.push(onIdle);
    });
  }

  #onFatal(error: KafkaError): void {
    if (this.#state !== 'open') return;
    this.#state = 'failed';
    this.#fatalError = error;
    this.#backpressure.failAll(() => new KafkaClosedError(`the producer hit a fatal error: ${error.message}`, error));
  }

}

/** Calls a produce() callback; one that throws must not stop the other records' reports. */
function callBack(callback: DeliveryCallback, error: KafkaError | null, metadata: RecordMetadata | null): void {
  try {
    callback(error, metadata);
  } catch (thrown) {
    rethrowLater(thrown);
  }
}

/** Anything thrown while a call is checked (a getter, a revoked Proxy) becomes a typed error. */
function asKafkaError(operation: string, error: unknown): KafkaError {
  return error instanceof KafkaError ? error : new KafkaArgumentError(`${operation}: ${messageOf(error)}`, error);
}

/** The AbortSignal of send()/sendBatch() options, checked: anything else would break the wait for room. */
function signalOf(operation: string, options: SendOptions | undefined): AbortSignal | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object') {
    throw new KafkaArgumentError(`${operation}: options must be an object such as { signal }; got ${describe(options)}`);
  }
  const signal: unknown = options.signal;
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) {
    throw new KafkaArgumentError(`${operation}: options.signal must be an AbortSignal (e.g. new AbortController().signal); got ${describe(signal)}`);
  }
  return signal;
}

/** An undelivered record whose bytes librdkafka never handed back (it did not report it after a purge). */
function topicOnly(topic: string): SentRecord {
  return { topic, partition: -1, key: null, value: null, headers: [] };
}

function checkTimeout(operation: string, timeoutMs: unknown): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw new KafkaArgumentError(`${operation}: timeoutMs must be a positive integer of milliseconds; got ${describe(timeoutMs)}`);
  }
  return timeoutMs;
}
