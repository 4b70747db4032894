import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { afterEach, describe, expect, it } from 'vitest';

import { type DeliveryReport, Producer, type WritableFailure } from '../../lib/index.js';
import { MockCluster } from '../../lib/testing/index.js';

let mock: MockCluster | undefined;
let producer: Producer | undefined;
afterEach(async () => {
  try {
    if (producer?.isOpen) await producer.close({ timeoutMs: 2_000 });
  } finally {
    await mock?.stop();
    mock = undefined;
    producer = undefined;
  }
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function* records(count: number): Generator<{ key: string; value: string }> {
  for (let i = 0; i < count; i++) yield { key: String(i % 3), value: String(i) };
}

/** A one-broker mock with topic 't' (3 partitions) and a warmed-up producer that collects its 'delivery' reports. */
async function start(deliveryTimeoutMs: number): Promise<{ mock: MockCluster; producer: Producer; reports: DeliveryReport[] }> {
  mock = await MockCluster.start({ brokers: 1 });
  await mock.createTopic('t', { partitions: 3 });
  producer = new Producer({
    bootstrapServers: mock.bootstrapServers,
    queueMaxMessages: 1000,
    lingerMs: 5,
    deliveryTimeoutMs,
    retryBackoffMs: 20,
    logger: () => undefined,
    librdkafka: { 'reconnect.backoff.ms': 20, 'reconnect.backoff.max.ms': 200 },
  });
  await producer.send({ topic: 't', value: 'warm-up' });
  const reports: DeliveryReport[] = [];
  producer.on('delivery', (batch) => reports.push(...batch));
  return { mock, producer, reports };
}

describe('producer.writable() under broker faults', () => {
  it('the broker down for a while mid-stream: every record delivered once, pipeline() resolves', async () => {
    const { mock, producer, reports } = await start(30_000);
    const done = pipeline(Readable.from(records(10_000)), producer.writable({ topic: 't' }));
    await sleep(50);
    mock.setBrokerDown(1);
    await sleep(1_000);
    mock.setBrokerUp(1);
    await done;
    expect(reports).toHaveLength(10_000);
    expect(reports.every((report) => report.error === null)).toBe(true);
    expect(producer.pending).toBe(0);
  });

  it('the broker down for good: the stream fails at the first record not acknowledged in time; every record handed over is reported once', async () => {
    const { mock, producer, reports } = await start(1_500);
    const stream = producer.writable({ topic: 't' });
    const done = pipeline(Readable.from(records(50_000)), stream);
    await sleep(50);
    mock.setBrokerDown(1);
    const error = (await done.then(
      () => undefined,
      (failure: unknown) => failure,
    )) as WritableFailure;
    expect(error.type).toBe('MSG_TIMED_OUT');
    expect(error.message).toContain(`record ${error.position} of the writable stream`);
    await producer.flush({ timeoutMs: 10_000 });
    expect(producer.pending).toBe(0);
    expect(stream.outstanding).toBe(0);
    // Delivered before the broker went down, timed out in librdkafka's queue, or dropped while waiting for room.
    const types = new Set(reports.map((report) => report.error?.type ?? 'delivered'));
    expect([...types].every((type) => ['delivered', 'MSG_TIMED_OUT', 'ABORTED'].includes(type))).toBe(true);
    expect(reports.filter((report) => report.error?.type === 'MSG_TIMED_OUT').length).toBeGreaterThan(0);
    expect(reports.length).toBeLessThan(50_000);
  });
});
