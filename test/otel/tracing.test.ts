// ferrokafka/otel against the real broker: spans, their attributes and parents, errors, batches,
// transactions, metrics, and the trace context read back from the records by kafkajs.
import { hasSubscribers } from 'node:diagnostics_channel';

import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type TextMapGetter } from '@opentelemetry/api';
import { AlwaysOffSampler, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';

import { KafkaArgumentError, type KafkaError, type RecordMetadata } from '../../lib/index.js';
import { enableOpenTelemetry, instrumentProducer, type TelemetryHandle } from '../../lib/otel/index.js';
import { bootstrapServers, consumeAll, createTopic, type ConsumedRecord } from '../helpers/kafka.js';
import { trackProducers } from '../helpers/producer-tracker.js';
import { parseTraceparent, pointWith, testSdk, type TestSdk } from './sdk.js';

const kafkajsHeaders: TextMapGetter<ConsumedRecord['headers']> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, name) => headers[name]?.toString(),
};

function options(sdk: TestSdk) {
  return { tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider, propagator: sdk.propagator };
}

function spansNamed(sdk: TestSdk, prefix: string): ReadableSpan[] {
  return sdk.exporter.getFinishedSpans().filter((span) => span.name.startsWith(prefix));
}

describe('ferrokafka/otel', () => {
  const open = trackProducers();
  const port = Number(bootstrapServers().split(',')[0]!.split(':').at(-1));

  it("send() in a parent span: a PRODUCER span with the conventions' attributes, whose context a kafkajs consumer continues", async () => {
    const topic = await createTopic(1, 'otel-send');
    const producer = open({ clientId: 'otel-send' });
    const sdk = testSdk();
    const telemetry = instrumentProducer(producer, options(sdk));
    try {
      const parent = sdk.tracerProvider.getTracer('app').startSpan('handle request');
      const record = { topic, key: 'order-1', value: 'paid', headers: { app: 'shop' } };
      const metadata = await context.with(trace.setSpan(context.active(), parent), () => producer.send(record));
      parent.end();
      // The caller's record is not changed: the trace context went into the sent headers only.
      expect(record.headers).toEqual({ app: 'shop' });

      const [span, ...others] = spansNamed(sdk, 'send');
      expect(others).toEqual([]);
      expect(span!.name).toBe(`send ${topic}`);
      expect(span!.kind).toBe(SpanKind.PRODUCER);
      expect(span!.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect(span!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span!.status.code).toBe(SpanStatusCode.UNSET);
      expect(span!.attributes).toEqual({
        'messaging.system': 'kafka',
        'messaging.operation.name': 'send',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'messaging.kafka.message.key': 'order-1',
        'messaging.client.id': 'otel-send',
        'messaging.destination.partition.id': String(metadata.partition),
        'messaging.kafka.offset': metadata.offset,
        'server.address': '127.0.0.1',
        'server.port': port,
      });

      const [consumed] = await consumeAll(topic, 1, { settleMs: 0 });
      expect(consumed!.headers['app']?.toString()).toBe('shop');
      const sent = parseTraceparent(consumed!.headers['traceparent']?.toString());
      expect(sent).toEqual({ traceId: span!.spanContext().traceId, spanId: span!.spanContext().spanId, flags: '01' });
      // The consumer's side, as an instrumented consumer does it: its span continues the producer's trace.
      const remote = sdk.propagator.extract(ROOT_CONTEXT, consumed!.headers, kafkajsHeaders);
      const processing = sdk.tracerProvider.getTracer('consumer').startSpan(`process ${topic}`, { kind: SpanKind.CONSUMER }, remote);
      processing.end();
      expect(processing.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect((processing as unknown as ReadableSpan).parentSpanContext?.spanId).toBe(span!.spanContext().spanId);
    } finally {
      telemetry.disable();
    }
  });

  it('produce(): a span per record, ended before its callback with partition and offset; a tombstone is marked', async () => {
    const topic = await createTopic(2, 'otel-produce');
    const producer = open();
    const sdk = testSdk();
    const telemetry = instrumentProducer(producer, options(sdk));
    try {
      const results = await Promise.all(
        [0, 1].map(
          (partition) =>
            new Promise<RecordMetadata>((resolve, reject) => {
              producer.produce({ topic, partition, value: partition === 0 ? 'x' : null }, (error, metadata) => {
                if (error) reject(error);
                else resolve(metadata as RecordMetadata);
              });
            }),
        ),
      );
      const spans = spansNamed(sdk, 'send').sort(
        (a, b) => Number(a.attributes['messaging.destination.partition.id']) - Number(b.attributes['messaging.destination.partition.id']),
      );
      expect(spans).toHaveLength(2);
      for (const [i, span] of spans.entries()) {
        expect(span.parentSpanContext).toBeUndefined();
        expect(span.attributes).toMatchObject({ 'messaging.destination.partition.id': String(i), 'messaging.kafka.offset': results[i]!.offset });
      }
      expect(spans[0]!.attributes['messaging.kafka.message.tombstone']).toBeUndefined();
      expect(spans[1]!.attributes['messaging.kafka.message.tombstone']).toBe(true);
    } finally {
      telemetry.disable();
    }
  });

  it('error spans and failure counts: a record too large, an unknown partition, an invalid topic', async () => {
    const topic = await createTopic(1, 'otel-errors');
    const producer = open({ messageMaxBytes: 10_000 });
    const sdk = testSdk();
    const telemetry = instrumentProducer(producer, options(sdk));
    try {
      const tooLarge = await producer.send({ topic, value: 'x'.repeat(20_000) }).catch((error: KafkaError) => error);
      const unknownPartition = await producer.send({ topic, value: 'x', partition: 7 }).catch((error: KafkaError) => error);
      expect(() => producer.produce({ topic: 'no spaces allowed', value: 'x' })).toThrow(/invalid topic/);
      expect([(tooLarge as KafkaError).type, (unknownPartition as KafkaError).type]).toEqual(['MSG_SIZE_TOO_LARGE', 'UNKNOWN_PARTITION']);

      const spans = spansNamed(sdk, 'send');
      const byType = Object.fromEntries(spans.map((span) => [span.attributes['error.type'], span]));
      expect(Object.keys(byType).sort()).toEqual(['INVALID_RECORD', 'MSG_SIZE_TOO_LARGE', 'UNKNOWN_PARTITION']);
      expect(byType['MSG_SIZE_TOO_LARGE']!.status).toEqual({ code: SpanStatusCode.ERROR, message: (tooLarge as KafkaError).message });
      expect(byType['UNKNOWN_PARTITION']!.attributes['messaging.destination.partition.id']).toBe('7');
      expect(byType['INVALID_RECORD']!.name).toBe('send no spaces allowed');
      for (const span of spans) expect(span.attributes['messaging.kafka.offset']).toBeUndefined();

      const sent = await sdk.collect('messaging.client.sent.messages');
      expect(pointWith(sent, { 'messaging.destination.name': topic, 'error.type': 'MSG_SIZE_TOO_LARGE' })?.value).toBe(1);
      expect(pointWith(sent, { 'messaging.destination.name': topic, 'error.type': 'UNKNOWN_PARTITION' })?.value).toBe(1);
      expect(sent.filter((point) => point.attributes['error.type'] === undefined)).toEqual([]);
    } finally {
      telemetry.disable();
    }
  });

  it('sendBatch(): one send span with the batch size, linked to a create span per record whose context that record carries', async () => {
    const topic = await createTopic(2, 'otel-batch');
    const producer = open();
    const sdk = testSdk();
    const telemetry = instrumentProducer(producer, options(sdk));
    try {
      const parent = sdk.tracerProvider.getTracer('app').startSpan('import');
      const records = ['a', 'b', 'c'].map((key) => ({ topic, key, value: `value-${key}` }));
      await context.with(trace.setSpan(context.active(), parent), () => producer.sendBatch(records));
      parent.end();

      const creates = spansNamed(sdk, 'create');
      const [send, ...others] = spansNamed(sdk, 'send');
      expect(others).toEqual([]);
      expect(send!.name).toBe(`send ${topic}`);
      expect(send!.kind).toBe(SpanKind.CLIENT);
      expect(send!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(send!.attributes).toMatchObject({
        'messaging.batch.message_count': 3,
        'messaging.destination.name': topic,
        'messaging.operation.type': 'send',
      });
      expect(send!.attributes['messaging.kafka.message.key']).toBeUndefined();
      expect(creates.map((span) => span.attributes['messaging.kafka.message.key']).sort()).toEqual(['a', 'b', 'c']);
      for (const create of creates) {
        expect(create.kind).toBe(SpanKind.PRODUCER);
        expect(create.name).toBe(`create ${topic}`);
        expect(create.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
        expect(create.attributes).toMatchObject({ 'messaging.operation.name': 'create', 'messaging.operation.type': 'create' });
      }
      expect(send!.links.map((link) => link.context.spanId).sort()).toEqual(creates.map((span) => span.spanContext().spanId).sort());

      const consumed = await consumeAll(topic, 3, { settleMs: 0 });
      for (const record of consumed) {
        const carried = parseTraceparent(record.headers['traceparent']?.toString());
        const create = creates.find((span) => span.attributes['messaging.kafka.message.key'] === record.key!.toString());
        expect(carried.spanId).toBe(create!.spanContext().spanId);
        expect(carried.traceId).toBe(parent.spanContext().traceId);
      }
    } finally {
      telemetry.disable();
    }
  });

  it('sendBatch() with batchCreateSpans: false: the records carry the send span, PRODUCER; a failed record makes it ERROR', async () => {
    const topic = await createTopic(1, 'otel-batch-plain');
    const producer = open();
    const sdk = testSdk();
    const telemetry = instrumentProducer(producer, { ...options(sdk), batchCreateSpans: false });
    try {
      const outcome = await producer
        .sendBatch([
          { topic, value: 'ok' },
          { topic, value: 'refused', partition: 4 },
        ])
        .catch((error: KafkaError) => error);
      expect((outcome as KafkaError).type).toBeDefined();
      expect(spansNamed(sdk, 'create')).toEqual([]);
      const [send] = spansNamed(sdk, 'send');
      expect(send!.kind).toBe(SpanKind.PRODUCER);
      expect(send!.status.code).toBe(SpanStatusCode.ERROR);
      expect(send!.status.message).toMatch(/^1 of 2 records failed; the first: /);
      expect(send!.attributes['error.type']).toBe('UNKNOWN_PARTITION');
      const [consumed] = await consumeAll(topic, 1, { settleMs: 0 });
      expect(parseTraceparent(consumed!.headers['traceparent']?.toString()).spanId).toBe(send!.spanContext().spanId);
    } finally {
      telemetry.disable();
    }
  });

  it("keeps a trace context the caller put in a record's headers and links the span to it", async () => {
    const topic = await createTopic(1, 'otel-own');
    const producer = open();
    const sdk = testSdk();
    const telemetry = instrumentProducer(producer, options(sdk));
    try {
      const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      await producer.send({ topic, value: 'x', headers: [['traceparent', Buffer.from(own)]] });
      const [span] = spansNamed(sdk, 'send');
      expect(span!.links.map((link) => link.context.spanId)).toEqual(['b7ad6b7169203331']);
      const [consumed] = await consumeAll(topic, 1, { settleMs: 0 });
      expect(consumed!.headers['traceparent']?.toString()).toBe(own);
    } finally {
      telemetry.disable();
    }
  });

  it('injects nothing into a record whose headers already name traceparent, even an invalid one: no record carries two', async () => {
    const topic = await createTopic(1, 'otel-invalid-own');
    const producer = open();
    const sdk = testSdk();
    const telemetry = instrumentProducer(producer, options(sdk));
    try {
      await producer.send({ topic, value: 'send', headers: { traceparent: 'garbage' } });
      await producer.sendBatch([{ topic, value: 'batch', headers: [['traceparent', 'not-a-context']] }]);
      const consumed = await consumeAll(topic, 2, { settleMs: 0 });
      // kafkajs gathers a repeated header into an array: a single Buffer means one header.
      expect(consumed.map((record) => Buffer.isBuffer(record.headers['traceparent']))).toEqual([true, true]);
      expect(consumed.map((record) => record.headers['traceparent']?.toString())).toEqual(['garbage', 'not-a-context']);
      expect(spansNamed(sdk, 'send')).toHaveLength(2);
    } finally {
      telemetry.disable();
    }
  });

  it('not sampled: no span is exported, the unsampled context is still propagated and the metrics still count', async () => {
    const topic = await createTopic(1, 'otel-unsampled');
    const producer = open();
    const sdk = testSdk(new AlwaysOffSampler());
    const telemetry = instrumentProducer(producer, options(sdk));
    try {
      await producer.send({ topic, value: 'x' });
      expect(sdk.exporter.getFinishedSpans()).toEqual([]);
      const [consumed] = await consumeAll(topic, 1, { settleMs: 0 });
      expect(parseTraceparent(consumed!.headers['traceparent']?.toString()).flags).toBe('00');
      expect(pointWith(await sdk.collect('messaging.client.sent.messages'), { 'messaging.destination.name': topic })?.value).toBe(1);
    } finally {
      telemetry.disable();
    }
  });

  it('writable(): a span per record written, also for records that take the topic from the stream', async () => {
    const topic = await createTopic(1, 'otel-writable');
    const producer = open();
    const sdk = testSdk();
    const telemetry = instrumentProducer(producer, options(sdk));
    try {
      const stream = producer.writable({ topic });
      for (let i = 0; i < 4; i++) stream.write({ key: `w${i}`, value: 'x' });
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
      const spans = spansNamed(sdk, 'send');
      expect(spans.map((span) => span.attributes['messaging.kafka.message.key']).sort()).toEqual(['w0', 'w1', 'w2', 'w3']);
      expect(spans.map((span) => span.attributes['messaging.kafka.offset']).sort()).toEqual([0, 1, 2, 3]);
      for (const span of spans) expect(span.name).toBe(`send ${topic}`);
    } finally {
      telemetry.disable();
    }
  });

  it("transactions: the steps are CLIENT spans in the caller's trace, the sends inside them traced", async () => {
    const topic = await createTopic(1, 'otel-tx');
    const producer = open({ transactionalId: `otel-tx-${topic}`, logger: () => undefined });
    const sdk = testSdk();
    const telemetry = instrumentProducer(producer, options(sdk));
    try {
      const parent = sdk.tracerProvider.getTracer('app').startSpan('batch job');
      await context.with(trace.setSpan(context.active(), parent), async () => {
        await producer.initTransactions();
        producer.beginTransaction();
        await producer.send({ topic, value: 'committed' });
        await producer.commitTransaction();
        producer.beginTransaction();
        await producer.send({ topic, value: 'aborted' });
        await producer.abortTransaction();
      });
      parent.end();
      const names = sdk.exporter
        .getFinishedSpans()
        .filter((span) => span !== (parent as unknown))
        .map((span) => span.name);
      expect(names).toEqual(['init_transactions', `send ${topic}`, 'commit_transaction', `send ${topic}`, 'abort_transaction']);
      for (const span of sdk.exporter.getFinishedSpans().slice(0, 5)) {
        expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
        expect(span.status.code).toBe(SpanStatusCode.UNSET);
      }
      const commit = spansNamed(sdk, 'commit_transaction')[0]!;
      expect(commit.kind).toBe(SpanKind.CLIENT);
      expect(commit.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.operation.name': 'commit_transaction' });
      // A step that fails: committing with no transaction open.
      await expect(producer.commitTransaction()).rejects.toThrow();
      const failed = spansNamed(sdk, 'commit_transaction')[1]!;
      expect(failed.status.code).toBe(SpanStatusCode.ERROR);
      expect(failed.attributes['error.type']).toEqual(expect.any(String));
    } finally {
      telemetry.disable();
    }
  });

  it('metrics: sent messages, operation duration and the Java-named producer metrics', async () => {
    const topic = await createTopic(1, 'otel-metrics');
    const producer = open({ clientId: 'otel-metrics' });
    const sdk = testSdk();
    const telemetry = instrumentProducer(producer, options(sdk));
    try {
      for (let i = 0; i < 5; i++) await producer.send({ topic, value: `m${i}` });
      await producer.sendBatch([
        { topic, value: 'b1' },
        { topic, value: 'b2' },
      ]);
      const sent = pointWith(await sdk.collect('messaging.client.sent.messages'), { 'messaging.destination.name': topic });
      expect(sent?.value).toBe(7);
      expect(sent?.attributes).toEqual({
        'messaging.system': 'kafka',
        'messaging.operation.name': 'send',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'server.address': '127.0.0.1',
        'server.port': port,
      });
      const duration = pointWith(await sdk.collect('messaging.client.operation.duration'), { 'messaging.destination.name': topic });
      // 5 sends and one batch: 6 operations, each taking more than 0 s and less than the test.
      const histogram = duration?.value as { count: number; sum: number; max: number };
      expect(histogram.count).toBe(6);
      expect(histogram.sum).toBeGreaterThan(0);
      expect(histogram.max).toBeLessThan(30);
      const total = await sdk.collect('kafka.producer.record-send-total');
      expect(pointWith(total, { 'client-id': 'otel-metrics' })?.value).toBe(7);
      const errors = await sdk.collect('kafka.producer.record-error-total');
      expect(pointWith(errors, { 'client-id': 'otel-metrics' })?.value).toBe(0);
      expect(await sdk.collect('kafka.producer.buffer-total-bytes')).toHaveLength(1);
    } finally {
      telemetry.disable();
    }
  });

  it("enableOpenTelemetry() traces every producer; a producer's own configuration takes precedence; disable() stops both", async () => {
    const topic = await createTopic(1, 'otel-global');
    const first = open({ clientId: 'first' });
    const second = open({ clientId: 'second' });
    const everyone = testSdk();
    const own = testSdk();
    const handles: TelemetryHandle[] = [enableOpenTelemetry(options(everyone)), instrumentProducer(second, options(own))];
    try {
      await first.send({ topic, value: '1' });
      await second.send({ topic, value: '2' });
      expect(spansNamed(everyone, 'send').map((span) => span.attributes['messaging.client.id'])).toEqual(['first']);
      expect(spansNamed(own, 'send').map((span) => span.attributes['messaging.client.id'])).toEqual(['second']);
    } finally {
      for (const handle of handles) handle.disable();
    }
    expect(handles.map((handle) => handle.enabled)).toEqual([false, false]);
    expect(hasSubscribers('ferrokafka:producer:send:start')).toBe(false);
    expect(hasSubscribers('ferrokafka:producer:send:outcome')).toBe(false);
    await first.send({ topic, value: '3' });
    expect(spansNamed(everyone, 'send')).toHaveLength(1);
    const consumed = await consumeAll(topic, 3, { settleMs: 0 });
    expect(consumed.map((record) => record.headers['traceparent'] !== undefined)).toEqual([true, true, false]);
  });

  it('names what is wrong with a bad argument', () => {
    const producer = open();
    expect(() => instrumentProducer({} as never)).toThrow(KafkaArgumentError);
    expect(() => instrumentProducer({} as never)).toThrow('instrumentProducer: the first argument must be a ferrokafka Producer; got');
    expect(() => instrumentProducer(producer, { tracerprovider: {} } as never)).toThrow(
      "unknown option 'tracerprovider' (did you mean 'tracerProvider'?)",
    );
    expect(() => instrumentProducer(producer, { meterProvider: 'global' } as never)).toThrow('meterProvider must be an OpenTelemetry meterProvider');
    expect(() => instrumentProducer(producer, { batchCreateSpans: 1 } as never)).toThrow(
      'instrumentProducer: batchCreateSpans must be true or false; got number 1',
    );
    const handle = instrumentProducer(producer);
    try {
      expect(() => instrumentProducer(producer)).toThrow('this producer is already instrumented');
      expect(() => enableOpenTelemetry({ propagator: null } as never)).toThrow('propagator must be an OpenTelemetry propagator');
    } finally {
      handle.disable();
    }
  });
});
