import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';

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
  readonly #sent: Counter;
  readonly #duration: Histogram;

  constructor(meter: Meter) {
    this.#sent = meter.createCounter('messaging.client.sent.messages', {
      description: 'Number of messages the producer attempted to send to the broker (failed ones carry error.type).',
      unit: '{message}',
    });
    this.#duration = meter.createHistogram('messaging.client.operation.duration', {
      description: 'Duration of a messaging operation initiated by the producer: a send until its acknowledgement.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
  }

  /** One record's outcome. */
  recordSent(base: Attributes, topic: string | undefined, error: unknown): void {
    this.#sent.add(1, withOutcome(base, 'send', topic, error));
  }

  /** One operation's duration: `operation` is the conventions' operation name. */
  recordDuration(base: Attributes, operation: string, topic: string | undefined, error: unknown, seconds: number): void {
    this.#duration.record(seconds, withOutcome(base, operation, topic, error));
  }
}

function withOutcome(base: Attributes, operation: string, topic: string | undefined, error: unknown): Attributes {
  const attributes: Attributes = { ...base, [ATTR.operationName]: operation };
  if (operation === 'send') attributes[ATTR.operationType] = 'send';
  if (topic !== undefined) attributes[ATTR.destination] = topic;
  if (error !== null && error !== undefined) attributes[ATTR.errorType] = errorType(error);
  return attributes;
}
