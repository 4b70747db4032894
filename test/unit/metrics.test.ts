import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { MetricsTracker, type ProducerMetrics } from '../../lib/observability/metrics.js';
import type { LibrdkafkaStatistics } from '../../lib/observability/statistics.js';

/**
 * Four statistics documents recorded from a real producer (statisticsIntervalMs 1000, batches of
 * 500 records of 100 bytes, 226,000 delivered), with the metrics it computed from them live.
 */
const recorded = JSON.parse(readFileSync(new URL('fixtures/statistics.json', import.meta.url), 'utf8')) as {
  delivered: number;
  payloadBytes: number;
  metrics: ProducerMetrics;
  documents: LibrdkafkaStatistics[];
};

function replay(): MetricsTracker {
  const tracker = new MetricsTracker();
  for (const document of recorded.documents) tracker.onStatistics(document);
  tracker.counters.delivered = recorded.delivered;
  tracker.counters.payloadBytes = recorded.delivered * recorded.payloadBytes;
  return tracker;
}

describe('metrics from recorded statistics', () => {
  it('gives the Java names their values from the documents', () => {
    const metrics = replay().snapshot();
    const brokers = recorded.documents.flatMap((d) => Object.values(d.brokers).filter((b) => b.nodeid >= 0));
    const rttCount = brokers.reduce((n, b) => n + b.rtt.cnt, 0);
    const rttAverageUs = brokers.reduce((sum, b) => sum + b.rtt.avg * b.rtt.cnt, 0) / rttCount;
    expect(metrics['request-latency-avg']).toBeCloseTo(rttAverageUs / 1000, 6);
    expect(metrics['request-latency-max']).toBe(Math.max(...brokers.filter((b) => b.rtt.cnt > 0).map((b) => b.rtt.max)) / 1000);
    expect(metrics['records-per-request-avg']).toBe(500);
    expect(metrics['record-size-avg']).toBe(100);
    expect(metrics['compression-rate-avg']).toBeCloseTo(metrics['batch-size-avg'] / (500 * 100), 9);
    const first = recorded.documents[0]!;
    const last = recorded.documents.at(-1)!;
    expect(metrics['request-rate']).toBeCloseTo((last.tx - first.tx) / ((last.ts - first.ts) / 1e6), 6);
    expect(metrics['buffer-available-bytes']).toBe(last.msg_size_max - last.msg_size);
    expect(metrics['record-send-total']).toBe(226_000);
  });

  it('agrees with what the live producer computed for every statistics-derived metric', () => {
    const metrics = replay().snapshot();
    const fromStatistics: Array<keyof ProducerMetrics> = [
      'request-rate',
      'request-latency-avg',
      'request-latency-max',
      'record-queue-time-avg',
      'batch-size-avg',
      'records-per-request-avg',
      'compression-rate-avg',
      'buffer-total-bytes',
      'buffer-available-bytes',
      'outgoing-byte-rate',
      'records-queued',
    ];
    for (const name of fromStatistics) expect(metrics[name], name).toBeCloseTo(recorded.metrics[name], 6);
  });

  it('is all zeros before any statistics', () => {
    const metrics = new MetricsTracker().snapshot();
    for (const value of Object.values(metrics)) expect(value).toBe(0);
  });
});
