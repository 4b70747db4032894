import { Writable } from 'node:stream';

import type { Outcomes } from '../delivery/outcomes.js';
import { SlotKind } from '../delivery/slot-table.js';
import { KafkaAbortError, KafkaError, KafkaRecordError, withContext } from '../errors/kafka-errors.js';
import { sendStartChannel } from '../observability/diagnostics.js';
import { addAnnouncedHeaders, refuseAnnounced, type SendStartMessage } from '../observability/send-announcements.js';
import type { HandOver } from '../send/hand-over.js';
import { PendingRecord, readyPart } from '../send/pending-record.js';
import type { PendingSerializations } from '../send/pending-serialization.js';
import type { PreparedRecord, ProducerRecord } from '../send/record.js';
import { BurstOutcome, type RecordSettled } from './burst-outcome.js';
import { unwatchAbort, watchAbort } from './shared-abort.js';
import type { CheckedWritableOptions } from './writable-options.js';

/** A chunk of `producer.writable()`: a record whose topic defaults to the stream's `topic` option. */
export type WritableRecord<K = unknown, V = unknown> = Omit<ProducerRecord<K, V>, 'topic'> & {
  /** The record's own topic; default: the stream's `topic` option. */
  topic?: string | undefined;
};

/** The error a writable stream is destroyed with when one of its records failed. */
export interface WritableFailure extends KafkaError {
  /** The caller's own chunk that failed, as written. */
  readonly record: unknown;
  /** Its position in the stream: how many records were written through the stream before it. */
  readonly position: number;
}

/** What a writable stream needs of its producer. */
export interface WritableContext {
  /** Checks and serializes a chunk; throws a typed error (a closed producer included). */
  prepare(chunk: unknown, fallbackTopic: string | undefined): PreparedRecord | PendingRecord;
  outcomes: Outcomes;
  handOver: HandOver;
  /** Announces a burst's records to tracing tools (called only when one subscribes to ferrokafka:producer:send:start). */
  announce(records: unknown[], defaultTopic: string | undefined): SendStartMessage;
  /** Where chunks whose serializer returned a promise go. */
  pendingSerializations: PendingSerializations;
  /** The stream ended or was destroyed: the producer stops tracking it. */
  forget(stream: RecordWritable): void;
}

type WriteCallback = (error?: Error | null) => void;

/**
 * The `Writable` of `producer.writable()`, in object mode: each chunk is a record.
 *
 * - Bursts: the chunks Node buffered while a write was in progress arrive together in `_writev`
 *   and are handed to librdkafka as one staged batch (one native call per 1,024 records), with
 *   one outcome collector per burst and no promise per record: sendBatch()'s path.
 * - Backpressure: a write completes on the next tick, so chunks written in the same tick form
 *   one burst; when librdkafka's queue is full it completes only once the burst's last record
 *   was handed over. Until then Node buffers at most `highWaterMark` chunks, `write()` returns
 *   false and `'drain'` follows: nothing queues in JS without bound.
 * - End: `final` waits until every record written through this stream was acknowledged (this
 *   stream's own count, not a producer-wide flush), so `await pipeline(...)` means "all written".
 * - Failure: the first record that fails (invalid, refused by librdkafka, or not acknowledged)
 *   destroys the stream with a `WritableFailure` naming it; nothing is handed over after that.
 *   Records handed over before (in flight, or in the same native call) finish normally; every
 *   record's outcome still reaches the producer's 'delivery' listeners, once.
 * - Destroy (pipeline abort, `signal`): records still waiting for queue room are not sent
 *   (their outcome is a KafkaAbortError); records in flight finish normally. Chunks still in
 *   Node's own buffer never reach the producer (their write callbacks get Node's error).
 * - Producer closed: the records written before `close()` are handed over (close() flushes and
 *   reports them); an ended stream then finishes, one still open is destroyed with a KafkaClosedError.
 * - Async serializers: a chunk whose serializer returned a promise keeps its place; the chunks
 *   after it wait behind it, and the write completes once they were handed over. A rejected
 *   promise fails the stream at that chunk (a `WritableFailure` whose cause is the
 *   `KafkaSerializationError`), like a serializer that throws.
 */
