import { describe, expect, it } from 'vitest';

import { serializers } from '../lib/index.js';
import { consumeAll, createTopic } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';

describe('round trip through a real broker', () => {
  const open = trackProducers();

  it('writes keys, values, headers, explicit partitions and timestamps exactly as sent', async () => {
    const topic = await createTopic(3);
    const producer = open({ lingerMs: 1 });
    const base = Date.UTC(2026, 0, 1);
    const sent = Array.from({ length: 30 }, (_, i) => ({
      topic,
      key: i % 5 === 0 ? null : `key-${i}`,
      value: i % 7 === 0 ? Buffer.from([0, 1, 2, 255, i]) : `value-${i}`,
      partition: i % 3,
      timestamp: base + i,
      headers: i % 2 === 0 ? { trace: `t-${i}`, bin: Buffer.from([i]), repeated: ['a', 'b'] } : undefined,
    }));
    const metadata = await Promise.all(sent.map((record) => producer.send(record)));

    const perPartition = new Map<number, number>();
    for (const [i, meta] of metadata.entries()) {
      expect(meta.topic).toBe(topic);
      expect(meta.partition).toBe(i % 3);
      expect(meta.timestamp).toBe(base + i);
      // Offsets within a partition follow the send order.
      const expected = perPartition.get(meta.partition) ?? 0;
      expect(meta.offset).toBe(expected);
      perPartition.set(meta.partition, expected + 1);
    }

    const consumed = await consumeAll(topic, sent.length);
    expect(consumed).toHaveLength(sent.length);
    for (const [i, record] of sent.entries()) {
      const meta = metadata[i]!;
      const got = consumed.find((c) => c.partition === meta.partition && c.offset === meta.offset);
      expect(got, `record ${i}`).toBeDefined();
      expect(got!.key === null ? null : got!.key.toString()).toBe(record.key);
      expect(got!.value).toEqual(Buffer.isBuffer(record.value) ? record.value : Buffer.from(record.value));
      expect(got!.timestamp).toBe(record.timestamp);
      if (record.headers) {
        expect(got!.headers.trace?.toString()).toBe(`t-${i}`);
        expect(got!.headers.bin).toEqual(Buffer.from([i]));
        // kafkajs groups repeated header keys into an array, in order.
        expect((got!.headers.repeated as Buffer[]).map(String)).toEqual(['a', 'b']);
      } else {
        expect(got!.headers).toEqual({});
      }
    }
  });

  it('serializes with the configured serializers and resolves in send order per partition', async () => {
    const topic = await createTopic(1);
    const producer = open({
      keySerializer: serializers.string,
      valueSerializer: serializers.json,
    });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => producer.send({ topic, key: `k${i}`, value: { count: i, nested: [i] } })),
    );
    expect(results.map((r) => r.offset)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const consumed = await consumeAll(topic, 100);
    expect(consumed.map((c) => JSON.parse(c.value!.toString()))).toEqual(Array.from({ length: 100 }, (_, i) => ({ count: i, nested: [i] })));
    expect(consumed.map((c) => c.key!.toString())).toEqual(Array.from({ length: 100 }, (_, i) => `k${i}`));
  });

  it('sends a tombstone (null value) and an empty value distinctly', async () => {
    const topic = await createTopic(1);
    const producer = open();
    await producer.send({ topic, key: 'gone', value: null });
    await producer.send({ topic, key: 'empty', value: '' });
    const [tombstone, empty] = await consumeAll(topic, 2);
    expect(tombstone!.value).toBeNull();
    expect(empty!.value).toEqual(Buffer.alloc(0));
  });
});
