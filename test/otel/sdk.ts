// The OpenTelemetry SDK as an application sets it up, with in-memory exporters: spans are
// exported as they end (SimpleSpanProcessor), metrics when a test collects them.
import { context, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type Sampler } from '@opentelemetry/sdk-trace-base';

/** A reader collected on demand. */
class OnDemandReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export interface TestSdk {
  exporter: InMemorySpanExporter;
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  propagator: W3CTraceContextPropagator;
  /** Every data point of a metric, by instrument name. */
  collect(name: string): Promise<Array<DataPoint<number | Histogram>>>;
}

let contextManager: AsyncLocalStorageContextManager | undefined;

export function testSdk(sampler?: Sampler): TestSdk {
  if (contextManager === undefined) {
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
  }
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)], ...(sampler ? { sampler } : {}) });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    exporter,
    tracerProvider,
    meterProvider,
    propagator: new W3CTraceContextPropagator(),
    async collect(name) {
      const { resourceMetrics } = await reader.collect();
      const points: Array<DataPoint<number | Histogram>> = [];
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics)
          if (metric.descriptor.name === name) points.push(...(metric.dataPoints as Array<DataPoint<number | Histogram>>));
      }
      return points;
    },
  };
}

/** The value of the data point whose attributes include `match`. */
export function pointWith(points: Array<DataPoint<number | Histogram>>, match: Attributes): DataPoint<number | Histogram> | undefined {
  return points.find((point) => Object.entries(match).every(([name, value]) => point.attributes[name] === value));
}

/** A W3C traceparent header's trace id, span id and flags. */
export function parseTraceparent(value: unknown): { traceId: string; spanId: string; flags: string } {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(String(value));
  if (match === null) throw new Error(`not a traceparent: ${String(value)}`);
  return { traceId: match[1] as string, spanId: match[2] as string, flags: match[3] as string };
}
