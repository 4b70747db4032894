import type { EventEmitter } from 'node:events';

import { ErrorCode } from '../errors/codes.js';
import { KafkaError } from '../errors/kafka-errors.js';
import { rethrowLater } from '../errors/user-exceptions.js';
import type { NativeProducer } from '../native/binding.js';
import { deliveryChannel, sendChannel } from '../observability/diagnostics.js';
import type { MetricsTracker } from '../observability/metrics.js';
import { AnnouncedSlots, type SendStartMessage } from '../observability/send-announcements.js';
import type { PreparedRecord, RecordMetadata } from '../send/record.js';
import type { TopicTable } from '../send/topic-table.js';
import { HandedOverDeadlines } from './handed-over-deadlines.js';
import { sentFromPrepared, type SentRecord } from './sent-record.js';
import { SlotKind, SlotTable, type DeliveryCallback, type RecordCollector } from './slot-table.js';

/** A record `close()` could not deliver, as it was sent (serialized), with the reason. */
export interface UndeliveredRecord {
  /** The record as sent: topic, partition, key, value and headers as bytes. */
  record: SentRecord;
  /** Why it was not delivered (its `persistence` says whether it may have been written anyway). */
  error: KafkaError;
}

/** One entry of the batched 'delivery' event. */
export interface DeliveryReport extends RecordMetadata {
  /** null when the record was delivered; otherwise why not (then `partition`, `offset` and `timestamp` are -1). */
  error: KafkaError | null;
}

/** What the outcomes need of the rest of the producer. */
export interface OutcomeContext {
  native: NativeProducer;
  topics: TopicTable;
  metrics: MetricsTracker;
  /** Where 'delivery' listeners are: the producer itself. */
  emitter: EventEmitter;
  deliveryTimeoutMs: number;
  /** A record was delivered (the client's reachability and last error reset). */
  onDelivered: () => void;
  /** Whether the producer is closed: an idle closed producer must not touch its native handle. */
  isClosed: () => boolean;
}

/**
 * Every record's one outcome, given once to every place that promised to report it: its
 * send() promise, sendBatch() collector or produce() callback, the 'delivery' listeners,
 * `diagnostics_channel`, the metrics and, while closing, close()'s undelivered list.
 * Records in flight are slots in a SlotTable; the last one settled wakes whoever waits for idle.
 */
export class Outcomes {
  readonly slots = new SlotTable();
  /** Records announced on `ferrokafka:producer:send:start` (only while a tracing tool subscribes). */
  readonly #announced = new AnnouncedSlots();
  /** Records that waited for queue room: their deadline counts from send(), not from hand-over. */
  readonly #handedOver = new HandedOverDeadlines((slot) => this.#expireHandedOver(slot));
  #undelivered: UndeliveredRecord[] | undefined;
  #idleWaiters: Array<() => void> = [];
  /** Inside produce(): its callback must still be called asynchronously. */
  deferCallbacks = false;
  /** Inside the drain: 'delivery' reports are emitted once at its end. */
  #draining = false;
  /** Whether 'delivery' listeners exist, read once per drain rather than once per record. */
  #drainCollectsDelivery = false;
  #deliveryReports: DeliveryReport[] | undefined;
  #deliveryFlushScheduled = false;

  constructor(private readonly context: OutcomeContext) {}

  /** Records sent but not yet reported. */
  get pending(): number {
    return this.slots.inUse;
  }

  /** Takes a slot; the first record in flight makes the producer hold the event loop open. */
  allocate(kind: SlotKind, topicId: number, record: unknown, announced?: SendStartMessage): number {
    if (this.slots.inUse === 0) this.context.native.keepAlive(true);
    const slot = this.slots.allocate(kind, topicId);
    if (sendChannel.hasSubscribers) sendChannel.publish({ record });
    // The original record is kept only for a delivery subscriber: otherwise librdkafka's copy is the only one.
    if (deliveryChannel.hasSubscribers) this.slots.retained.set(slot, record);
    if (announced !== undefined) this.#announced.track(slot, announced);
    return slot;
  }

  /** From now on failed records are collected for close()'s undelivered list. */
  startClosing(): void {
    this.#undelivered = [];
  }

  get closing(): boolean {
    return this.#undelivered !== undefined;
  }

  takeUndelivered(): UndeliveredRecord[] {
    const undelivered = this.#undelivered ?? [];
    this.#undelivered = undefined;
    return undelivered;
  }

  /** A record's bytes for close()'s undelivered list, built only while closing. */
  sentIfClosing(record: PreparedRecord | undefined): SentRecord | undefined {
    return this.#undelivered === undefined || record === undefined ? undefined : sentFromPrepared(record);
  }

  /** A record that waited for room was handed over: librdkafka's clock restarts, ours does not. */
  trackDeadline(slot: number, deadline: number): void {
    this.#handedOver.track(slot, deadline);
  }

  stop(): void {
    this.#handedOver.stop();
  }

  beginDrain(): void {
    this.#draining = true;
    this.#drainCollectsDelivery = this.context.emitter.listenerCount('delivery') > 0;
  }

  endDrain(): void {
    this.#draining = false;
    this.#emitDeliveryReports();
  }

