import {
  metrics,
  propagation,
  trace,
  type Meter,
  type MeterProvider,
  type TextMapPropagator,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

import { closestName } from '../config/suggestion.js';
import { describe } from '../errors/describe-value.js';
import { KafkaArgumentError } from '../errors/kafka-errors.js';

/** Options of {@link instrumentProducer} and {@link enableOpenTelemetry}. */
export interface OpenTelemetryOptions {
  /** Where spans go. Default: the global tracer provider (`trace.setGlobalTracerProvider`, or the SDK's `register()`). */
  tracerProvider?: TracerProvider | undefined;
  /**
   * Where metrics go. Default: the global meter provider as it is when tracing is enabled (the
   * metrics API has no proxy: set the SDK's provider first, or pass it here).
   */
  meterProvider?: MeterProvider | undefined;
  /** How the trace context is written into records' headers. Default: the global propagator (W3C `traceparent`/`tracestate` in the SDK's default setup). */
  propagator?: TextMapPropagator | undefined;
  /**
   * sendBatch(): one "create" span per record, whose context goes into that record's headers,
   * linked from the batch's "send" span (the conventions' recommendation for batch APIs). `false`:
   * no create spans; every record carries the send span's context. Default: true.
   */
  batchCreateSpans?: boolean | undefined;
  /** Observe the Java-named metrics of `producer.metrics()` (`kafka.producer.*`). Default: true. */
  producerMetrics?: boolean | undefined;
}

/** The instrumentation scope's name, for tracers and meters. */
export const SCOPE = 'ferrokafka';

/** Options resolved to what the instrumentation uses. */
export interface Telemetry {
  readonly tracer: Tracer;
  readonly meter: Meter;
  readonly propagator: TextMapPropagator;
  readonly batchCreateSpans: boolean;
  readonly producerMetrics: boolean;
}

const OPTION_NAMES = ['tracerProvider', 'meterProvider', 'propagator', 'batchCreateSpans', 'producerMetrics'];

/** Checks the options (naming a bad one) and fills in the global providers. */
export function resolveTelemetry(call: string, options: OpenTelemetryOptions | undefined): Telemetry {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') {
    throw new KafkaArgumentError(
      `${call}: options must be an object such as { tracerProvider, meterProvider, propagator }; got ${describe(options)}`,
    );
  }
  for (const name of Object.keys(options)) {
    if (OPTION_NAMES.includes(name)) continue;
    const hint = closestName(name, OPTION_NAMES);
    throw new KafkaArgumentError(
      `${call}: unknown option '${name}'${hint === undefined ? '' : ` (did you mean '${hint}'?)`}; the options are ${OPTION_NAMES.join(', ')}`,
    );
  }
  const tracerProvider = checked(call, 'tracerProvider', options.tracerProvider, 'getTracer') ?? trace.getTracerProvider();
  const meterProvider = checked(call, 'meterProvider', options.meterProvider, 'getMeter') ?? metrics.getMeterProvider();
  const propagator = checked(call, 'propagator', options.propagator, 'inject') ?? propagation;
  return {
    tracer: tracerProvider.getTracer(SCOPE),
    meter: meterProvider.getMeter(SCOPE),
    propagator,
    batchCreateSpans: flag(call, 'batchCreateSpans', options.batchCreateSpans),
    producerMetrics: flag(call, 'producerMetrics', options.producerMetrics),
  };
}

function checked<T>(call: string, name: string, value: T | undefined, method: string): T | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || typeof (value as Record<string, unknown>)[method] !== 'function') {
    throw new KafkaArgumentError(`${call}: ${name} must be an OpenTelemetry ${name} (an object with ${method}()); got ${describe(value)}`);
  }
  return value;
}

function flag(call: string, name: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw new KafkaArgumentError(`${call}: ${name} must be true or false; got ${describe(value)}`);
  return value;
}
