import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Link, type Span } from '@opentelemetry/api';

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
 * sendBatch(): one "send" span for the call, with `messaging.batch.message_count` (and the topic
 * when every record has the same), ended when the last record has its outcome; ERROR when any
 * failed (`error.type` of the first failure). Each record carries a creation context of its own:
 * a `create {topic}` PRODUCER span per record (ended at once), which the send span links to, so
 * a consumer continues the trace of exactly its record. With `batchCreateSpans: false` there are
 * no create spans: the send span is then the PRODUCER span whose context every record carries.
 */
export class BatchSpan implements CallTrace {
  readonly #span: Span;
  readonly #topics: Array<string | undefined> = [];
  readonly #topic: string | undefined;
  readonly #client: ClientAttributes;
  readonly #metrics: ClientMetrics;
  readonly #started = performance.now();
  readonly #count: number;
  #remaining: number;
  #failed = 0;
  #firstError: KafkaError | undefined;

  constructor(telemetry: Telemetry, metrics: ClientMetrics, start: SendStartMessage) {
    this.#client = clientAttributes(start.client);
    this.#metrics = metrics;
    const parent = context.active();
    const { tracer, propagator } = telemetry;
    const records = start.records;
    this.#count = this.#remaining = records.length;
    const links: Link[] = [];
    const carriers: Array<Record<string, string>> = [];
    for (let index = 0; index < records.length; index++) {
      const fields = recordFields(records[index], start.defaultTopic, propagator);
      this.#topics.push(fields.topic);
      if (fields.ownContext !== undefined) links.push({ context: fields.ownContext });
      // The caller's own propagation headers (valid or not) stay the record's only ones.
      if (fields.ownPropagationHeaders) continue;
      const carrier = headersToAdd(start, index);
      if (!telemetry.batchCreateSpans) {
        carriers.push(carrier);
        continue;
      }
      try {
        const create = tracer.startSpan(
          fields.topic === undefined ? 'create' : `create ${fields.topic}`,
          {
            kind: SpanKind.PRODUCER,
            attributes: messageAttributes(this.#client, 'create', fields),
          },
          parent,
        );
        try {
          links.push({ context: create.spanContext() });
          injectInto(carrier, trace.setSpan(parent, create), propagator);
        } finally {
          create.end();
        }
      } catch {
        // A failing tracer or propagator: this record goes without its create span.
      }
    }
    const first = this.#topics[0];
    this.#topic = first !== undefined && this.#topics.every((topic) => topic === first) ? first : undefined;
    const attributes: Attributes = {
      ...this.#client.span,
      [ATTR.operationName]: 'send',
      [ATTR.operationType]: 'send',
      [ATTR.batchCount]: records.length,
    };
    if (this.#topic !== undefined) attributes[ATTR.destination] = this.#topic;
    this.#span = tracer.startSpan(
      this.#topic === undefined ? 'send' : `send ${this.#topic}`,
      // CLIENT when the records carry create spans' contexts, as the conventions say.
      { kind: telemetry.batchCreateSpans ? SpanKind.CLIENT : SpanKind.PRODUCER, attributes, links },
      parent,
    );
    const sendContext = trace.setSpan(parent, this.#span);
    try {
      for (const carrier of carriers) injectInto(carrier, sendContext, propagator);
    } catch {
      // A failing propagator: the records go without; the send span still ends at the last outcome.
    }
    if (records.length === 0) this.#end();
  }

  /** Whether the call had no record (then it is over already). */
  get done(): boolean {
    return this.#remaining === 0;
  }

  /** Never throws: a failing tracer or meter must not keep the call open. */
  outcome(index: number, error: KafkaError | null, metadata: RecordMetadata | null): boolean {
    if (this.#remaining === 0) return true;
    if (error !== null) {
      this.#failed++;
      this.#firstError ??= error;
    }
    const done = --this.#remaining === 0;
    try {
      this.#metrics.recordSent(this.#client.metric, metadata?.topic ?? this.#topics[index], error);
      if (done) this.#end();
    } catch {
      // ended as far as the tracer or meter let it
    }
    return done;
  }

  #end(): void {
    const error = this.#firstError;
    try {
      if (error !== undefined) {
        this.#span.setAttribute(ATTR.errorType, errorType(error));
        this.#span.setStatus({
          code: SpanStatusCode.ERROR,
          message: `${this.#failed} of ${this.#count} records failed; the first: ${errorMessage(error)}`,
        });
      }
    } finally {
      this.#span.end();
    }
    this.#metrics.recordDuration(this.#client.metric, 'send', this.#topic, error ?? null, (performance.now() - this.#started) / 1000);
  }
}
