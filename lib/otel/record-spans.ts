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
  readonly #spans: Array<Span | undefined> = [];
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
      let span: Span | undefined;
      try {
        span = telemetry.tracer.startSpan(
          fields.topic === undefined ? 'send' : `send ${fields.topic}`,
          {
            kind: SpanKind.PRODUCER,
            attributes: messageAttributes(this.#client, 'send', fields),
            ...(own === undefined ? {} : { links: [{ context: own }] }),
          },
          parent,
        );
        if (!fields.ownPropagationHeaders) injectInto(headersToAdd(start, index), trace.setSpan(parent, span), telemetry.propagator);
      } catch {
        // A failing tracer or propagator: this record goes without (a span it started still ends at the outcome).
      }
      this.#spans.push(span);
      this.#topics.push(fields.topic);
    }
  }

  /** Never throws: a failing tracer or meter must not keep the call's other spans open. */
  outcome(index: number, error: KafkaError | null, metadata: RecordMetadata | null): boolean {
    if (index < 0 || index >= this.#spans.length) return false;
    const done = --this.#remaining === 0;
    const topic = metadata?.topic ?? this.#topics[index];
    try {
      endSpan(this.#spans[index], error, metadata);
      this.#metrics.recordSent(this.#client.metric, topic, error);
      this.#metrics.recordDuration(this.#client.metric, 'send', topic, error, (performance.now() - this.#started) / 1000);
    } catch {
      // ended as far as the tracer or meter let it
    }
    return done;
  }
}

function endSpan(span: Span | undefined, error: KafkaError | null, metadata: RecordMetadata | null): void {
  if (span === undefined) return;
  try {
    if (error === null) {
      if (metadata !== null && metadata.partition >= 0) span.setAttribute(ATTR.partition, String(metadata.partition));
      if (metadata !== null && metadata.offset >= 0) span.setAttribute(ATTR.offset, metadata.offset);
    } else {
      span.setAttribute(ATTR.errorType, errorType(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    }
  } finally {
    span.end();
  }
}
