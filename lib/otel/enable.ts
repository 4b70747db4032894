import { describe } from '../errors/describe-value.js';
import { KafkaArgumentError } from '../errors/kafka-errors.js';
import type { Producer } from '../producer/producer.js';
import { globalInstrumentation, instrumentationOf, setGlobalInstrumentation, setProducerInstrumentation } from './dispatcher.js';
import { Instrumentation } from './instrumentation.js';
import { resolveTelemetry, type OpenTelemetryOptions } from './options.js';

/** What {@link instrumentProducer} and {@link enableOpenTelemetry} return: turns the instrumentation off. */
export interface TelemetryHandle {
  /**
   * Stops tracing and measuring new calls (spans already started still end at their records'
   * outcomes) and stops observing the producer metrics. Calling it again does nothing.
   */
  disable(): void;
  /** True until `disable()`. */
  readonly enabled: boolean;
}

/**
 * Traces and measures one producer: a span per record it sends, its records' trace context in
 * their headers, the messaging metrics and its `producer.metrics()` as observable instruments.
 * Takes precedence over {@link enableOpenTelemetry} for this producer. Throws a
 * `KafkaArgumentError` for something that is not a producer, a bad option, or a producer that is
 * already instrumented.
 */
export function instrumentProducer<K, V>(producer: Producer<K, V>, options?: OpenTelemetryOptions): TelemetryHandle {
  if (!isProducer(producer)) {
    throw new KafkaArgumentError(`instrumentProducer: the first argument must be a ferrokafka Producer; got ${describe(producer)}`);
  }
  const telemetry = resolveTelemetry('instrumentProducer', options);
  if (instrumentationOf(producer) !== undefined) {
    throw new KafkaArgumentError(
      'instrumentProducer: this producer is already instrumented; call disable() on the handle that instrumented it first',
    );
  }
  const instrumentation = new Instrumentation(telemetry);
  instrumentation.observe(producer);
  setProducerInstrumentation(producer, instrumentation);
  return handle(() => {
    if (instrumentationOf(producer) === instrumentation) setProducerInstrumentation(producer, undefined);
    instrumentation.stop();
  });
}

/**
 * Traces and measures every producer of the process (those created before as well), except
 * those given their own configuration with {@link instrumentProducer}. A producer's metrics are
 * observed from its first send or transactional call. Throws a `KafkaArgumentError` for a bad
 * option, or when it is enabled already.
 */
export function enableOpenTelemetry(options?: OpenTelemetryOptions): TelemetryHandle {
  const telemetry = resolveTelemetry('enableOpenTelemetry', options);
  if (globalInstrumentation() !== undefined) {
    throw new KafkaArgumentError('enableOpenTelemetry: OpenTelemetry is enabled already; call disable() on the handle it returned first');
  }
  const instrumentation = new Instrumentation(telemetry);
  setGlobalInstrumentation(instrumentation);
  return handle(() => {
    if (globalInstrumentation() === instrumentation) setGlobalInstrumentation(undefined);
    instrumentation.stop();
  });
}

/** By shape rather than instanceof: the ESM and CommonJS builds each have their own Producer class. */
function isProducer(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as { send?: unknown; produce?: unknown; metrics?: unknown };
  return typeof candidate.send === 'function' && typeof candidate.produce === 'function' && typeof candidate.metrics === 'function';
}

function handle(stop: () => void): TelemetryHandle {
  let enabled = true;
  return {
    disable(): void {
      if (!enabled) return;
      enabled = false;
      stop();
    },
    get enabled(): boolean {
      return enabled;
    },
  };
}
