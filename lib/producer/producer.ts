import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';

import type { ProducerConfig } from '../config/options.js';
import { resolveConfig, type ResolvedConfig } from '../config/resolve.js';
import { BatchOutcome } from '../delivery/batch-outcome.js';
import { Outcomes, type DeliveryReport, type UndeliveredRecord } from '../delivery/outcomes.js';
import { ReportDrain } from '../delivery/report-drain.js';
import { SlotKind, type DeliveryCallback } from '../delivery/slot-table.js';
import { describe } from '../errors/describe-value.js';
import { ErrorCode } from '../errors/codes.js';
import {
  KafkaAbortError,
  KafkaArgumentError,
  KafkaClosedError,
  KafkaConfigError,
  KafkaError,
  KafkaRecordError,
  KafkaTimeoutError,
  withContext,
} from '../errors/kafka-errors.js';
import { NativeProducer } from '../native/binding.js';
import { ClientEvents, type ClientEventMap } from '../observability/client-events.js';
import { watchForExit } from '../observability/exit-warning.js';
import { MetricsTracker, type ProducerMetrics } from '../observability/metrics.js';
import { sendStartChannel } from '../observability/diagnostics.js';
import { addAnnouncedHeaders, refuseAnnounced, SendAnnouncer, type SendStartMessage } from '../observability/send-announcements.js';
import { redactSecrets } from '../security/redact.js';
import { HandOver } from '../send/hand-over.js';
import { discardPending, firstPending, PendingRecord, readyPart } from '../send/pending-record.js';
import { PendingSerializations } from '../send/pending-serialization.js';
import { prepareRecord, type PreparedRecord, type ProducerRecord, type RecordMetadata } from '../send/record.js';
import type { RawBytes, Serializer } from '../send/serializers.js';
import { TopicTable } from '../send/topic-table.js';
import { RecordWritable, type WritableContext } from '../stream/record-writable.js';
import { checkWritableOptions, type WritableOptions } from '../stream/writable-options.js';
import { asKafkaError, checkTimeout, DEFAULT_TIMEOUT_MS, signalOf, type CloseOptions, type FlushOptions, type SendOptions } from './arguments.js';
import { TransactionSteps, type OffsetsToCommit } from './transactions.js';

export type { CloseOptions, FlushOptions, SendOptions } from './arguments.js';
export type { DeliveryReport, UndeliveredRecord } from '../delivery/outcomes.js';

/** librdkafka's default `queue.buffering.max.messages`, when the producer does not set it. */
const DEFAULT_QUEUE_MAX_MESSAGES = 100_000;

/** How long close() waits for purged records' reports before failing them itself. */
const PURGE_GRACE_MS = 5_000;

type State = 'open' | 'closing' | 'closed' | 'failed';

/** The events a producer emits, with their listeners' arguments. */
export interface ProducerEvents extends ClientEventMap {
  /** Every record's outcome, exactly once, in batches: delivered, failed, refused, aborted, timed out or purged. */
  delivery: [reports: DeliveryReport[]];
}

/**
 * A Kafka producer. Records are buffered, batched, compressed and retried by
 * librdkafka's own threads; `send()` only hands them over and returns a promise of
 * where they landed.
 *
 * The class is a facade: records are checked and serialized here (send/record.ts), handed
 * over by HandOver (send/), and their outcomes come back through ReportDrain and Outcomes
 * (delivery/).
 *
 * @typeParam K the key type accepted (inferred from `keySerializer`)
 * @typeParam V the value type accepted (inferred from `valueSerializer`)
 */