export class RecordWritable extends Writable {
  readonly #context: WritableContext;
  readonly #topic: string | undefined;
  readonly #signal: AbortSignal | undefined;
  /** Aborts this stream's records still waiting for queue room, when the stream is destroyed. */
  readonly #waiting = new AbortController();
  readonly #settled: RecordSettled = (position, chunk, error) => this.#onOutcome(position, chunk, error);
  readonly #onAbort = (): void => {
    this.destroy(new KafkaAbortError(this.#signal?.reason));
  };
  readonly #completeWrite = (): void => {
    const callback = this.#pendingWrite;
    if (callback === undefined) return;
    this.#pendingWrite = undefined;
    callback(this.#failure ?? null);
  };
  /** Woken inside the report drain: completing there would run 'drain' listeners (user code) inside it. */
  readonly #completeWriteLater = (): void => {
    process.nextTick(this.#completeWrite);
  };
  /** Records written through the stream so far: the position of the next one. */
  #written = 0;
  #outstanding = 0;
  #pendingWrite: WriteCallback | undefined;
  #finishing: WriteCallback | undefined;
  #failure: KafkaError | undefined;
  /** Destroyed by the producer's close(), which flushes the records waiting for queue room itself. */
  #keepWaiting = false;

  /** Built by `producer.writable()`. */
  constructor(context: WritableContext, options: CheckedWritableOptions) {
    super({ objectMode: true, highWaterMark: options.highWaterMark });
    this.#context = context;
    this.#topic = options.topic;
    this.#signal = options.signal;
    if (this.#signal === undefined) return;
    if (this.#signal.aborted) this.#onAbort();
    else watchAbort(this.#signal, this.#onAbort);
  }

  /** Records written through this stream that have not been reported yet. */
  get outstanding(): number {
    return this.#outstanding;
  }

  /**
   * The producer is closing (called by `close()` before it refuses new records). Records written
   * before it are handed over now, like `send()`s made before `close()`, so that close() flushes
   * and reports them: the write in progress completes at once, and Node passes the chunks it
   * buffered meanwhile straight on. An ended stream then finishes once they are acknowledged;
   * one still open is destroyed with `error`, as it can take no more records.
   * @internal
   */
  handOverBeforeClose(error: KafkaError): void {
    if (this.destroyed) return;
    while (this.writableCorked > 0) this.uncork();
    // A completion already scheduled for this write may later complete the next one early:
    // harmless here, as nothing more is written once the producer closes.
    this.#completeWrite();
    if (this.writableEnded || this.destroyed) return;
    // Its records waiting for queue room stay: close() flushes them, or fails them if it times out.
    this.#keepWaiting = true;
    this.destroy(error);
  }

  /** @internal */
  override _write(chunk: unknown, _encoding: BufferEncoding, callback: WriteCallback): void {
    this.#handOver([{ chunk }], callback);
  }

  /** @internal */
  override _writev(entries: Array<{ chunk: unknown }>, callback: WriteCallback): void {
    // Node's own entries, not copied: the burst reads each chunk where it is.
    this.#handOver(entries, callback);
  }

  /** @internal */
  override _final(callback: WriteCallback): void {
    if (this.#outstanding === 0) callback();
    else this.#finishing = callback;
  }

  /** @internal */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.#signal !== undefined) unwatchAbort(this.#signal, this.#onAbort);
    this.#context.forget(this);
    this.#finishing = undefined;
    this.#failure ??= error instanceof KafkaError ? error : undefined;
    // Records still waiting for queue room are not sent: each is reported as aborted.
    if (!this.#keepWaiting) this.#waiting.abort(error ?? new Error('the writable stream was destroyed'));
    if (this.#pendingWrite !== undefined) process.nextTick(this.#completeWrite);
    callback(error);
  }

  /** Hands a burst over: the records before an invalid one are sent, then the stream fails on it. */
  #handOver(entries: ReadonlyArray<{ chunk: unknown }>, callback: WriteCallback): void {
    const context = this.#context;
    const prepared: Array<PreparedRecord | PendingRecord> = [];
    let invalid: unknown;
    let isInvalid = false;
    const announced = sendStartChannel.hasSubscribers
      ? context.announce(
          entries.map((entry) => entry.chunk),
          this.#topic,
        )
      : undefined;
    // A serializer (user code) may destroy the stream or close the producer: then nothing more is prepared.
    for (let i = 0; i < entries.length && !this.destroyed; i++) {
      try {
        const record = context.prepare((entries[i] as { chunk: unknown }).chunk, this.#topic);
        if (announced !== undefined) addAnnouncedHeaders(readyPart(record), announced, i);
        prepared.push(record);
      } catch (error) {
        invalid = error;
        isInvalid = true;
        break;
      }
    }
    // Destroyed meanwhile: this burst is not handed over at all, like chunks still in Node's buffer.
    const count = this.destroyed ? 0 : prepared.length;
    const first = this.#written;
    this.#written += count;
    if (count > 0) {
      const outcomes = context.outcomes;
      const outcome = new BurstOutcome(first, entries, this.#settled);
      const slots = new Uint32Array(count);
      let anyPending = false;
      for (let i = 0; i < count; i++) {
        const item = prepared[i] as PreparedRecord | PendingRecord;
        let topicId: number;
        if (item instanceof PendingRecord) {
          anyPending = true;
          topicId = item.prepared.topicId;
        } else {
          topicId = item.topicId;
        }
        const slot = outcomes.allocate(SlotKind.Batch, topicId, (entries[i] as { chunk: unknown }).chunk, announced);
        outcomes.slots.handlers[slot] = outcome;
        outcomes.slots.batchIndexes[slot] = i;
        slots[i] = slot;
      }
      this.#outstanding += count;
      if (!anyPending) context.handOver.dispatchBatch(slots, prepared as PreparedRecord[], this.#waiting.signal);
      else context.pendingSerializations.dispatchBurst(slots, prepared, this.#waiting.signal);
    }
    // A record refused on the spot may have failed the stream already: that one is its failure.
    if (isInvalid && !this.destroyed) this.#fail(first + count, (entries[count] as { chunk: unknown }).chunk, invalid);
    // Announced records that got no slot (the invalid one, those after it, or a burst the stream was
    // destroyed during) are not sent: each still gets its one outcome.
    if (announced !== undefined && count < entries.length) {
      refuseAnnounced(
        announced,
        this.#failure ?? new KafkaAbortError(new Error('the writable stream was destroyed before this record was handed over')),
        count,
      );
    }
    this.#pendingWrite = callback;
    // Completed on the next tick at the earliest: the chunks written meanwhile form the next burst.
    if (this.destroyed || !context.handOver.whenHandedOver(this.#completeWriteLater)) process.nextTick(this.#completeWrite);
  }

  #onOutcome(position: number, chunk: unknown, error: KafkaError | null): void {
    this.#outstanding--;
    if (error !== null) {
      if (!this.destroyed) this.#fail(position, chunk, error);
      return;
    }
    const finishing = this.#finishing;
    if (this.#outstanding === 0 && finishing !== undefined) {
      this.#finishing = undefined;
      finishing();
    }
  }

  #fail(position: number, chunk: unknown, error: unknown): void {
    const failure = withContext(
      error,
      `record ${position} of the writable stream (counted from 0): `,
      ' (the stream stopped and hands nothing more over; records it handed over before this failure was known still get their outcomes)',
      (message, cause) => new KafkaRecordError(message, cause),
    ) as WritableFailure;
    Object.defineProperty(failure, 'record', { value: chunk, enumerable: true });
    Object.defineProperty(failure, 'position', { value: position, enumerable: true });
    this.#failure = failure;
    this.destroy(failure);
  }
}
