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
});
