import { BatchOutcome } from '../delivery/batch-outcome.js';
import type { Outcomes } from '../delivery/outcomes.js';
import { type DeliveryCallback, type RecordCollector, SlotKind } from '../delivery/slot-table.js';
import {
  KafkaAbortError,
  type KafkaError,
  KafkaRecordError,
  type KafkaSerializationError,
  KafkaTimeoutError,
  withContext,
} from '../errors/kafka-errors.js';
import { addAnnouncedHeaders, refuseAnnounced, type SendStartMessage } from '../observability/send-announcements.js';
import type { HandOver } from './hand-over.js';
import { firstPending, PendingRecord } from './pending-record.js';
import type { PreparedRecord, ProducerRecord, RecordMetadata } from './record.js';
import type { WaitingRecord } from './waiting-queue.js';

/** What records with async serializers need of their producer. */
export interface PendingSerializationContext {
  outcomes: Outcomes;
  handOver: HandOver;
  /** Throws the producer's KafkaClosedError when it is no longer open. */
  assertOpen(): void;
}

/**
 * The way in of records whose serializer returned a promise. Each takes its slot at once (so
 * `pending`, `flush()` and `close()` count it) and its place in the waiting line of the hand-over
 * (send-order: every record sent after it waits behind it, as if its serializer had been
 * synchronous); it is handed over once its promise settles and the records before it went. A
 * rejected promise (or one resolving to no bytes) fails that record only, with a
 * `KafkaSerializationError`; an AbortSignal, the delivery timeout, close() or a fatal error end a
 * record still serializing like one waiting for queue room. Records of a `sendBatch()` wait for
 * the whole batch: if one fails, none is sent.
 */
export class PendingSerializations {
  constructor(private readonly context: PendingSerializationContext) {}

  /** send() of a record whose serializer returned a promise. */
  send(record: unknown, pending: PendingRecord, signal: AbortSignal | undefined, announced: SendStartMessage | undefined): Promise<RecordMetadata> {
    try {
      if (announced !== undefined) addAnnouncedHeaders(pending.prepared, announced, 0);
      this.#checkStillSendable(signal);
    } catch (error) {
      pending.discard();
      if (announced !== undefined) refuseAnnounced(announced, error as KafkaError);
      return Promise.reject(error);
    }
    const outcomes = this.context.outcomes;
    const slot = outcomes.allocate(SlotKind.Promise, pending.prepared.topicId, record, announced);
    const promise = new Promise<RecordMetadata>((resolve, reject) => {
      outcomes.slots.handlers[slot] = resolve;
      outcomes.slots.rejects[slot] = reject;
    });
    this.#lineUp(slot, pending, signal);
    return promise;
  }

  /** produce() of a record whose serializer returned a promise: its callback gets the outcome, a failed serialization included. */
  produce(record: unknown, pending: PendingRecord, callback: DeliveryCallback | undefined, announced: SendStartMessage | undefined): void {
    try {
      if (announced !== undefined) addAnnouncedHeaders(pending.prepared, announced, 0);
      this.context.assertOpen();
    } catch (error) {
      // The caller reports the refusal to tracing tools.
      pending.discard();
      throw error;
    }
    const outcomes = this.context.outcomes;
    const slot = outcomes.allocate(SlotKind.Callback, pending.prepared.topicId, record, announced);
    if (callback !== undefined) outcomes.slots.handlers[slot] = callback;
    this.#lineUp(slot, pending, undefined);
  }

  /**
   * sendBatch() with at least one record whose serializer returned a promise. Every serializer
   * already runs (they were called while the batch was prepared, so they work concurrently); the
   * batch keeps its place and its order, and is handed over once all of them settled. If one
   * fails, nothing of the batch is sent: the promise rejects with that record's
   * `KafkaSerializationError`, naming its index, as a synchronous serializer's failure does.
   */
  sendBatch(
    batch: ReadonlyArray<ProducerRecord<unknown, unknown>>,
    prepared: ReadonlyArray<PreparedRecord | PendingRecord>,
    signal: AbortSignal | undefined,
    announced: SendStartMessage | undefined,
  ): Promise<RecordMetadata[]> {
    const { outcomes, handOver } = this.context;
    return new Promise<RecordMetadata[]>((resolve, reject) => {
      const collector = new PendingBatch(new BatchOutcome(batch, resolve, reject), reject);
      const entries = new Array<WaitingRecord>(prepared.length);
      const serializations: Array<Promise<void>> = [];
      for (let i = 0; i < prepared.length; i++) {
        const item = prepared[i] as PreparedRecord | PendingRecord;
        const ready = item instanceof PendingRecord ? item.prepared : item;
        const slot = outcomes.allocate(SlotKind.Batch, ready.topicId, batch[i], announced);
        outcomes.slots.handlers[slot] = collector;
        outcomes.slots.batchIndexes[slot] = i;
        // Synchronously serialized records wait too: none of the batch goes before all are serialized.
        entries[i] = handOver.lineUp(slot, ready, signal);
        if (item instanceof PendingRecord) {
          serializations.push(
            item.serialized().then((error) => {
              if (error !== undefined) throw new FailedInBatch(i, error);
            }),
          );
        }
      }
      Promise.all(serializations).then(
        () => {
          for (const entry of entries) if (!entry.done) handOver.serialized(entry);
        },
        (failure: FailedInBatch) => {
          collector.failSerialization(failure.index, failure.error);
          const notSent = new KafkaRecordError(
            `record ${failure.index} of its batch failed serialization, so no record of the batch was sent`,
            failure.error,
          );
          for (let i = 0; i < entries.length; i++) {
            const entry = entries[i] as WaitingRecord;
            if (!entry.done) handOver.failSerialization(entry, i === failure.index ? failure.error : notSent);
          }
        },
      );
    });
  }

