import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';

import type { KafkaError } from '../errors/kafka-errors.js';
import type { SendStartMessage } from '../observability/send-announcements.js';
import type { RecordMetadata } from '../send/record.js';
import { ATTR, clientAttributes, messageAttributes, type ClientAttributes } from './attributes.js';
import type { CallTrace } from './call-trace.js';
import type { ClientMetrics } from './client-metrics.js';
import { errorMessage, errorType } from './error-type.js';
import type { Telemetry } from './options.js';
import { headersToAdd, injectInto, recordFields } from './record-fields.js';

/**
 * send(), produce() and a writable stream's records: one PRODUCER span per record, `send {topic}`,
 * a child of the context active at the call; its context goes into the record's headers (unless
 * the caller put a trace context there: then that one is kept and linked). It ends at the
 * record's outcome: partition and offset once acknowledged, error status and `error.type` otherwise.
 */
export class RecordSpans implements CallTrace {
  readonly #spans: Span[] = [];
  readonly #topics: Array<string | undefined> = [];
  readonly #client: ClientAttributes;
  readonly #metrics: ClientMetrics;
  readonly #started = performance.now();
  #remaining: number;

  constructor(telemetry: Telemetry, metrics: ClientMetrics, start: SendStartMessage) {
    this.#client = clientAttributes(start.client);
    this.#metrics = metrics;
    const parent = context.active();
    const records = start.records;
    this.#remaining = records.length;
    for (let index = 0; index < records.length; index++) {
      const fields = recordFields(records[index], start.defaultTopic, telemetry.propagator);
      const own = fields.ownContext;
      const span = telemetry.tracer.startSpan(
        fields.topic === undefined ? 'send' : `send ${fields.topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: messageAttributes(this.#client, 'send', fields),
          ...(own === undefined ? {} : { links: [{ context: own }] }),
        },
        parent,
      );
      if (own === undefined) injectInto(headersToAdd(start, index), trace.setSpan(parent, span), telemetry.propagator);
      this.#spans.push(span);
      this.#topics.push(fields.topic);
    }
  }

  outcome(index: number, error: KafkaError | null, metadata: RecordMetadata | null): boolean {
    const span = this.#spans[index];
    if (span === undefined) return false;
    const topic = metadata?.topic ?? this.#topics[index];
    if (error === null) {
      if (metadata !== null && metadata.partition >= 0) span.setAttribute(ATTR.partition, String(metadata.partition));
      if (metadata !== null && metadata.offset >= 0) span.setAttribute(ATTR.offset, metadata.offset);
    } else {
      span.setAttribute(ATTR.errorType, errorType(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    }
    span.end();
    this.#metrics.recordSent(this.#client.metric, topic, error);
    this.#metrics.recordDuration(this.#client.metric, 'send', topic, error, (performance.now() - this.#started) / 1000);
    return --this.#remaining === 0;
  }
}
