import { describe, expect, it } from 'vitest';

import type { CompressionCodec } from '../lib/index.js';
import { consumeWithJava } from './helpers/java-consumer.js';
import { createTopic } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';

const CODECS: CompressionCodec[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

describe('compression: every codec round-trips through the broker to the Java consumer', () => {
  const open = trackProducers();

  it('none, gzip, snappy, lz4 and zstd', async () => {
    // One partition per codec, each written by a producer using that codec; one Java read checks them all.
    const topic = await createTopic(CODECS.length, 'codecs');
    const sent = new Map<number, string[]>();
    await Promise.all(
      CODECS.map(async (codec, partition) => {
        const producer = open({ compression: codec, lingerMs: 20 });
        const values = Array.from({ length: 200 }, (_, i) => `${codec}-${i}-`.padEnd(1024, 'abcdefgh'));
        sent.set(partition, values);
        await Promise.all(values.map((value, i) => producer.send({ topic, partition, key: `k${i}`, value, headers: { codec } })));
      }),
    );
    const records = await consumeWithJava(topic, CODECS.length * 200);
    expect(records).toHaveLength(CODECS.length * 200);
    for (const [partition, codec] of CODECS.entries()) {
      const got = records.filter((r) => r.partition === partition);
      expect(
        got.map((r) => r.value!.toString()),
        codec,
      ).toEqual(sent.get(partition));
      expect(got.every((r) => r.headers[0]?.[1]?.toString() === codec)).toBe(true);
    }
  });

  it('compresses for real: the wire carries far fewer bytes than the payload with zstd', async () => {
    const topic = await createTopic(1);
    const producer = open({ compression: 'zstd', lingerMs: 50, statisticsIntervalMs: 200 });
    await Promise.all(Array.from({ length: 500 }, (_, i) => producer.send({ topic, value: `${i}`.padEnd(1024, 'z') })));
    await new Promise((resolve) => setTimeout(resolve, 600));
    const ratio = producer.metrics()['compression-rate-avg'];
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(0.2);
  });
});
