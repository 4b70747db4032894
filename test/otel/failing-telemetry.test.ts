// ferrokafka/otel with a tracer, propagator or meter that throws: the records are still sent and
// every span that was started still ends; and the sent-messages count of several producers of one
// cluster adds up. On librdkafka's mock cluster (no broker needed for these).
import { hasSubscribers } from 'node:diagnostics_channel';

import type { Meter, MeterProvider, Tracer, TracerProvider } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';

import { Producer } from '../../lib/index.js';
import { enableOpenTelemetry, instrumentProducer, type TelemetryHandle } from '../../lib/otel/index.js';
import { MockCluster } from '../../lib/testing/index.js';
import { testSdk, type TestSdk } from './sdk.js';

let mock: MockCluster | undefined;
let handle: TelemetryHandle | undefined;
const producers: Array<Producer<string, string>> = [];

afterEach(async () => {
  handle?.disable();
  handle = undefined;
  for (const producer of producers.splice(0)) if (producer.isOpen) await producer.close({ timeoutMs: 2_000 });
  await mock?.stop();
  mock = undefined;
});

async function producer(): Promise<Producer<string, string>> {
  if (mock === undefined) {
    mock = await MockCluster.start({ brokers: 1 });
    await mock.createTopic('t', { partitions: 1 });
  }
  const created = new Producer<string, string>({ bootstrapServers: mock.bootstrapServers, lingerMs: 0, logger: () => undefined });
  producers.push(created);
  await created.send({ topic: 't', value: 'warm-up' });
  return created;
}

/** Writes `count` records through a writable stream: one burst, one announced call of several records. */
async function writeBurst(target: Producer<string, string>, count: number): Promise<void> {
  const stream = target.writable({ topic: 't' });
  for (let i = 0; i < count; i++) stream.write({ value: `v${i}` });
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(resolve);
  });
}

function tracerProvider(tracer: Tracer): TracerProvider {
  return { getTracer: () => tracer };
}

/** A tracer whose spans throw from setAttribute (a broken span processor or exporter hook). */
function throwingAttributes(sdk: TestSdk): Tracer {
  const real = sdk.tracerProvider.getTracer('test');
  return {
    startSpan(name, options, context) {
      const span = real.startSpan(name, options, context);
      span.setAttribute = () => {
        throw new Error('setAttribute failed');
      };
      return span;
    },
    startActiveSpan: real.startActiveSpan.bind(real),
  };
}

const outcomeSubscribed = (): boolean => hasSubscribers('ferrokafka:producer:send:outcome');

