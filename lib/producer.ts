import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';

import { Backpressure } from './backpressure.js';
import { BatchOutcome } from './batch-outcome.js';
import { ClientEvents, type ClientEventMap } from './client-events.js';
import type { ProducerConfig } from './config.js';
import { resolveConfig, type ResolvedConfig } from './config-builder.js';
import { deliveryChannel, sendChannel } from './diagnostics.js';
import { ErrorCode } from './error-codes.js';
import {
  KafkaAbortError,
  KafkaClosedError,
  KafkaConfigError,
  KafkaError,
  KafkaRecordError,
  KafkaTimeoutError,
  persistenceFromStatus,
} from './errors.js';
import { MetricsTracker, type ProducerMetrics } from './metrics.js';
import {
  hotDrain,
  hotProduce,
  NativeProducer,
  REPORT_COUNT_MASK,
  REPORT_STRIDE,
  SIDE_EVENTS_FLAG,
} from './native.js';
import { PartitionCounts } from './partition-counts.js';
import { prepareRecord, type PreparedRecord, type ProducerRecord, type RecordMetadata } from './record.js';
import type { RawBytes, Serializer } from './serializers.js';
import { SlotTable, type DeliveryCallback } from './slot-table.js';
import { redactSecrets } from './redact.js';
import { TopicTable } from './topic-table.js';
import { TransactionSteps, type OffsetsToCommit } from './transactions.js';

/** Reports drained per native call; the drain yields to the event loop after DRAIN_BUDGET_MS. */
const REPORT_CAPACITY = 4096;
const DRAIN_BUDGET_MS = 2;
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

