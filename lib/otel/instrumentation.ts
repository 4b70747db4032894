import type { SendStartMessage, TransactionMessage } from '../observability/send-announcements.js';
import { BatchSpan } from './batch-span.js';
import type { CallTrace } from './call-trace.js';
import { ClientMetrics } from './client-metrics.js';
import type { Telemetry } from './options.js';
import { ProducerMetricsObserver } from './producer-metrics.js';
import { RecordSpans } from './record-spans.js';
import { TransactionSpan } from './transaction-spans.js';

/** One enabled configuration (a producer's, or the global one): its tracer, meter and propagator. */
export class Instrumentation {
  readonly #telemetry: Telemetry;
  readonly #metrics: ClientMetrics;
  readonly #producerMetrics: ProducerMetricsObserver | undefined;

  constructor(telemetry: Telemetry) {
    this.#telemetry = telemetry;
    this.#metrics = ClientMetrics.acquire(telemetry.meter);
    this.#producerMetrics = telemetry.producerMetrics ? new ProducerMetricsObserver(telemetry.meter) : undefined;
  }

  /** Spans for a call's records (their contexts go into the call's `headers`). */
  startCall(start: SendStartMessage): CallTrace {
    this.#producerMetrics?.observe(start.client.producer);
    return start.operation === 'sendBatch'
      ? new BatchSpan(this.#telemetry, this.#metrics, start)
      : new RecordSpans(this.#telemetry, this.#metrics, start);
  }

  startTransaction(message: TransactionMessage): TransactionSpan {
    this.#producerMetrics?.observe(message.client.producer);
    return new TransactionSpan(this.#telemetry, this.#metrics, message);
  }

  /** Observes a producer's Java-named metrics from now on. */
  observe(producer: object): void {
    this.#producerMetrics?.observe(producer);
  }

  stop(): void {
    this.#metrics.release();
    this.#producerMetrics?.stop();
  }
}
