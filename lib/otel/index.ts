/**
 * `ferrokafka/otel`: OpenTelemetry tracing and metrics for ferrokafka producers, following
 * OpenTelemetry's messaging semantic conventions for Kafka. It needs `@opentelemetry/api` (an
 * optional peer dependency: the main entry point never loads it) and an OpenTelemetry SDK set up
 * by the application.
 *
 * ```ts
 * import { instrumentProducer } from 'ferrokafka/otel';
 * const telemetry = instrumentProducer(producer); // or enableOpenTelemetry() for every producer
 * await producer.send({ topic: 'orders', key: 'o-1', value: '...' }); // a "send orders" span; traceparent in the headers
 * telemetry.disable();
 * ```
 *
 * @module
 */
export { enableOpenTelemetry, instrumentProducer, type TelemetryHandle } from './enable.js';
export type { OpenTelemetryOptions } from './options.js';
