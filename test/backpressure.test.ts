import { describe, expect, it } from 'vitest';

import { KafkaAbortError, KafkaError, Producer } from '../lib/index.js';
import { consumeAll, createTopic, recordCount } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';
import { rejectionOf } from './helpers/rejection.js';

describe('backpressure: a full queue makes send() wait, not fail', () => {
  const open = trackProducers();

  it('delivers 5,000 records through a 10-record queue, in order', async () => {
    const topic = await createTopic(1);
    const producer = open({ queueMaxMessages: 10, lingerMs: 0 });
    const results = await Promise.all(Array.from({ length: 5000 }, (_, i) => producer.send({ topic, value: String(i) })));
    expect(results.map((r) => r.offset)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(await recordCount(topic)).toBe(5000);
  });

  it('an AbortSignal removes a waiting record, which is never sent', async () => {
    const topic = await createTopic(1);
    const producer = open({ queueMaxMessages: 1, lingerMs: 200 });
    const first = producer.send({ topic, value: 'first' });
    const controller = new AbortController();
    const aborted = producer.send({ topic, value: 'aborted' }, { signal: controller.signal }).catch((e: unknown) => e);
    const third = producer.send({ topic, value: 'third' });
    controller.abort(new Error('no longer needed'));
    const error = await aborted;
    expect(error).toBeInstanceOf(KafkaAbortError);
    expect((error as KafkaAbortError).persistence).toBe('not-persisted');
    await Promise.all([first, third]);
    const consumed = await consumeAll(topic, 2, { settleMs: 1000 });
    expect(consumed.map((r) => r.value?.toString())).toEqual(['first', 'third']);
  });

  it('a waiting record fails as timed out (not sent) at its delivery deadline', async () => {
    // No broker answers here, so the queue never drains.
    const producer = new Producer({ bootstrapServers: '127.0.0.1:1', queueMaxMessages: 1, deliveryTimeoutMs: 1500, logger: () => undefined });
    const queued = rejectionOf(producer.send({ topic: 'nowhere', value: 'in the queue' }));
    const waiting = rejectionOf(producer.send({ topic: 'nowhere', value: 'waiting for room' }));
    const [inQueue, inWait] = await Promise.all([queued, waiting]);
    expect(inWait).toBeInstanceOf(KafkaError);
    expect(inWait.type).toBe('MSG_TIMED_OUT');
    expect(inWait.persistence).toBe('not-persisted');
    expect(inWait.retriable).toBe(true);
    expect(inQueue.type).toBe('MSG_TIMED_OUT');
    expect(await producer.close({ timeoutMs: 1000 })).toEqual([]);
  });

  it('a batch waiting in part keeps its place among send(), produce() and later batches', async () => {
    const topic = await createTopic(1);
    const producer = open({ queueMaxMessages: 20, lingerMs: 0 });
    const sent: Array<Promise<unknown>> = [];
    const expected: string[] = [];
    const batch = (prefix: string, count: number) => {
      const records = Array.from({ length: count }, (_, i) => ({ topic, value: `${prefix}${i}` }));
      expected.push(...records.map((r) => r.value));
      sent.push(producer.sendBatch(records));
    };
    batch('a', 150);
    for (let i = 0; i < 30; i++) {
      expected.push(`s${i}`);
      sent.push(producer.send({ topic, value: `s${i}` }));
    }
    for (let i = 0; i < 30; i++) {
      expected.push(`p${i}`);
      sent.push(new Promise<void>((resolve, reject) => producer.produce({ topic, value: `p${i}` }, (error) => (error ? reject(error) : resolve()))));
    }
    batch('b', 90);
    await Promise.all(sent);
    const consumed = await consumeAll(topic, expected.length);
    expect(consumed.map((r) => r.value?.toString())).toEqual(expected);
  });

  it('aborting a batch that waits in part fails only the records not handed over; the others are written', async () => {
    const topic = await createTopic(1);
    const producer = open({ queueMaxMessages: 10, lingerMs: 200 });
    const controller = new AbortController();
    const records = Array.from({ length: 100 }, (_, i) => ({ topic, value: `r${i}` }));
    const outcome = rejectionOf(producer.sendBatch(records, { signal: controller.signal }));
    // librdkafka's queue took the first 10 at once; the other 90 wait as one run.
    controller.abort(new Error('no longer needed'));
    const failure = (await outcome) as KafkaError & { results: PromiseSettledResult<unknown>[]; failed: Array<{ index: number }> };
    expect(failure.results.map((r) => r.status)).toEqual([...Array(10).fill('fulfilled'), ...Array(90).fill('rejected')]);
    expect(failure.failed.map((f) => f.index)).toEqual(Array.from({ length: 90 }, (_, i) => i + 10));
    expect(failure.failed.every((f) => (f as unknown as { error: unknown }).error instanceof KafkaAbortError)).toBe(true);
    const consumed = await consumeAll(topic, 10, { settleMs: 1000 });
    expect(consumed.map((r) => r.value?.toString())).toEqual(records.slice(0, 10).map((r) => r.value));
  });
});
