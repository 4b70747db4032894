import { ErrorCode } from '../errors/codes.js';
import { persistenceFromStatus, type KafkaError } from '../errors/kafka-errors.js';
import { nativeFatalError } from '../errors/native-fatal-error.js';
import { recordError } from '../errors/record-errors.js';
import { hotDrain, type FailedRecord, type NativeProducer } from '../native/binding.js';
import {
  DRAIN_COUNT_MASK,
  DRAIN_FAILED_RECORDS_FLAG,
  DRAIN_SIDE_EVENTS_FLAG,
  REPORT_CODE,
  REPORT_OFFSET,
  REPORT_PARTITION,
  REPORT_PERSISTENCE,
  REPORT_SLOT,
  REPORT_STRIDE,
  REPORT_TIMESTAMP,
} from '../native/layout.generated.js';
import type { ClientEvents } from '../observability/client-events.js';
import type { TopicTable } from '../send/topic-table.js';
import type { Outcomes } from './outcomes.js';
import { sentFromFailed } from './sent-record.js';

/**
 * Reports drained per native call. After each call the drain checks its time: past
 * DRAIN_BUDGET_MS it yields to the event loop and goes on in the next turn, so a flood of
 * reports (and the promise reactions they trigger) never holds the loop for long.
 */
const REPORT_CAPACITY = 1024;
const DRAIN_BUDGET_MS = 1;

/** What the drain needs of the rest of the producer. */
export interface DrainContext {
  /** The native producer's id for the hot-path functions. */
  id: number;
  native: NativeProducer;
  topics: TopicTable;
  outcomes: Outcomes;
  events: ClientEvents;
  /** The producer's librdkafka properties, for the limits named in record errors. */
  pairs: readonly string[];
  /** After each drain: librdkafka may have room again for records waiting in JS. */
  afterDrain: () => void;
}

/**
 * Takes librdkafka's delivery reports back on the JS thread: the native drain writes them into
 * one shared Float64Array (no object per report), and each becomes its record's outcome.
 * Side events (errors, statistics, logs, token requests) come along and go to ClientEvents.
 */
export class ReportDrain {
  readonly #reports = new Float64Array(REPORT_CAPACITY * REPORT_STRIDE);
  #scheduled = false;
  /** librdkafka's fatal error as last read (once per native drain call that reports a failure). */
  #fatal: KafkaError | undefined;
  #fatalChecked = false;

  constructor(private readonly context: DrainContext) {}

  /** Called by the native wakeup (and re-scheduled by itself when capped). */
  drain(): void {
    this.#scheduled = false;
    const outcomes = this.context.outcomes;
    outcomes.beginDrain();
    try {
      this.#drainReports();
    } finally {
      outcomes.endDrain();
    }
    this.context.afterDrain();
  }

  #drainReports(): void {
    const { id, outcomes, topics } = this.context;
    const slots = outcomes.slots;
    const started = performance.now();
    const reports = this.#reports;
    for (;;) {
      // While closing, librdkafka hands back the bytes of records it failed, for the undelivered list.
      const closing = outcomes.closing;
      const result = hotDrain(id, reports, closing ? 1 : 0);
      const count = result & DRAIN_COUNT_MASK;
      const failed = (result & DRAIN_FAILED_RECORDS_FLAG) !== 0 ? this.#takeFailedRecords() : undefined;
      // Side events first: a fatal error among them decides how the failures that follow it are reported.
      if ((result & DRAIN_SIDE_EVENTS_FLAG) !== 0) this.context.events.handle(this.context.native.takeSideEvents());
      this.#fatalChecked = false;
      for (let i = 0, at = 0; i < count; i++, at += REPORT_STRIDE) {
        const slot = reports[at + REPORT_SLOT] as number;
        const code = reports[at + REPORT_CODE] as number;
        if (!slots.isLive(slot)) {
          // A record already reported as timed out (see Outcomes): its id is free now.
          slots.releaseDetached(slot);
          continue;
        }
        const topic = topics.nameOf(slots.topicIds[slot] as number);
        const partition = reports[at + REPORT_PARTITION] as number;
        const error = code === 0 ? null : this.#deliveryError(code, reports[at + REPORT_PERSISTENCE] as number, topic, partition);
        const sent = error !== null && closing ? sentFromFailed(topic, partition, failed?.get(slot)) : undefined;
        outcomes.settleReport(slot, error, topic, partition, reports[at + REPORT_OFFSET] as number, reports[at + REPORT_TIMESTAMP] as number, sent);
      }
      if (count < REPORT_CAPACITY) break;
      if (performance.now() - started > DRAIN_BUDGET_MS) {
        this.#schedule();
        break;
      }
    }
  }

  #takeFailedRecords(): Map<number, FailedRecord> {
    const bySlot = new Map<number, FailedRecord>();
    for (const record of this.context.native.takeFailedRecords()) bySlot.set(record.slot, record);
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
      pairs: this.context.pairs,
      clientError: code === ErrorCode.MSG_TIMED_OUT ? this.context.events.lastError : undefined,
      fatalError: this.context.events.fatalError ?? this.#nativeFatalError(),
    });
  }

  /** librdkafka's fatal error (see native-fatal-error.ts), asked once per native drain call with a failure. */
  #nativeFatalError(): KafkaError | undefined {
    if (this.#fatal !== undefined || this.#fatalChecked) return this.#fatal;
    this.#fatalChecked = true;
    this.#fatal = nativeFatalError(this.context.native);
    return this.#fatal;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.drain());
  }
}
