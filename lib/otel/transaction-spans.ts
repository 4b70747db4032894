import { SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';

import type { TransactionMessage, TransactionOperation } from '../observability/send-announcements.js';
import { ATTR, clientAttributes } from './attributes.js';
import type { ClientMetrics } from './client-metrics.js';
import { errorMessage, errorType } from './error-type.js';
import type { Telemetry } from './options.js';

/** The operation names of the transactional steps (Kafka-specific: the conventions define none). */
const OPERATION_NAMES: Readonly<Record<TransactionOperation, string>> = {
  initTransactions: 'init_transactions',
  commitTransaction: 'commit_transaction',
  abortTransaction: 'abort_transaction',
  sendOffsetsToTransaction: 'send_offsets_to_transaction',
};

/**
 * A CLIENT span per transactional step (`commit_transaction`, `abort_transaction`,
 * `init_transactions`, `send_offsets_to_transaction`), a child of the context active at the
 * call, ERROR with `error.type` when the step failed; also measured in
 * `messaging.client.operation.duration`.
 */
export class TransactionSpan {
  readonly #span: Span;
  readonly #started = performance.now();

  constructor(
    telemetry: Telemetry,
    private readonly metrics: ClientMetrics,
    private readonly message: TransactionMessage,
  ) {
    const operation = OPERATION_NAMES[message.operation];
    const attributes: Attributes = { ...clientAttributes(message.client).span, [ATTR.operationName]: operation };
    if (message.consumerGroupId !== undefined) attributes[ATTR.consumerGroup] = message.consumerGroupId;
    this.#span = telemetry.tracer.startSpan(operation, { kind: SpanKind.CLIENT, attributes });
  }

  end(): void {
    const error = this.message.error;
    try {
      if (error !== undefined) {
        this.#span.setAttribute(ATTR.errorType, errorType(error));
        this.#span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      }
    } finally {
      // A failing tracer must not leave the span open.
      this.#span.end();
    }
    const seconds = (performance.now() - this.#started) / 1000;
    this.metrics.recordDuration(clientAttributes(this.message.client).metric, OPERATION_NAMES[this.message.operation], undefined, error, seconds);
  }
}
