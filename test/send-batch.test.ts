import { describe, expect, it } from 'vitest';

import type { BatchFailure } from '../lib/index.js';
import { consumeAll, createTopic, recordCount } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';
import { rejectionOf } from './helpers/rejection.js';

describe('sendBatch: many records in one native call', () => {
  const open = trackProducers();

  it("resolves with every record's metadata in order, and the broker holds exactly those records", async () => {
    const topic = await createTopic(3);
    const producer = open();
    const records = Array.from({ length: 1000 }, (_, i) => ({
      topic,
      key: `k${i}`,
      value: `v${i}`,
      partition: i % 3,
      ...(i % 10 === 0 ? { headers: { index: String(i) } } : {}),
    }));
    const metadata = await producer.sendBatch(records);
    expect(metadata).toHaveLength(1000);
    const next = [0, 0, 0];
    for (const [i, meta] of metadata.entries()) {
      expect(meta.partition).toBe(i % 3);
      expect(meta.offset).toBe(next[i % 3]!++);
    }
    const consumed = await consumeAll(topic, 1000);
    expect(consumed).toHaveLength(1000);
    const byPosition = new Map(consumed.map((c) => [`${c.partition}:${c.offset}`, c]));
    for (const [i, meta] of metadata.entries()) {
      const got = byPosition.get(`${meta.partition}:${meta.offset}`)!;
      expect(got.value!.toString()).toBe(`v${i}`);
      expect(got.headers.index?.toString()).toBe(i % 10 === 0 ? String(i) : undefined);
    }
  });

  it('hands a batch over in parts when it outgrows one staging call (records, bytes, one large record)', async () => {
    const topic = await createTopic(1);
    const producer = open();
    // 2,500 records (over 1,024 per call), 5 MB in all (over 4 MiB per call), one record of 300 kB
    // (over the initial 64 KiB buffer), strings and Buffers mixed.
    const records = Array.from({ length: 2500 }, (_, i) => ({
      topic,
      key: i % 2 === 0 ? `k${i}` : Buffer.from(`k${i}`),
      value: i === 1234 ? Buffer.alloc(300_000, 'L') : `${i}:${'é'.repeat(1000)}`,
    }));
    const metadata = await producer.sendBatch(records);
    expect(metadata.map((m) => m.offset)).toEqual(records.map((_, i) => i));
    const consumed = await consumeAll(topic, 2500);
    expect(consumed.map((c) => c.key!.toString())).toEqual(records.map((_, i) => `k${i}`));
    for (const [i, c] of consumed.entries()) {
      expect(c.value!.equals(Buffer.from(records[i]!.value))).toBe(true);
    }
  });

  it('a record the broker cannot take fails alone; the batch reports every outcome', async () => {
    const topic = await createTopic(2);
    const producer = open();
    const error = (await rejectionOf(
      producer.sendBatch([
        { topic, value: 'a', partition: 0 },
        { topic, value: 'b', partition: 9 },
        { topic, value: 'c', partition: 1 },
      ]),
    )) as BatchFailure;
    expect(error.type).toBe('UNKNOWN_PARTITION');
    expect(error.message).toContain('1 of 3 records of the batch failed; the first, record 1');
    expect(error.results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await recordCount(topic)).toBe(2);
  });

  it('waits for queue room inside a batch and keeps the order', async () => {
    const topic = await createTopic(1);
    const producer = open({ queueMaxMessages: 50 });
    const batches = await Promise.all(
      Array.from({ length: 10 }, (_, b) => producer.sendBatch(Array.from({ length: 300 }, (_, i) => ({ topic, value: `${b}-${i}` })))),
    );
    expect(batches.flat().map((m) => m.offset)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(await recordCount(topic)).toBe(3000);
  });

  it('an empty batch resolves at once', async () => {
    expect(await open().sendBatch([])).toEqual([]);
  });
});