  /**
   * A writable stream's burst with at least one record still serializing: the records before the
   * first such one go as one batch, the rest line up behind it one by one, in order. Unlike
   * sendBatch(), each record stands alone (the stream fails at the first record that fails).
   */
  dispatchBurst(slots: Uint32Array, prepared: ReadonlyArray<PreparedRecord | PendingRecord>, signal: AbortSignal | undefined): void {
    const { handOver, outcomes } = this.context;
    const first = firstPending(prepared);
    if (first > 0) handOver.dispatchBatch(slots.subarray(0, first), prepared.slice(0, first) as PreparedRecord[], signal);
    for (let i = Math.max(first, 0); i < prepared.length; i++) {
      const item = prepared[i] as PreparedRecord | PendingRecord;
      const ready = item instanceof PendingRecord ? item.prepared : item;
      if (signal?.aborted === true) {
        // A record settled on the way failed the stream: the rest is not sent (a signal fires once: joining it now would wait forever).
        if (item instanceof PendingRecord) item.discard();
        outcomes.settle(slots[i] as number, new KafkaAbortError(signal.reason), null, outcomes.sentIfClosing(ready));
      } else if (item instanceof PendingRecord) {
        this.#lineUp(slots[i] as number, item, signal);
      } else {
        handOver.dispatch(slots[i] as number, item, signal);
      }
    }
  }

  /**
   * Resolves once every record lined up now (still serializing, or waiting for queue room) has been
   * handed over or has failed; rejects with a KafkaTimeoutError naming `operation` after `timeoutMs`.
   */
  handedOver(operation: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new KafkaTimeoutError(
            `${operation} timed out after ${timeoutMs} ms: ${this.context.outcomes.pending} record(s) were still pending, some of them still serializing or waiting for queue room`,
            this.context.outcomes.pending,
          ),
        );
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      if (!this.context.handOver.whenHandedOver(done)) done();
    });
  }

  /** The record takes its place in line now; it goes (or fails) when its promise settles. */
  #lineUp(slot: number, pending: PendingRecord, signal: AbortSignal | undefined): void {
    const handOver = this.context.handOver;
    const entry = handOver.lineUp(slot, pending.prepared, signal);
    void pending.serialized().then((error) => {
      // Aborted, timed out, or failed by close() or a fatal error meanwhile: it already has its outcome.
      if (entry.done) return;
      if (error === undefined) handOver.serialized(entry);
      else handOver.failSerialization(entry, error);
    });
  }

  /** The checks send() makes after serializing: a serializer may have closed the producer, or the signal fired. */
  #checkStillSendable(signal: AbortSignal | undefined): void {
    this.context.assertOpen();
    if (signal?.aborted) throw new KafkaAbortError(signal.reason);
  }
}

/** A batch's serialization failure, carried to the batch with its index. */
class FailedInBatch {
  constructor(
    readonly index: number,
    readonly error: KafkaSerializationError,
  ) {}
}

/**
 * A batch's collector while its records may still fail serialization: outcomes go to the
 * BatchOutcome, unless a record failed serialization; then the caller's promise was rejected
 * with that record's error, once, and the outcomes of the batch's records (all failed, none
 * sent) still reach the 'delivery' listeners and metrics, but not the caller a second time.
 */
class PendingBatch implements RecordCollector {
  #failed = false;

  constructor(
    private readonly outcome: BatchOutcome,
    private readonly reject: (error: KafkaError) => void,
  ) {}

  settle(index: number, error: KafkaError | null, metadata: RecordMetadata | null): void {
    if (!this.#failed) this.outcome.settle(index, error, metadata);
  }

  delivered(index: number, topic: string, partition: number, offset: number, timestamp: number): void {
    if (!this.#failed) this.outcome.delivered(index, topic, partition, offset, timestamp);
  }

  failSerialization(index: number, error: KafkaSerializationError): void {
    if (this.#failed) return;
    this.#failed = true;
    this.reject(
      withContext(
        error,
        `record ${index} of the batch: `,
        ' (no record of this batch was sent)',
        (message, cause) => new KafkaRecordError(message, cause),
      ),
    );
  }
}