  /**
   * Gives a record its one outcome and frees its slot. `sent`: the record's bytes for close()'s
   * undelivered list (while closing; when unknown, the list names the topic only). `detach`: the
   * record is still in librdkafka, so its slot id stays taken until librdkafka reports it.
   */
  settle(slot: number, error: KafkaError | null, metadata: RecordMetadata | null, sent?: SentRecord, detach = false): void {
    const slots = this.slots;
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
      this.context.metrics.counters.delivered++;
      this.context.onDelivered();
    } else {
      this.context.metrics.counters.failed++;
      this.#undelivered?.push({ record: sent ?? topicOnly(this.context.topics.nameOf(topicId)), error });
    }
    if (deliveryChannel.hasSubscribers) deliveryChannel.publish({ record: original, metadata: error ? null : metadata, error });
    if (this.#announced.size > 0) this.#announced.settle(slot, batchIndex, error, metadata);
    if (this.#draining ? this.#drainCollectsDelivery : this.context.emitter.listenerCount('delivery') > 0) {
      this.#reportDelivery(topicId, metadata, error);
    }
    switch (kind) {
      case SlotKind.Promise:
        if (error === null) (handler as (metadata: RecordMetadata) => void)(metadata as RecordMetadata);
        else reject?.(error);
        break;
      case SlotKind.Batch:
        (handler as RecordCollector).settle(batchIndex, error, error ? null : metadata);
        break;
      default:
        if (handler === undefined) break;
        if (this.deferCallbacks) process.nextTick(callBack, handler as DeliveryCallback, error, error ? null : metadata);
        else callBack(handler as DeliveryCallback, error, error ? null : metadata);
    }
    if (slots.inUse === 0) this.#onIdle();
  }

  /**
   * A delivery report from librdkafka, as numbers. The common case (delivered, to a batch or
   * stream collector or a produce() without callback, nobody listening for 'delivery' or on
   * `diagnostics_channel`) makes no metadata object; everything else goes through `settle`.
   */
  settleReport(slot: number, error: KafkaError | null, topic: string, partition: number, offset: number, timestamp: number, sent?: SentRecord): void {
    const slots = this.slots;
    const kind = slots.kinds[slot];
    const plain =
      error === null &&
      (kind === SlotKind.Batch || (kind === SlotKind.Callback && slots.handlers[slot] === undefined)) &&
      !deliveryChannel.hasSubscribers &&
      this.#announced.size === 0 &&
      !(this.#draining ? this.#drainCollectsDelivery : this.context.emitter.listenerCount('delivery') > 0);
    if (!plain) {
      this.settle(slot, error, { topic, partition, offset, timestamp }, sent);
      return;
    }
    const collector = kind === SlotKind.Batch ? (slots.handlers[slot] as RecordCollector) : undefined;
    const batchIndex = kind === SlotKind.Batch ? (slots.batchIndexes[slot] as number) : 0;
    if (this.#handedOver.size > 0) this.#handedOver.forget(slot);
    slots.release(slot);
    this.context.metrics.counters.delivered++;
    this.context.onDelivered();
    collector?.delivered(batchIndex, topic, partition, offset, timestamp);
    if (slots.inUse === 0) this.#onIdle();
  }

  /** Fails every record still outstanding (close(), after librdkafka's purge reports did not come). */
  failOutstanding(): void {
    for (const slot of this.slots.liveSlots()) {
      this.settle(slot, KafkaError.fromCode(ErrorCode.DESTROY, { persistence: 'possibly-persisted' }), null);
    }
  }

  /** Resolves true once nothing is outstanding, or false after `timeoutMs`. */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.slots.inUse === 0) return Promise.resolve(true);
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

  #onIdle(): void {
    if (!this.context.isClosed()) this.context.native.keepAlive(false);
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** A record that waited, then was handed over, and is still unreported at its deadline. */
  #expireHandedOver(slot: number): void {
    const error = KafkaError.fromCode(ErrorCode.MSG_TIMED_OUT, {
      message: `the record was not acknowledged within deliveryTimeoutMs (${this.context.deliveryTimeoutMs} ms, counted from send() and including the time it waited for queue room); it may still be written`,
      persistence: 'possibly-persisted',
    });
    this.settle(slot, error, null, undefined, true);
  }

  /** Collects one record's outcome for 'delivery' listeners; emitted at the end of the drain or on the next tick. */
  #reportDelivery(topicId: number, metadata: RecordMetadata | null, error: KafkaError | null): void {
    const report: DeliveryReport =
      metadata === null ? { topic: this.context.topics.nameOf(topicId), partition: -1, offset: -1, timestamp: -1, error } : { ...metadata, error };
    this.#deliveryReports ??= [];
    this.#deliveryReports.push(report);
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
    const emitter = this.context.emitter;
    for (const listener of emitter.rawListeners('delivery')) {
      try {
        (listener as (reports: DeliveryReport[]) => void).call(emitter, reports);
      } catch (thrown) {
        rethrowLater(thrown);
      }
    }
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

/** An undelivered record whose bytes librdkafka never handed back (it did not report it after a purge). */
function topicOnly(topic: string): SentRecord {
  return { topic, partition: -1, key: null, value: null, headers: [] };
}
