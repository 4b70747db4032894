import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { KafkaAbortError, KafkaClosedError, KafkaError, KafkaRecordError, KafkaSerializationError, Producer, serializers } from '../lib/index.js';
import { bootstrapServers, consumeAll, createTopic } from './helpers/kafka.js';
import { rejectionOf } from './helpers/rejection.js';

describe('bad input: a clear typed error for the call, nothing else lost', () => {
  let topic: string;
  let producer: Producer;

  beforeAll(async () => {
    topic = await createTopic(2);
    producer = new Producer({ bootstrapServers: bootstrapServers(), messageMaxBytes: 10_000 });
  });
  afterAll(async () => {
    await producer.close();
  });

  /** Sends good records around a bad one and checks the good ones all land. */
  async function aroundBadSend(bad: () => Promise<unknown>): Promise<KafkaError> {
    const before = Array.from({ length: 5 }, (_, i) => producer.send({ topic, value: `before-${i}` }));
    const failure = await bad().then(
      () => {
        throw new Error('expected the bad send to fail');
      },
      (error: unknown) => error,
    );
    const after = Array.from({ length: 5 }, (_, i) => producer.send({ topic, value: `after-${i}` }));
    const delivered = await Promise.all([...before, ...after]);
    expect(delivered).toHaveLength(10);
    for (const metadata of delivered) expect(metadata.offset).toBeGreaterThanOrEqual(0);
    expect(failure).toBeInstanceOf(KafkaError);
    const error = failure as KafkaError;
    expect(typeof error.code).toBe('number');
    expect(typeof error.type).toBe('string');
    expect(typeof error.retriable).toBe('boolean');
    expect(typeof error.fatal).toBe('boolean');
    expect(error.fatal).toBe(false);
    return error;
  }

  it('empty or invalid topic names', async () => {
    for (const bad of ['', 'has space', 'a'.repeat(250), '..', 'ümlaut']) {
      const error = await aroundBadSend(() => producer.send({ topic: bad, value: 'x' }));
      expect(error).toBeInstanceOf(KafkaRecordError);
      expect(error.message).toContain('invalid topic');
    }
  });

  it('a value of an unsupported type without a serializer', async () => {
    const error = await aroundBadSend(() => producer.send({ topic, value: { not: 'bytes' } as never }));
    expect(error).toBeInstanceOf(KafkaSerializationError);
    expect(error.type).toBe('VALUE_SERIALIZATION');
    expect(error.message).toContain('give the producer a valueSerializer');
  });

  it('a serializer that throws', async () => {
    const throwing = new Producer({
      bootstrapServers: bootstrapServers(),
      keySerializer: () => {
        throw new Error('cannot encode this key');
      },
    });
    try {
      const error = await rejectionOf(throwing.send({ topic, key: 'k', value: 'v' }));
      expect(error).toBeInstanceOf(KafkaSerializationError);
      expect(error.type).toBe('KEY_SERIALIZATION');
      expect(error.message).toContain('cannot encode this key');
      expect(await throwing.send({ topic, value: 'fine' }).catch((e: unknown) => e)).toBeInstanceOf(KafkaSerializationError);
    } finally {
      await throwing.close();
    }
  });

  it('headers with invalid values', async () => {
    const error = await aroundBadSend(() => producer.send({ topic, value: 'x', headers: { count: 42 as never } }));
    expect(error).toBeInstanceOf(KafkaRecordError);
    expect(error.message).toContain("header 'count' must be a string, Buffer, Uint8Array or null");
  });

  it('a negative or fractional partition, and a partition out of range', async () => {
    expect(await aroundBadSend(() => producer.send({ topic, value: 'x', partition: -2 }))).toBeInstanceOf(KafkaRecordError);
    expect(await aroundBadSend(() => producer.send({ topic, value: 'x', partition: 1.5 }))).toBeInstanceOf(KafkaRecordError);
    const outOfRange = await aroundBadSend(() => producer.send({ topic, value: 'x', partition: 7 }));
    expect(outOfRange.type).toBe('UNKNOWN_PARTITION');
    expect(outOfRange.persistence).toBe('not-persisted');
  });

  it('a bad timestamp', async () => {
    const error = await aroundBadSend(() => producer.send({ topic, value: 'x', timestamp: new Date('nope') }));
    expect(error.message).toContain('timestamp must be a positive integer');
  });

  it('a record larger than message.max.bytes', async () => {
    const error = await aroundBadSend(() => producer.send({ topic, value: Buffer.alloc(20_000) }));
    expect(error.type).toBe('MSG_SIZE_TOO_LARGE');
    expect(error.persistence).toBe('not-persisted');
  });

  it('not a record at all, and a batch with one bad record (nothing of it sent)', async () => {
    expect(await aroundBadSend(() => producer.send(null as never))).toBeInstanceOf(KafkaRecordError);
    const batchTopic = await createTopic(1);
    const error = await aroundBadSend(() =>
      producer.sendBatch([
        { topic: batchTopic, value: 'ok-0' },
        { topic: batchTopic, value: 12 as never },
        { topic: batchTopic, value: 'ok-2' },
      ]),
    );
    expect(error.message).toContain('record 1 of the batch');
    expect(error.message).toContain('no record of this batch was sent');
    await producer.send({ topic: batchTopic, value: 'marker' });
    const consumed = await consumeAll(batchTopic, 1);
    expect(consumed.map((r) => r.value?.toString())).toEqual(['marker']);
  });

  it('an AbortSignal that already fired', async () => {
    const error = await aroundBadSend(() => producer.send({ topic, value: 'x' }, { signal: AbortSignal.abort('changed my mind') }));
    expect(error).toBeInstanceOf(KafkaAbortError);
    expect(error.name).toBe('AbortError');
    expect(error.cause).toBe('changed my mind');
  });

  it('flush with a zero or negative timeout', async () => {
    for (const timeoutMs of [0, -5, 1.5, Number.NaN]) {
      const error = await rejectionOf(producer.flush({ timeoutMs }));
      expect(error).toBeInstanceOf(KafkaError);
      expect(error.message).toContain('flush: timeoutMs must be a positive integer');
    }
  });

  it('unknown topic with auto-creation off fails that record only', async () => {
    const strict = new Producer({
      bootstrapServers: bootstrapServers(),
      deliveryTimeoutMs: 5000,
      librdkafka: { 'allow.auto.create.topics': false, 'topic.metadata.propagation.max.ms': 1000 },
    });
    try {
      const missing = rejectionOf(strict.send({ topic: 'does-not-exist-and-never-will', value: 'x' }));
      const fine = strict.send({ topic, value: 'still delivered' });
      expect((await fine).offset).toBeGreaterThanOrEqual(0);
      const error = await missing;
      expect(error).toBeInstanceOf(KafkaError);
      expect(['UNKNOWN_TOPIC', 'UNKNOWN_TOPIC_OR_PART', 'MSG_TIMED_OUT']).toContain(error.type);
      expect(error.persistence).toBe('not-persisted');
    } finally {
      await strict.close();
    }
  });

  it('send after close rejects, close twice is harmless, produce after close throws', async () => {
    const closing = new Producer({ bootstrapServers: bootstrapServers() });
    const delivered = closing.send({ topic, value: 'sent before close' });
    const first = closing.close();
    const second = closing.close();
    expect(second).toBe(first);
    expect(await first).toEqual([]);
    expect((await delivered).offset).toBeGreaterThanOrEqual(0);
    const error = await rejectionOf(closing.send({ topic, value: 'late' }));
    expect(error).toBeInstanceOf(KafkaClosedError);
    expect(error.type).toBe('PRODUCER_CLOSED');
    expect(() => closing.produce({ topic, value: 'late' })).toThrow(KafkaClosedError);
    await expect(closing.flush()).rejects.toBeInstanceOf(KafkaClosedError);
    expect(await closing.close()).toEqual([]);
  });

  it('typed serializers reject wrong input types at compile time', () => {
    const typed = new Producer({ bootstrapServers: '127.0.0.1:1', valueSerializer: serializers.typedJson<{ id: number }>() });
    // @ts-expect-error a value of the wrong shape does not compile
    const bad = () => typed.send({ topic: 't', value: { id: 'not a number' } });
    expect(typeof bad).toBe('function');
    return typed.close({ timeoutMs: 1000 });
  });
});
