import { describe, expect, it } from 'vitest';

import type { LibrdkafkaStatistics, LogEntry } from '../lib/index.js';
import { createTopic } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';

describe('observability', () => {
  const open = trackProducers();

  it("computes the Java producer's metrics from librdkafka statistics", async () => {
    const topic = await createTopic(3);
    const producer = open({ statisticsIntervalMs: 250, lingerMs: 10 });
    const statistics: LibrdkafkaStatistics[] = [];
    producer.on('stats', (stats) => statistics.push(stats));
    for (let round = 0; round < 4; round++) {
      await Promise.all(Array.from({ length: 500 }, (_, i) => producer.send({ topic, key: `k${i}`, value: 'x'.repeat(100) })));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const failed = producer.send({ topic, value: 'x', partition: 99 }).catch(() => undefined);
    await failed;
    await new Promise((resolve) => setTimeout(resolve, 400));

    expect(statistics.length).toBeGreaterThanOrEqual(3);
    expect(statistics.at(-1)!.client_id).toBe('rdkafka');
    const metrics = producer.metrics();
    expect(metrics['record-send-total']).toBe(2000);
    expect(metrics['record-error-total']).toBe(1);
    expect(metrics['record-send-rate']).toBeGreaterThan(0);
    expect(metrics['request-latency-avg']).toBeGreaterThan(0);
    expect(metrics['request-latency-max']).toBeGreaterThanOrEqual(metrics['request-latency-avg']);
    expect(metrics['batch-size-avg']).toBeGreaterThan(100);
    expect(metrics['records-per-request-avg']).toBeGreaterThan(1);
    const keyBytes = Array.from({ length: 500 }, (_, i) => `k${i}`.length).reduce((a, b) => a + b, 0) / 500;
    expect(metrics['record-size-avg']).toBeCloseTo(100 + keyBytes, 5);
    expect(metrics['compression-rate-avg']).toBeGreaterThan(0.5);
    expect(metrics['buffer-total-bytes']).toBe(1024 * 1024 * 1024);
    expect(metrics['buffer-available-bytes']).toBeLessThanOrEqual(metrics['buffer-total-bytes']);
    expect(metrics['outgoing-byte-rate']).toBeGreaterThan(0);
    expect(metrics['request-rate']).toBeGreaterThan(0);
    expect(metrics['record-retry-rate']).toBe(0);
  });

  it("routes librdkafka's log lines to the logger option", async () => {
    const lines: LogEntry[] = [];
    const producer = open({
      logger: (entry) => lines.push(entry),
      librdkafka: { debug: 'broker' },
    });
    await producer.send({ topic: await createTopic(1), value: 'logged' });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => line.facility.length > 0 && line.level === 7)).toBe(true);
  });
});
