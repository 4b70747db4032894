import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';

import { KafkaRecordError, type PartitionerFunction } from '../lib/index.js';
import { consumeAll, createTopic } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';

const PARTITIONS = 6;

describe('partitioning', () => {
  const open = trackProducers();

  it('puts each key in the same partition as the Java client and KafkaJS (murmur2) by default', async () => {
    const topic = await createTopic(PARTITIONS);
    const producer = open();
    const kafkajsPartitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
      partitionId,
      leader: 1,
      replicas: [1],
      isr: [1],
      offlineReplicas: [],
      partitionErrorCode: 0,
    }));
    const keys = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? `user-${i}` : `ключ-${i * 7919}-${'x'.repeat(i % 13)}`));
    const results = await Promise.all(keys.map((key) => producer.send({ topic, key, value: 'v' })));
    const seen = new Set<number>();
    for (const [i, key] of keys.entries()) {
      const expected = kafkajsPartitioner({ topic, partitionMetadata, message: { key, value: 'v' } });
      expect(results[i]!.partition, `key ${key}`).toBe(expected);
      seen.add(expected);
    }
    expect(seen.size).toBe(PARTITIONS);
  });

  it('keeps records without a key sticky to one partition per batch', async () => {
    const topic = await createTopic(PARTITIONS);
    const producer = open({ lingerMs: 50 });
    // Once the topic's leaders are known (after a first record), a burst sticks together.
    await producer.send({ topic, value: 'warm-up' });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => producer.send({ topic, value: `no key ${i}` })));
    expect(new Set(results.map((r) => r.partition)).size).toBeLessThanOrEqual(2);
  });

  it("uses a custom partitioner function with the topic's real partition count", async () => {
    const topic = await createTopic(PARTITIONS);
    const calls: Array<{ count: number; topic: string }> = [];
    const byLastDigit: PartitionerFunction = (key, partitionCount, name) => {
      calls.push({ count: partitionCount, topic: name });
      return key === null ? 0 : Number(key.toString().slice(-1)) % partitionCount;
    };
    const producer = open({ partitioner: byLastDigit });
    const keys = Array.from({ length: 30 }, (_, i) => `order-${i}`);
    const results = await Promise.all(keys.map((key) => producer.send({ topic, key, value: key })));
    for (const [i, key] of keys.entries()) expect(results[i]!.partition).toBe(Number(key.slice(-1)) % PARTITIONS);
    expect(calls.every((call) => call.count === PARTITIONS && call.topic === topic)).toBe(true);
    const consumed = await consumeAll(topic, keys.length);
    for (const record of consumed) expect(record.partition).toBe(Number(record.key!.toString().slice(-1)) % PARTITIONS);
    // An explicit partition still wins over the partitioner.
    expect((await producer.send({ topic, key: 'order-1', value: 'x', partition: 5 })).partition).toBe(5);
  });

  it('fails only the record whose custom partition is out of range', async () => {
    const topic = await createTopic(2);
    const producer = open({ partitioner: (key) => (key?.toString() === 'bad' ? 99 : 1) });
    const bad = producer.send({ topic, key: 'bad', value: 'x' }).catch((e: unknown) => e);
    const good = producer.send({ topic, key: 'good', value: 'x' });
    expect((await good).partition).toBe(1);
    const error = await bad;
    expect(error).toBeInstanceOf(KafkaRecordError);
    expect((error as Error).message).toContain('returned 99');
    expect((error as Error).message).toContain('from 0 to 1');
  });

  it('offers every librdkafka partitioner by name', async () => {
    const topic = await createTopic(PARTITIONS);
    const producer = open({ partitioner: 'consistent' });
    const results = await Promise.all(Array.from({ length: 10 }, () => producer.send({ topic, key: 'same-key', value: 'v' })));
    expect(new Set(results.map((r) => r.partition)).size).toBe(1);
  });
});