describe('ferrokafka/otel with failing telemetry', () => {
  it("a span whose setAttribute throws at the outcome: every record's span still ends", async () => {
    const target = await producer();
    const sdk = testSdk();
    handle = instrumentProducer(target, { tracerProvider: tracerProvider(throwingAttributes(sdk)), meterProvider: sdk.meterProvider });
    await writeBurst(target, 5);
    await expect.poll(() => sdk.exporter.getFinishedSpans().length).toBe(5);
    handle.disable();
    expect(outcomeSubscribed()).toBe(false);
  });

  it('a span whose setAttribute throws when a transactional step fails: the step reports its own error, the span ends', async () => {
    if (mock === undefined) await producer();
    const target = new Producer<string, string>({
      bootstrapServers: mock!.bootstrapServers,
      transactionalId: 'otel-failing',
      logger: () => undefined,
    });
    producers.push(target);
    const sdk = testSdk();
    handle = instrumentProducer(target, { tracerProvider: tracerProvider(throwingAttributes(sdk)), meterProvider: sdk.meterProvider });
    // Committing before initTransactions() fails: the span gets error.type, which throws here.
    await expect(target.commitTransaction()).rejects.toThrow(/state/i);
    expect(sdk.exporter.getFinishedSpans().map((span) => span.name)).toEqual(['commit_transaction']);
    handle.disable();
    expect(outcomeSubscribed()).toBe(false);
  });

  it('a propagator whose inject throws: the records are sent and their spans (send, create) end', async () => {
    const target = await producer();
    const sdk = testSdk();
    const propagator = {
      inject(): void {
        throw new Error('inject failed');
      },
      extract: sdk.propagator.extract.bind(sdk.propagator),
      fields: () => ['traceparent'],
    };
    handle = instrumentProducer(target, { tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider, propagator });
    const metadata = await target.send({ topic: 't', value: 'x' });
    expect(metadata.offset).toBeGreaterThanOrEqual(0);
    await target.sendBatch([
      { topic: 't', value: 'a' },
      { topic: 't', value: 'b' },
    ]);
    expect(
      sdk.exporter
        .getFinishedSpans()
        .map((span) => span.name)
        .sort(),
    ).toEqual(['create t', 'create t', 'send t', 'send t']);
  });

  it('a propagator that sets a header to a number or an object: the records are sent without it', async () => {
    const target = await producer();
    const sdk = testSdk();
    const propagator = {
      inject(_context: unknown, carrier: unknown, setter: { set(carrier: unknown, name: string, value: unknown): void }): void {
        setter.set(carrier, 'x-number', 42);
        setter.set(carrier, 'x-object', { a: 1 });
        setter.set(carrier, 'x-fine', 'yes');
      },
      extract: sdk.propagator.extract.bind(sdk.propagator),
      fields: () => ['x-number', 'x-object', 'x-fine'],
    };
    handle = instrumentProducer(target, { tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider, propagator });
    const metadata = await target.send({ topic: 't', value: 'x' });
    expect(metadata.offset).toBeGreaterThanOrEqual(0);
    const batch = await target.sendBatch([{ topic: 't', value: 'a' }]);
    expect(batch).toHaveLength(1);
  });

  it("a histogram whose record throws: every record's span still ends", async () => {
    const target = await producer();
    const sdk = testSdk();
    const real = sdk.meterProvider.getMeter('test');
    const meter = new Proxy(real, {
      get(target, name) {
        if (name === 'createHistogram')
          return () => ({
            record(): void {
              throw new Error('record failed');
            },
          });
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Meter;
    const meterProvider: MeterProvider = { getMeter: () => meter };
    handle = instrumentProducer(target, { tracerProvider: sdk.tracerProvider, meterProvider });
    await writeBurst(target, 4);
    await expect.poll(() => sdk.exporter.getFinishedSpans().length).toBe(4);
  });

  it('enableOpenTelemetry(): the sent-messages count of two producers of one cluster adds up', async () => {
    const sdk = testSdk();
    handle = enableOpenTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider, producerMetrics: false });
    const first = await producer();
    const second = await producer();
    await first.send({ topic: 't', value: '1' });
    await first.send({ topic: 't', value: '2' });
    await second.send({ topic: 't', value: '3' });
    const points = await sdk.collect('messaging.client.sent.messages');
    // The two warm-up sends count too: 5 records of one cluster and topic, in one series.
    expect(points.map((point) => point.value)).toEqual([5]);
  });

  it('instrumentProducer() on two producers with one meter: their sent-messages counts add up; disabling one keeps the total', async () => {
    const sdk = testSdk();
    const first = await producer();
    const second = await producer();
    const options = { tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider, producerMetrics: false };
    handle = instrumentProducer(first, options);
    const other = instrumentProducer(second, options);
    try {
      await first.send({ topic: 't', value: '1' });
      await first.send({ topic: 't', value: '2' });
      await second.send({ topic: 't', value: '3' });
      expect((await sdk.collect('messaging.client.sent.messages')).map((point) => point.value)).toEqual([3]);
      other.disable();
      await first.send({ topic: 't', value: '4' });
      expect((await sdk.collect('messaging.client.sent.messages')).map((point) => point.value)).toEqual([4]);
    } finally {
      other.disable();
    }
  });
});
