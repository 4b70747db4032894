import type { Attributes, Histogram, Meter, ObservableCounter, ObservableResult } from '@opentelemetry/api';

import { ATTR } from './attributes.js';
import { errorType } from './error-type.js';

/** The conventions' histogram buckets for messaging durations, in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * The messaging conventions' client metrics: `messaging.client.sent.messages` (every record the
 * producer tried to send, counted at its outcome; failed ones carry `error.type`) and
 * `messaging.client.operation.duration` (per send/produce/sendBatch call and per transactional
 * step, from the call to the last outcome, in seconds).
 */
export class ClientMetrics {
  /**
   * One per Meter, shared by every instrumentation using it: two callbacks reporting the same
   * attribute set of one observable would each overwrite the other's count.
   */
  static readonly #byMeter = new WeakMap<Meter, ClientMetrics>();
  #users = 0;

  /** The meter's metrics, reported until every instrumentation that acquired them releases them. */
  static acquire(meter: Meter): ClientMetrics {
    let metrics = ClientMetrics.#byMeter.get(meter);
    if (metrics === undefined) {
      metrics = new ClientMetrics(meter);
      ClientMetrics.#byMeter.set(meter, metrics);
    }
    if (metrics.#users++ === 0) metrics.#sent.addCallback(metrics.#observeSent);
    return metrics;
  }

  /**
   * Observable: counted here and reported when the reader collects. A synchronous counter would
   * hash the attribute set on every record, the largest part of this instrumentation's cost.
   * Exported alike (a monotonic sum).
   */
  readonly #sent: ObservableCounter;
  readonly #sentCounts = new Map<Attributes, number>();
  readonly #observeSent = (result: ObservableResult): void => {
    for (const [attributes, count] of this.#sentCounts) result.observe(count, attributes);
  };
  readonly #duration: Histogram;
  /**
   * Attribute sets built once per distinct content (building them per record costs more than
   * recording): producers of the same cluster share theirs, so their counts add up in one series
   * (an observable reporting one attribute set twice keeps only the last) and a dropped producer
   * leaves nothing behind.
   */
  readonly #attributeSets = new Map<string, Attributes>();
  /** Each producer's base attributes as a key (its own object, held while the producer lives). */
  readonly #baseKeys = new WeakMap<Attributes, string>();

  private constructor(meter: Meter) {
    this.#sent = meter.createObservableCounter('messaging.client.sent.messages', {
      description: 'Number of messages the producer attempted to send to the broker (failed ones carry error.type).',
      unit: '{message}',
    });
    this.#duration = meter.createHistogram('messaging.client.operation.duration', {
      description: 'Duration of a messaging operation initiated by the producer: a send until its acknowledgement.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
  }

  /** One instrumentation is done with them: the last one stops reporting the sent-messages count (the counts are kept, it is a running total). */
  release(): void {
    if (this.#users > 0 && --this.#users === 0) this.#sent.removeCallback(this.#observeSent);
  }

  /** One record's outcome. */
  recordSent(base: Attributes, topic: string | undefined, error: unknown): void {
    const attributes = this.#attributes(base, 'send', topic, error);
    this.#sentCounts.set(attributes, (this.#sentCounts.get(attributes) ?? 0) + 1);
  }

  /** One operation's duration: `operation` is the conventions' operation name. */
  recordDuration(base: Attributes, operation: string, topic: string | undefined, error: unknown, seconds: number): void {
    this.#duration.record(seconds, this.#attributes(base, operation, topic, error));
  }

  #attributes(base: Attributes, operation: string, topic: string | undefined, error: unknown): Attributes {
    let baseKey = this.#baseKeys.get(base);
    if (baseKey === undefined) {
      baseKey = JSON.stringify(base);
      this.#baseKeys.set(base, baseKey);
    }
    const type = error === null || error === undefined ? '' : errorType(error);
    const name = `${baseKey}\u0000${operation}\u0000${type}\u0000${topic ?? ''}`;
    let attributes = this.#attributeSets.get(name);
    if (attributes === undefined) {
      attributes = withOutcome(base, operation, topic, error);
      this.#attributeSets.set(name, attributes);
    }
    return attributes;
  }
}

function withOutcome(base: Attributes, operation: string, topic: string | undefined, error: unknown): Attributes {
  const attributes: Attributes = { ...base, [ATTR.operationName]: operation };
  if (operation === 'send') attributes[ATTR.operationType] = 'send';
  if (topic !== undefined) attributes[ATTR.destination] = topic;
  if (error !== null && error !== undefined) attributes[ATTR.errorType] = errorType(error);
  return attributes;
}
