import { crc32 as zlibCrc32 } from 'node:zlib';

import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';

import { KafkaRecordError, type PartitionerFunction } from '../lib/index.js';
import { consumeAll, createTopic } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';

const PARTITIONS = 6;

/** The partition KafkaJS's Java-compatible DefaultPartitioner (murmur2) gives `key` among PARTITIONS. */
const kafkajsPartitioner = Partitioners.DefaultPartitioner();
const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
  partitionId,
  leader: 1,
  replicas: [1],
  isr: [1],
  offlineReplicas: [],
  partitionErrorCode: 0,
}));
function murmur2Partition(key: string): number {
  return kafkajsPartitioner({ topic: 't', partitionMetadata, message: { key, value: 'v' } });
}

describe('partitioning', () => {
  const open = trackProducers();

  it('puts each key in the same partition as the Java client and KafkaJS (murmur2) by default', async () => {
    const topic = await createTopic(PARTITIONS);
    const producer = open();
    const keys = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? `user-${i}` : `ключ-${i * 7919}-${'x'.repeat(i % 13)}`));
    const results = await Promise.all(keys.map((key) => producer.send({ topic, key, value: 'v' })));
    const seen = new Set<number>();
    for (const [i, key] of keys.entries()) {
      const expected = murmur2Partition(key);
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

  describe('offers every librdkafka partitioner by name', () => {
    // Each keyed record must land where the named hash puts it, so a name that were ignored (the
    // default is murmur2_random) or mapped to another partitioner fails. Records without a key tell
    // the *_random variants (spread at random) from the rest (all on one partition); sticky
    // partitioning is turned off so that "random" means per record.
    const keys = Array.from({ length: 120 }, (_, i) => `key-${i}-${'é'.repeat(i % 5)}`);
    const murmur2 = murmur2Partition;
    const crc32 = (key: string): number => zlibCrc32(Buffer.from(key)) % PARTITIONS;
    const fnv1a = (key: string): number => {
      let hash = 0x811c9dc5;
      for (const byte of Buffer.from(key)) hash = Math.imul(hash ^ byte, 0x01000193);
      // as librdkafka (and Sarama) do it: the hash as a signed 32-bit number, remainder made positive
      return Math.abs((hash | 0) % PARTITIONS);
    };
    const cases = [
      ['murmur2_random', murmur2, true],
      ['murmur2', murmur2, false],
      ['consistent_random', crc32, true],
      ['consistent', crc32, false],
      ['fnv1a', fnv1a, false],
      ['fnv1a_random', fnv1a, true],
    ] as const;

    it('the three hashes predict different partitions for these keys', () => {
      for (const [a, b] of [
        [murmur2, crc32],
        [crc32, fnv1a],
        [murmur2, fnv1a],
      ] as const) {
        expect(keys.filter((key) => a(key) !== b(key)).length).toBeGreaterThan(keys.length / 2);
      }
    });

    it.each(cases)('%s puts each key where its hash says', async (partitioner, hash, randomWithoutKey) => {
      const topic = await createTopic(PARTITIONS);
      const producer = open({ partitioner, librdkafka: { 'sticky.partitioning.linger.ms': 0 } });
      const keyed = await Promise.all(keys.map((key) => producer.send({ topic, key, value: 'v' })));
      for (const [i, key] of keys.entries()) expect(keyed[i]!.partition, `key ${key}`).toBe(hash(key));
      const unkeyed = await Promise.all(Array.from({ length: 60 }, () => producer.send({ topic, value: 'no key' })));
      const used = new Set(unkeyed.map((r) => r.partition)).size;
      if (randomWithoutKey) expect(used).toBeGreaterThan(1);
      else expect(used).toBe(1);
    });

    it('random spreads even records with one key over the partitions', async () => {
      const topic = await createTopic(PARTITIONS);
      const producer = open({ partitioner: 'random', librdkafka: { 'sticky.partitioning.linger.ms': 0 } });
      const results = await Promise.all(Array.from({ length: 60 }, () => producer.send({ topic, key: 'same-key', value: 'v' })));
      // all 60 on one of 6 partitions by chance: 6 * (1/6)^60
      expect(new Set(results.map((r) => r.partition)).size).toBeGreaterThan(1);
    });
  });
});