export class Producer<K = RawBytes, V = RawBytes> extends EventEmitter<ProducerEvents> {
  readonly #native: NativeProducer;
  readonly #config: ResolvedConfig;
  readonly #clientId: string;
  readonly #keySerializer: Serializer<K> | undefined;
  readonly #valueSerializer: Serializer<V> | undefined;
  readonly #events: ClientEvents;
  readonly #topics: TopicTable;
  readonly #metrics = new MetricsTracker();
  readonly #outcomes: Outcomes;
  readonly #handOver: HandOver;
  /** Records whose serializer returned a promise. */
  readonly #pendingSerializations: PendingSerializations;
  readonly #reports: ReportDrain;
  readonly #transactions: TransactionSteps;
  /** Tells tracing tools about each call (ferrokafka:producer:send:start), only when one subscribes. */
  readonly #announcer: SendAnnouncer;
  #state: State = 'open';
  #fatalError: KafkaError | undefined;
  #closing: Promise<UndeliveredRecord[]> | undefined;
  /** Writable streams not yet ended or destroyed: close() destroys them. */
  readonly #streams = new Set<RecordWritable>();
  #streamContext: WritableContext | undefined;
  /** send()'s promise executor, shared: it hands resolve/reject over through these two fields. */
  #capturedResolve: ((metadata: RecordMetadata) => void) | undefined;
  #capturedReject: ((error: KafkaError) => void) | undefined;
  readonly #capture = (resolve: (metadata: RecordMetadata) => void, reject: (error: KafkaError) => void): void => {
    this.#capturedResolve = resolve;
    this.#capturedReject = reject;
  };

  constructor(config: ProducerConfig<K, V>) {
    super();
    this.#config = resolveConfig(config as ProducerConfig<unknown, unknown>);
    this.#clientId = config.clientId ?? 'rdkafka';
    this.#keySerializer = config.keySerializer;
    this.#valueSerializer = config.valueSerializer;
    try {
      this.#native = new NativeProducer(this.#config.pairs, () => this.#reports.drain());
    } catch (error) {
      throw new KafkaConfigError(redactSecrets((error as Error).message, this.#config.secrets));
    }
    const native = this.#native;
    const id = native.id;
    this.#topics = new TopicTable(native);
    this.#events = new ClientEvents(this, native, this.#config, this.#metrics, config.logger, (error) => this.#onFatal(error));
    this.#outcomes = new Outcomes({
      native,
      topics: this.#topics,
      metrics: this.#metrics,
      emitter: this,
      deliveryTimeoutMs: this.#config.deliveryTimeoutMs,
      onDelivered: () => this.#events.delivered(),
      isClosed: () => this.#state === 'closed',
    });
    this.#handOver = new HandOver(id, native, this.#config, this.#outcomes);
    this.#pendingSerializations = new PendingSerializations({
      outcomes: this.#outcomes,
      handOver: this.#handOver,
      assertOpen: () => this.#assertOpen(),
    });
    this.#reports = new ReportDrain({
      id,
      native,
      topics: this.#topics,
      outcomes: this.#outcomes,
      events: this.#events,
      pairs: this.#config.pairs,
      afterDrain: () => this.#handOver.pump(),
    });
    this.#announcer = new SendAnnouncer(this, this.#clientId, this.#config.pairs);
    this.#transactions = new TransactionSteps(native, (error) => this.#onFatal(error), this.#announcer.identity);
    watchForExit(this, this.#clientId, config.logger);
    // Events raised while librdkafka started (before the wakeup was armed) are picked up here.
    setImmediate(() => this.#reports.drain()).unref();
  }

  /**
   * Sends one record. Resolves with its partition and offset once the broker acknowledged
   * it (as `acks` requires), or rejects with a KafkaError. When librdkafka's queue is full
   * the record waits for room until its delivery timeout or until `signal` aborts it.
   *
   * A serializer that returns a promise is waited for: the record keeps its place in send order
   * (records sent after it wait behind it), and a rejected promise rejects this record only, with
   * a `KafkaSerializationError`. `signal` also aborts a record still serializing.
   */
  send(record: ProducerRecord<K, V>, options?: SendOptions): Promise<RecordMetadata> {
    let prepared: PreparedRecord | PendingRecord;
    let signal: AbortSignal | undefined;
    let announced: SendStartMessage | undefined;
    try {
      this.#assertOpen();
      signal = signalOf('send', options);
      if (sendStartChannel.hasSubscribers) announced = this.#announcer.announce('send', [record]);
      prepared = prepareRecord(record, this.#topics, this.#keySerializer, this.#valueSerializer);
      if (prepared instanceof PendingRecord) return this.#pendingSerializations.send(record, prepared, signal, announced);
      if (announced !== undefined) addAnnouncedHeaders(prepared, announced, 0);
      // A serializer may have closed the producer meanwhile.
      this.#assertOpen();
      if (signal?.aborted) throw new KafkaAbortError(signal.reason);
    } catch (error) {
      const failure = asKafkaError('send', error);
      if (announced !== undefined) refuseAnnounced(announced, failure);
      return Promise.reject(failure);
    }
    const outcomes = this.#outcomes;
    const slot = outcomes.allocate(SlotKind.Promise, prepared.topicId, record, announced);
    const promise = new Promise<RecordMetadata>(this.#capture);
    outcomes.slots.handlers[slot] = this.#capturedResolve;
    outcomes.slots.rejects[slot] = this.#capturedReject;
    this.#handOver.dispatch(slot, prepared, signal);
    return promise;
  }

  /**
   * Sends many records with one native call. Every record is validated and serialized
   * first: if one is invalid, nothing is sent and the error names its index. Resolves
   * with their metadata in order; if some fail, rejects with a KafkaError whose
   * `results` holds every record's outcome and `failed` the records to retry.
   *
   * Serializers that return promises all run at once; the batch keeps its place in send order and
   * is handed over, in order, once every one settled. If one rejects, nothing of the batch is sent:
   * the promise rejects with its `KafkaSerializationError`, naming its index, as for a serializer
   * that throws.
   */
  sendBatch(records: ReadonlyArray<ProducerRecord<K, V>>, options?: SendOptions): Promise<RecordMetadata[]> {
    let batch: Array<ProducerRecord<K, V>>;
    let prepared: Array<PreparedRecord | PendingRecord> | undefined;
    let signal: AbortSignal | undefined;
    let announced: SendStartMessage | undefined;
    try {
      this.#assertOpen();
      if (!Array.isArray(records)) throw new KafkaRecordError(`sendBatch takes an array of records; got ${describe(records)}`);
      signal = signalOf('sendBatch', options);
      // A snapshot (holes kept): a serializer that changes the caller's array cannot change the batch.
      batch = Array.prototype.slice.call(records) as Array<ProducerRecord<K, V>>;
      if (sendStartChannel.hasSubscribers) announced = this.#announcer.announce('sendBatch', batch);
      prepared = this.#prepareBatch(batch);
      if (announced !== undefined)
        for (let i = 0; i < prepared.length; i++) addAnnouncedHeaders(readyPart(prepared[i] as PreparedRecord | PendingRecord), announced, i);
      // A serializer may have closed the producer meanwhile: then nothing of the batch is sent.
      this.#assertOpen();
      if (signal?.aborted) throw new KafkaAbortError(signal.reason);
    } catch (error) {
      if (prepared !== undefined) discardPending(prepared);
      const failure = asKafkaError('sendBatch', error);
      if (announced !== undefined) refuseAnnounced(announced, failure);
      return Promise.reject(failure);
    }
    if (firstPending(prepared) >= 0) return this.#pendingSerializations.sendBatch(batch, prepared, signal, announced);
    return new Promise<RecordMetadata[]>((resolve, reject) => {
      const outcomes = this.#outcomes;
      const outcome = new BatchOutcome(batch, resolve, reject);
      const slots = new Uint32Array(prepared.length);
      for (let i = 0; i < prepared.length; i++) {
        const slot = outcomes.allocate(SlotKind.Batch, (prepared[i] as PreparedRecord).topicId, batch[i], announced);
        outcomes.slots.handlers[slot] = outcome;
        outcomes.slots.batchIndexes[slot] = i;
        slots[i] = slot;
      }
      this.#handOver.dispatchBatch(slots, prepared as PreparedRecord[], signal);
    });
  }

  /**
   * Fire-and-forget: enqueues the record and calls `callback` (if any) with its outcome,
   * always asynchronously. Invalid input throws synchronously; nothing is allocated for a promise.
   *
   * A serializer that returns a promise is accepted: the record keeps its place in send order and
   * is handed over once the promise settles; a rejected one is reported to `callback` (and the
   * 'delivery' listeners) as a `KafkaSerializationError`, not thrown.
   */
  produce(record: ProducerRecord<K, V>, callback?: DeliveryCallback): void {
    this.#assertOpen();
    if (callback !== undefined && typeof callback !== 'function') {
      throw new KafkaArgumentError(`produce: the callback must be a function; got ${describe(callback)}`);
    }
    const announced = sendStartChannel.hasSubscribers ? this.#announcer.announce('produce', [record]) : undefined;
    let prepared: PreparedRecord;
    try {
      const result = prepareRecord(record, this.#topics, this.#keySerializer, this.#valueSerializer);
      if (result instanceof PendingRecord) {
        this.#pendingSerializations.produce(record, result, callback, announced);
        return;
      }
      prepared = result;
      if (announced !== undefined) addAnnouncedHeaders(prepared, announced, 0);
      this.#assertOpen();
    } catch (error) {
      if (announced !== undefined) refuseAnnounced(announced, asKafkaError('produce', error));
      throw error;
    }
    const outcomes = this.#outcomes;
    const slot = outcomes.allocate(SlotKind.Callback, prepared.topicId, record, announced);
    if (callback !== undefined) outcomes.slots.handlers[slot] = callback;
    // A record refused right here is reported like any other: asynchronously. Restored, not
    // cleared: a produce() nested in a subscriber or partitioner must not end the outer one's deferral.
    const outer = outcomes.deferCallbacks;
    outcomes.deferCallbacks = true;
    try {
      this.#handOver.dispatch(slot, prepared, undefined);
    } finally {
      outcomes.deferCallbacks = outer;
    }
  }

  /**
   * A `Writable` in object mode that sends each chunk as a record: the bulk path for
   * `await pipeline(source, transform, producer.writable({ topic }))`. A chunk is
   * `{ key?, value, headers?, partition?, timestamp?, topic? }` (`topic` defaults to the option).
   * `write()` returns false once `highWaterMark` records are buffered or librdkafka's queue is
   * full, and `'drain'` follows when there is room. The stream finishes only when every record
   * written through it was acknowledged, and is destroyed with a `WritableFailure` (naming the
   * record) at the first record that fails; it then hands nothing more over. Destroying it
   * (or aborting `signal`) drops the records still waiting for queue room; records in flight
   * finish normally. Closing the producer hands over what was written to it, then destroys it
   * with a `KafkaClosedError` (an ended stream instead finishes once its records are acknowledged).
   * Throws a `KafkaArgumentError` for a bad option, `KafkaClosedError` once closed.
   */
  writable(options?: WritableOptions): RecordWritable {
    this.#assertOpen();
    const checked = checkWritableOptions(options, this.#queueCapacity());
    this.#streamContext ??= {
      prepare: (chunk, fallbackTopic) => this.#prepareChunk(chunk, fallbackTopic),
      outcomes: this.#outcomes,
      handOver: this.#handOver,
      pendingSerializations: this.#pendingSerializations,
      forget: (stream) => this.#streams.delete(stream),
      announce: (records, defaultTopic) => this.#announcer.announce('writable', records, defaultTopic),
    };
    const stream = new RecordWritable(this.#streamContext, checked);
    if (!stream.destroyed) this.#streams.add(stream);
    return stream;
  }

  /** Resolves when every outstanding record has been reported; rejects with KafkaTimeoutError after `timeoutMs`. */
  async flush(options: FlushOptions = {}): Promise<void> {
    const timeoutMs = checkTimeout('flush', options?.timeoutMs);
    if (this.#state === 'closed') throw new KafkaClosedError();
    if (this.#outcomes.pending === 0) return;
    // librdkafka's flush also makes it send queued batches now instead of lingering.
    this.#native.flush(timeoutMs).catch(() => undefined);
    // Records still serializing (or waiting for queue room) reach librdkafka after that: flush again then.
    const deadline = performance.now() + timeoutMs;
    this.#handOver.whenHandedOver(() => this.#flushNativeUntil(deadline));
    const idle = await this.#outcomes.waitIdle(timeoutMs);
    if (!idle) {
      const pending = this.#outcomes.pending;
      throw new KafkaTimeoutError(`flush timed out after ${timeoutMs} ms with ${pending} record(s) still pending`, pending);
    }
  }

  /** librdkafka's flush until `deadline` (performance clock), unless the time is up or the producer is released. */
  #flushNativeUntil(deadline: number): void {
    const left = Math.ceil(deadline - performance.now());
    if (left <= 0 || this.#state === 'closed') return;
    try {
      this.#native.flush(left).catch(() => undefined);
    } catch {
      // Released meanwhile (a fatal error or close()): nothing is left to flush.
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
    // Set first: a stream's write callback or 'drain' listener, run below, may call close() again.
    let shutDown!: (done: Promise<UndeliveredRecord[]>) => void;
    this.#closing = new Promise((resolve) => {
      shutDown = resolve;
    });
    this.#outcomes.startClosing();
    // Before records are refused: what was written to a stream before close() is flushed and reported like send()s.
    for (const stream of this.#streams) {
      stream.handOverBeforeClose(
        new KafkaClosedError(
          'the producer was closed while this writable stream was open; the records written before were handed over and close() reports them',
        ),
      );
    }
    this.#streams.clear();
    this.#state = 'closing';
    shutDown(this.#shutdown(timeoutMs));
    return this.#closing;
  }

  async #shutdown(timeoutMs: number): Promise<UndeliveredRecord[]> {
    try {
      await this.flush({ timeoutMs });
    } catch {
      // Timed out: what is left is purged below and reported.
    }
    const outcomes = this.#outcomes;
    if (outcomes.pending > 0) {
      this.#handOver.failWaiting(() => new KafkaClosedError('the producer was closed before this record could be sent; it was not sent'));
      this.#native.purge(true);
      await outcomes.waitIdle(PURGE_GRACE_MS);
      outcomes.failOutstanding();
    }
    this.#handOver.stop();
    outcomes.stop();
    this.#events.stop();
    this.#native.keepAlive(false);
    await this.#native.destroy();
    this.#state = 'closed';
    return outcomes.takeUndelivered();
  }

  /** Registers the transactional id with the coordinator and fences older instances. */
  async initTransactions(options: FlushOptions = {}): Promise<void> {
    return this.#transactions.init(checkTimeout('initTransactions', options?.timeoutMs, DEFAULT_TIMEOUT_MS * 2));
  }

  /** Starts a transaction (after `initTransactions()`); every record sent until commit or abort belongs to it. */
  beginTransaction(): void {
    this.#assertOpen();
    this.#transactions.begin();
  }

  /** Flushes, then commits: a read_committed consumer sees the transaction's records from now on. */
  async commitTransaction(options: FlushOptions = {}): Promise<void> {
    const timeoutMs = checkTimeout('commitTransaction', options?.timeoutMs, DEFAULT_TIMEOUT_MS * 2);
    // Records sent before commit but still serializing (or waiting for queue room) belong to this transaction.
    await this.#pendingSerializations.handedOver('commitTransaction', timeoutMs);
    return this.#transactions.commit(timeoutMs);
  }

  /**
   * Aborts: the transaction's records are never seen by read_committed consumers. Records sent
   * in it that are still serializing (or waiting for queue room) fail at once, not sent.
   */
  async abortTransaction(options: FlushOptions = {}): Promise<void> {
    const timeoutMs = checkTimeout('abortTransaction', options?.timeoutMs, DEFAULT_TIMEOUT_MS * 2);
    // Records still serializing (or waiting for queue room) belong to the aborted transaction: handed
    // over later, they would land in the next one.
    if (this.#config.transactional && this.#state === 'open') this.#handOver.failWaiting(abortedWithTransaction);
    return this.#transactions.abort(timeoutMs);
  }

  /** Commits a consumer group's offsets as part of the current transaction (consume-transform-produce). */
  async sendOffsetsToTransaction(offsets: OffsetsToCommit, options: FlushOptions = {}): Promise<void> {
    return this.#transactions.sendOffsets(offsets, checkTimeout('sendOffsetsToTransaction', options?.timeoutMs));
  }

  /** The Java producer's metrics, from the latest statistics interval. */
  metrics(): ProducerMetrics {
    this.#metrics.counters.payloadBytes = this.#native.payloadBytes;
    return this.#metrics.snapshot();
  }

  /** Records sent but not yet reported (including those waiting for queue room). */
  get pending(): number {
    return this.#outcomes.pending;
  }

  /** True until close() is called or a fatal error occurs. */
  get isOpen(): boolean {
    return this.#state === 'open';
  }

  /** What `util.inspect()` and `console.log()` show: client id, state and pending count, never the configuration (it holds secrets). */
  [inspect.custom](): string {
    // Never show the configuration: it may hold passwords and keys.
    return `Producer { clientId: ${JSON.stringify(this.#clientId)}, state: '${this.#state}', pending: ${this.pending} }`;
  }

  /** What `JSON.stringify()` shows: client id, state and pending count, never the configuration. */
  toJSON(): object {
    return { clientId: this.#clientId, state: this.#state, pending: this.pending };
  }

  /** Every record validated and serialized before any is sent; the error names the first bad one. */
  #prepareBatch(records: ReadonlyArray<ProducerRecord<K, V>>): Array<PreparedRecord | PendingRecord> {
    const prepared = new Array<PreparedRecord | PendingRecord>(records.length);
    for (let index = 0; index < records.length; index++) {
      try {
        if (!(index in records)) throw new KafkaRecordError('it is missing (a hole in a sparse array)');
        prepared[index] = prepareRecord(records[index] as ProducerRecord<K, V>, this.#topics, this.#keySerializer, this.#valueSerializer);
      } catch (error) {
        // Async serializers of the records before it already run: their outcomes are ignored.
        discardPending(prepared);
        throw withContext(
          error,
          `record ${index} of the batch: `,
          ' (no record of this batch was sent)',
          (message, cause) => new KafkaRecordError(message, cause),
        );
      }
    }
    return prepared;
  }

  /** A writable stream's chunk, checked and serialized like send()'s record. */
  #prepareChunk(chunk: unknown, fallbackTopic: string | undefined): PreparedRecord | PendingRecord {
    this.#assertOpen();
    if (fallbackTopic === undefined && chunk !== null && typeof chunk === 'object' && (chunk as { topic?: unknown }).topic === undefined) {
      throw new KafkaRecordError(
        'the record names no topic and the stream has none: give it one, or the stream a default (producer.writable({ topic }))',
      );
    }
    const prepared = prepareRecord(chunk as ProducerRecord<K, V>, this.#topics, this.#keySerializer, this.#valueSerializer, fallbackTopic);
    // A serializer may have closed the producer meanwhile.
    try {
      this.#assertOpen();
    } catch (error) {
      if (prepared instanceof PendingRecord) prepared.discard();
      throw error;
    }
    return prepared;
  }

  /** librdkafka's queue capacity in records (`queue.buffering.max.messages`). */
  #queueCapacity(): number {
    const pairs = this.#config.pairs;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === 'queue.buffering.max.messages') return Number(pairs[i + 1]);
    return DEFAULT_QUEUE_MAX_MESSAGES;
  }

  #assertOpen(): void {
    if (this.#state === 'open') return;
    if (this.#state === 'failed') {
      throw new KafkaClosedError(`the producer hit a fatal error and must be recreated: ${this.#fatalError?.message}`, this.#fatalError);
    }
    throw new KafkaClosedError();
  }

  #onFatal(error: KafkaError): void {
    if (this.#state !== 'open') return;
    this.#state = 'failed';
    this.#fatalError = error;
    this.#handOver.failWaiting(() => new KafkaClosedError(`the producer hit a fatal error: ${error.message}`, error));
  }
}

/** A record of an aborted transaction that had not reached librdkafka yet: it is never sent. */
function abortedWithTransaction(): KafkaError {
  return KafkaError.fromCode(ErrorCode.PURGE_QUEUE, {
    message: 'the transaction was aborted while this record was still serializing or waiting for queue room; it was not sent',
    persistence: 'not-persisted',
  });
}
