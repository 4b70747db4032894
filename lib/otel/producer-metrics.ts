import type { BatchObservableCallback, Meter, Observable } from '@opentelemetry/api';

import type { ProducerMetrics } from '../observability/metrics.js';
import type { Producer } from '../producer/producer.js';

interface MetricSpec {
  readonly unit: string;
  readonly description: string;
  /** A running total (an observable counter); otherwise a gauge. */
  readonly total?: true;
}

/** Every metric of `producer.metrics()` (the compiler checks none is missing), with its unit. */
const SPECS: Readonly<Record<keyof ProducerMetrics, MetricSpec>> = {
  'record-send-rate': { unit: '{record}/s', description: 'Records delivered per second.' },
  'record-send-total': { unit: '{record}', description: 'Records delivered since the producer was created.', total: true },
  'record-error-rate': { unit: '{record}/s', description: 'Records that failed per second.' },
  'record-error-total': { unit: '{record}', description: 'Records that failed since the producer was created.', total: true },
  'record-retry-rate': { unit: '{request}/s', description: 'Produce requests retried per second.' },
  'request-rate': { unit: '{request}/s', description: 'Requests sent to the brokers per second.' },
  'request-latency-avg': { unit: 'ms', description: 'Average request round trip.' },
  'request-latency-max': { unit: 'ms', description: 'Longest request round trip.' },
  'record-queue-time-avg': { unit: 'ms', description: "Average time a record waited in librdkafka's queue before being sent." },
  'batch-size-avg': { unit: 'By', description: 'Average batch size on the wire.' },
  'records-per-request-avg': { unit: '{record}', description: 'Average records per batch.' },
  'record-size-avg': { unit: 'By', description: 'Average record size (key, value and headers).' },
  'compression-rate-avg': { unit: '1', description: 'Bytes of a batch on the wire per byte of its keys and values.' },
  'buffer-total-bytes': { unit: 'By', description: "The local queue's capacity." },
  'buffer-available-bytes': { unit: 'By', description: 'Room left in the local queue.' },
  'outgoing-byte-rate': { unit: 'By/s', description: 'Bytes sent to the brokers per second.' },
  'records-queued': { unit: '{record}', description: "Records in librdkafka's queue or in flight at the last statistics." },
};

/** The instrument name of a Java metric, as OpenTelemetry's JMX bridge names the Java producer's. */
export function instrumentName(metric: keyof ProducerMetrics): string {
  return `kafka.producer.${metric}`;
}

/**
 * The Java-named metrics of `producer.metrics()` as observable instruments (gauges, and
 * counters for the totals), read for every observed producer when the reader collects, with the
 * attribute `client-id` (the Java bridge's). Producers are held weakly; closed ones are dropped.
 */
export class ProducerMetricsObserver {
  readonly #meter: Meter;
  readonly #instruments = new Map<keyof ProducerMetrics, Observable>();
  readonly #producers = new Set<WeakRef<Producer<never, never>>>();
  readonly #known = new WeakSet<object>();
  readonly #callback: BatchObservableCallback = (result) => {
    for (const reference of this.#producers) {
      const producer = reference.deref();
      if (producer === undefined || !producer.isOpen) {
        this.#producers.delete(reference);
        continue;
      }
      let values: ProducerMetrics;
      try {
        values = producer.metrics();
      } catch {
        continue; // closing meanwhile
      }
      const attributes = { 'client-id': (producer.toJSON() as { clientId: string }).clientId };
      for (const [metric, instrument] of this.#instruments) result.observe(instrument, values[metric], attributes);
    }
  };

  constructor(meter: Meter) {
    this.#meter = meter;
    for (const [metric, spec] of Object.entries(SPECS) as Array<[keyof ProducerMetrics, MetricSpec]>) {
      const options = { unit: spec.unit, description: spec.description };
      const name = instrumentName(metric);
      this.#instruments.set(metric, spec.total ? meter.createObservableCounter(name, options) : meter.createObservableGauge(name, options));
    }
    meter.addBatchObservableCallback(this.#callback, [...this.#instruments.values()]);
  }

  /** Observes a producer from now on (once). */
  observe(producer: object): void {
    if (this.#known.has(producer)) return;
    this.#known.add(producer);
    this.#producers.add(new WeakRef(producer as Producer<never, never>));
  }

  /** Stops observing: the instruments report nothing more. */
  stop(): void {
    this.#meter.removeBatchObservableCallback(this.#callback, [...this.#instruments.values()]);
    this.#producers.clear();
  }
}