/** A record `close()` could not deliver, with the reason. */
export interface UndeliveredRecord<K = unknown, V = unknown> {
  record: ProducerRecord<K, V>;
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
  readonly #backpressure: Backpressure;
  readonly #metrics = new MetricsTracker();
  readonly #partitionCounts: PartitionCounts;
  readonly #transactions: TransactionSteps;
  #state: State = 'open';
  #fatalError: KafkaError | undefined;
  #closing: Promise<UndeliveredRecord<K, V>[]> | undefined;
  #undelivered: UndeliveredRecord<K, V>[] | undefined;
  #idleWaiters: Array<() => void> = [];
  #drainScheduled = false;

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
    this.#topics = new TopicTable(this.#native);
    this.#events = new ClientEvents(this, this.#native, this.#config, this.#metrics, config.logger, (error) => this.#onFatal(error));
    this.#backpressure = new Backpressure(this.#config.deliveryTimeoutMs, (slot, error) => this.#settle(slot, error, null));
    this.#partitionCounts = new PartitionCounts(this.#native, () => this.#pump());
    this.#transactions = new TransactionSteps(this.#native, (error) => this.#onFatal(error));
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
    try {
      this.#assertOpen();
      prepared = prepareRecord(record, this.#topics, this.#keySerializer, this.#valueSerializer);
      if (options?.signal?.aborted) throw new KafkaAbortError(options.signal.reason);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<RecordMetadata>((resolve, reject) => {
      const slot = this.#allocate(prepared.topic, record);
      this.#slots.resolves[slot] = resolve;
      this.#slots.rejects[slot] = reject;
      this.#dispatch(slot, prepared, options?.signal);
    });
  }

  /**
   * Sends many records with one native call. Every record is validated and serialized
   * first: if one is invalid, nothing is sent and the error names its index. Resolves
   * with their metadata in order; if some fail, rejects with a KafkaError whose
   * `results` holds every record's outcome.
   */
  sendBatch(records: ReadonlyArray<ProducerRecord<K, V>>, options?: SendOptions): Promise<RecordMetadata[]> {
    let prepared: PreparedRecord[];
    try {
      this.#assertOpen();
      if (!Array.isArray(records)) throw new KafkaRecordError('sendBatch takes an array of records');
      prepared = records.map((record, index) => {
        try {
          return prepareRecord(record, this.#topics, this.#keySerializer, this.#valueSerializer);
        } catch (error) {
          (error as Error).message = `record ${index} of the batch: ${(error as Error).message} (no record of this batch was sent)`;
          throw error;
        }
      });
      if (options?.signal?.aborted) throw new KafkaAbortError(options.signal.reason);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<RecordMetadata[]>((resolve, reject) => {
      const outcome = new BatchOutcome(prepared.length, resolve, reject);
      const slots = new Uint32Array(prepared.length);
      for (let i = 0; i < prepared.length; i++) {
        const slot = this.#allocate((prepared[i] as PreparedRecord).topic, records[i]);
        this.#slots.batches[slot] = outcome;
        this.#slots.batchIndexes[slot] = i;
        slots[i] = slot;
      }
      this.#dispatchBatch(slots, prepared, options?.signal);
    });
  }

  /**
   * Fire-and-forget: enqueues the record and calls `callback` (if any) with its outcome.
   * Invalid input throws synchronously; nothing is allocated for a promise.
   */
  produce(record: ProducerRecord<K, V>, callback?: DeliveryCallback): void {
    this.#assertOpen();
    const prepared = prepareRecord(record, this.#topics, this.#keySerializer, this.#valueSerializer);
    const slot = this.#allocate(prepared.topic, record);
    this.#slots.callbacks[slot] = callback;
    this.#dispatch(slot, prepared, undefined);
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
  close(options: CloseOptions = {}): Promise<UndeliveredRecord<K, V>[]> {
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

  async #shutdown(timeoutMs: number): Promise<UndeliveredRecord<K, V>[]> {
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
    this.#native.keepAlive(false);
    await this.#native.destroy();
    this.#state = 'closed';
    const undelivered = this.#undelivered ?? [];
    this.#undelivered = undefined;
    return undelivered;
  }

  /** Registers the transactional id with the coordinator and fences older instances. */
  async initTransactions(options: FlushOptions = {}): Promise<void> {
    return this.#transactions.init(checkTimeout('initTransactions', options.timeoutMs ?? DEFAULT_TIMEOUT_MS * 2));
  }

  beginTransaction(): void {
    this.#assertOpen();
    this.#transactions.begin();
  }

  /** Flushes, then commits: a read_committed consumer sees the transaction's records from now on. */
  async commitTransaction(options: FlushOptions = {}): Promise<void> {
    return this.#transactions.commit(checkTimeout('commitTransaction', options.timeoutMs ?? DEFAULT_TIMEOUT_MS * 2));
  }

  /** Aborts: the transaction's records are never seen by read_committed consumers. */
  async abortTransaction(options: FlushOptions = {}): Promise<void> {
    return this.#transactions.abort(checkTimeout('abortTransaction', options.timeoutMs ?? DEFAULT_TIMEOUT_MS * 2));
  }

  /** Commits a consumer group's offsets as part of the current transaction (consume-transform-produce). */
  async sendOffsetsToTransaction(offsets: OffsetsToCommit, options: FlushOptions = {}): Promise<void> {
    return this.#transactions.sendOffsets(offsets, checkTimeout('sendOffsetsToTransaction', options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
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
  #allocate(topic: string, record: unknown): number {
    if (this.#slots.inUse === 0) this.#native.keepAlive(true);
    return this.#slots.allocate(topic, record);
  }

  /** Hands a record to librdkafka, or makes it wait behind earlier waiting records. */
  #dispatch(slot: number, record: PreparedRecord, signal: AbortSignal | undefined): void {
    if (sendChannel.hasSubscribers) sendChannel.publish({ record: this.#slots.records[slot] });
    if (!this.#backpressure.active && this.#tryProduce(slot, record)) return;
    this.#backpressure.wait(slot, record, signal);
  }

  /** Hands a whole batch to librdkafka in one native call. */
  #dispatchBatch(slots: Uint32Array, records: PreparedRecord[], signal: AbortSignal | undefined): void {
    if (this.#backpressure.active || this.#config.customPartitioner !== undefined) {
      // Order behind waiting records, or partitions chosen in JS: one record at a time.
      for (let i = 0; i < records.length; i++) this.#dispatch(slots[i] as number, records[i] as PreparedRecord, signal);
      return;
    }
    const count = records.length;
    const topicIds = new Uint32Array(count);
    const partitions = new Int32Array(count);
    const timestamps = new Float64Array(count);
    const keys = new Array<Uint8Array | null>(count);
    const values = new Array<Uint8Array | null>(count);
    let headers: Array<Buffer | null> | null = null;
    for (let i = 0; i < count; i++) {
      const record = records[i] as PreparedRecord;
      if (sendChannel.hasSubscribers) sendChannel.publish({ record: this.#slots.records[slots[i] as number] });
      topicIds[i] = record.topicId;
      partitions[i] = record.partition;
      timestamps[i] = record.timestamp;
      keys[i] = typeof record.key === 'string' ? Buffer.from(record.key) : record.key;
      values[i] = typeof record.value === 'string' ? Buffer.from(record.value) : record.value;
      if (record.headers !== undefined) (headers ??= new Array<Buffer | null>(count).fill(null))[i] = record.headers;
    }
    const results = new Int32Array(count);
    const attempted = this.#native.produceBatch(topicIds, partitions, keys, values, slots, timestamps, headers, results);
    for (let i = 0; i < attempted; i++) {
      const code = results[i] as number;
      if (code !== 0) this.#settle(slots[i] as number, KafkaError.fromCode(code, { persistence: 'not-persisted' }), null);
    }
    // The queue filled up at record `attempted`: it and the rest wait for room, in order.
    for (let i = attempted; i < count; i++) this.#backpressure.wait(slots[i] as number, records[i] as PreparedRecord, signal);
  }

  /** Returns false when the record must wait (queue full or partition count unknown). */
  #tryProduce(slot: number, record: PreparedRecord): boolean {
    let partition = record.partition;
    const custom = this.#config.customPartitioner;
    if (partition < 0 && custom !== undefined) {
      const count = this.#partitionCounts.get(record.topic);
      if (count === undefined) return false;
      if (typeof count !== 'number') {
        this.#settle(slot, count, null);
        return true;
      }
      try {
        partition = this.#partitionCounts.choose(custom, record, count);
      } catch (error) {
        this.#settle(slot, error as KafkaError, null);
        return true;
      }
    }
    let code: number;
    try {
      code = hotProduce(this.#id, record.topicId, partition, record.key, record.value, slot, record.timestamp, record.headers);
    } catch (error) {
      this.#settle(slot, new KafkaRecordError((error as Error).message), null);
      return true;
    }
    if (code === 0) return true;
    if (code === ErrorCode.QUEUE_FULL) return false;
    this.#settle(slot, KafkaError.fromCode(code, { persistence: 'not-persisted' }), null);
    return true;
  }

  /** Moves waiting records into librdkafka while it has room. */
  #pump(): void {
    this.#backpressure.pump((slot, record) => this.#tryProduce(slot, record));
  }

  /** Called by the native wakeup (and re-scheduled by itself when capped). */
  #drain(): void {
    this.#drainScheduled = false;
    const started = performance.now();
    const reports = this.#reports;
    const collect = this.listenerCount('delivery') > 0 ? ([] as DeliveryReport[]) : undefined;
    for (;;) {
      const result = hotDrain(this.#id, reports);
      const count = result & REPORT_COUNT_MASK;
      for (let i = 0, at = 0; i < count; i++, at += REPORT_STRIDE) {
        const slot = reports[at] as number;
        const code = reports[at + 1] as number;
        const topic = this.#slots.topics[slot];
        if (topic === undefined) continue;
        const error = code === 0 ? null : this.#deliveryError(code, reports[at + 5] as number);
        const metadata: RecordMetadata = {
          topic,
          partition: reports[at + 2] as number,
          offset: reports[at + 3] as number,
          timestamp: reports[at + 4] as number,
        };
        if (collect !== undefined) collect.push({ ...metadata, error });
        this.#settle(slot, error, metadata);
      }
      if ((result & SIDE_EVENTS_FLAG) !== 0) this.#events.handle(this.#native.takeSideEvents());
      if (count < REPORT_CAPACITY) break;
      if (performance.now() - started > DRAIN_BUDGET_MS) {
        this.#scheduleDrain();
        break;
      }
    }
    if (collect !== undefined && collect.length > 0) this.emit('delivery', collect);
    if (this.#backpressure.active) this.#pump();
  }

  /**
   * A record that timed out usually did so because of a client-level problem (a wrong
   * password, an untrusted certificate, brokers down): name it in the record's own error.
   */
  #deliveryError(code: number, status: number): KafkaError {
    const persistence = persistenceFromStatus(status);
    const last = this.#events.lastError;
    if (code !== ErrorCode.MSG_TIMED_OUT || last === undefined) return KafkaError.fromCode(code, { persistence });
    const base = KafkaError.fromCode(code);
    return KafkaError.fromCode(code, {
      persistence,
      message: `${base.message}; the last client error was ${last.type}: ${last.message}`,
      cause: last,
    });
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    setImmediate(() => this.#drain());
  }

  /** Gives a record its one outcome and frees its slot. */
  #settle(slot: number, error: KafkaError | null, metadata: RecordMetadata | null): void {
    if (!this.#slots.isLive(slot)) return;
    const resolve = this.#slots.resolves[slot];
    const reject = this.#slots.rejects[slot];
    const callback = this.#slots.callbacks[slot];
    const batch = this.#slots.batches[slot];
    const batchIndex = this.#slots.batchIndexes[slot] as number;
    const record = this.#slots.records[slot] as ProducerRecord<K, V>;
    this.#slots.release(slot);
    if (error === null) {
      this.#metrics.counters.delivered++;
      this.#events.lastError = undefined;
    } else {
      this.#metrics.counters.failed++;
      this.#undelivered?.push({ record, error });
    }
    if (deliveryChannel.hasSubscribers) deliveryChannel.publish({ record, metadata: error ? null : metadata, error });
    if (error === null) resolve?.(metadata as RecordMetadata);
    else reject?.(error);
    batch?.settle(batchIndex, error, error ? null : metadata);
    if (callback !== undefined) {
      try {
        callback(error, error ? null : metadata);
      } catch (thrown) {
        // A throwing callback must not stop the other records' reports: rethrow it on its own tick.
        process.nextTick(() => {
          throw thrown;
        });
      }
    }
    if (this.#slots.inUse === 0) this.#onIdle();
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

function checkTimeout(operation: string, timeoutMs: unknown): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw new KafkaError({
      code: ErrorCode.INVALID_ARG,
      type: 'INVALID_ARG',
      message: `${operation}: timeoutMs must be a positive integer of milliseconds; got ${String(timeoutMs)}`,
      retriable: false,
    });
  }
  return timeoutMs;
}
