import { subscribe, unsubscribe } from 'node:diagnostics_channel';

import { describe, expect, it } from 'vitest';

import { KafkaError, type DeliveryReport, type RecordMetadata } from '../lib/index.js';
import { createTopic, recordCount } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';

describe('fire-and-forget produce() with callbacks and batched delivery events', () => {
  const open = trackProducers();

  describe('calls the callback exactly once, with a KafkaError and null metadata, whatever the failure', () => {
    type Call = { error: KafkaError | null; metadata: RecordMetadata | null };
    function recorder(): { calls: Call[]; callback: (error: KafkaError | null, metadata: RecordMetadata | null) => void } {
      const calls: Call[] = [];
      return { calls, callback: (error, metadata) => calls.push({ error, metadata }) };
    }
    async function expectOneFailure(calls: Call[], code: string | RegExp): Promise<void> {
      // a second call would come with the next reports: give them time to arrive
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(calls).toHaveLength(1);
      expect(calls[0]!.error).toBeInstanceOf(KafkaError);
      expect(calls[0]!.error!.type).toMatch(code);
      expect(calls[0]!.metadata).toBeNull();
    }

    it('a record refused at hand-over (too large), never synchronously', async () => {
      const topic = await createTopic(1);
      const producer = open({ messageMaxBytes: 10_000 });
      const { calls, callback } = recorder();
      producer.produce({ topic, value: Buffer.alloc(20_000) }, callback);
      expect(calls).toHaveLength(0);
      await producer.flush({ timeoutMs: 10_000 });
      await expectOneFailure(calls, 'MSG_SIZE_TOO_LARGE');
    });

    it('a record for a partition the topic does not have', async () => {
      const topic = await createTopic(1);
      const producer = open();
      const { calls, callback } = recorder();
      producer.produce({ topic, value: 'x', partition: 7 }, callback);
      await producer.flush({ timeoutMs: 10_000 });
      await expectOneFailure(calls, 'UNKNOWN_PARTITION');
    });

    it('a record that times out undelivered', async () => {
      const producer = open({ bootstrapServers: '127.0.0.1:1', deliveryTimeoutMs: 300, logger: () => undefined });
      const { calls, callback } = recorder();
      producer.produce({ topic: 'nowhere', value: 'x' }, callback);
      await producer.flush({ timeoutMs: 10_000 });
      await expectOneFailure(calls, 'MSG_TIMED_OUT');
    });

    it('records still queued or waiting for queue space when the producer closes', async () => {
      const producer = open({ bootstrapServers: '127.0.0.1:1', queueMaxMessages: 2, logger: () => undefined });
      const each = Array.from({ length: 6 }, () => recorder());
      for (const { callback } of each) producer.produce({ topic: 'nowhere', value: 'x' }, callback);
      await producer.close({ timeoutMs: 200 }).catch(() => undefined);
      for (const { calls } of each) await expectOneFailure(calls, /./);
    });
  });

  it("calls each record's callback once and emits reports in batches", async () => {
    const topic = await createTopic(3);
    const producer = open();
    const batches: DeliveryReport[][] = [];
    producer.on('delivery', (reports) => batches.push(reports));
    const outcomes: Array<RecordMetadata | KafkaError> = [];
    const total = 2000;
    for (let i = 0; i < total; i++) {
      producer.produce({ topic, key: `k${i}`, value: `v${i}` }, (error, metadata) => outcomes.push(error ?? metadata!));
    }
    producer.produce({ topic, value: 'no callback at all' });
    await producer.flush();
    expect(outcomes).toHaveLength(total);
    expect(outcomes.every((o) => !(o instanceof KafkaError) && o.topic === topic && o.offset >= 0)).toBe(true);
    const reported = batches.flat();
    expect(reported).toHaveLength(total + 1);
    expect(reported.every((r) => r.error === null)).toBe(true);
    // Reports arrive in batches, not one event per record.
    expect(batches.length).toBeLessThan(total / 4);
    expect(await recordCount(topic)).toBe(total + 1);
  });

  it("a throwing callback does not stop the other records' reports", async () => {
    const topic = await createTopic(1);
    const producer = open();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => {
      uncaught.push(error);
    };
    const previous = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      let called = 0;
      for (let i = 0; i < 10; i++) {
        producer.produce({ topic, value: String(i) }, () => {
          called++;
          if (i === 3) throw new Error('callback bug');
        });
      }
      await producer.flush();
      await new Promise((resolve) => setImmediate(resolve));
      expect(called).toBe(10);
      expect(uncaught).toHaveLength(1);
      expect((uncaught[0] as Error).message).toBe('callback bug');
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const listener of previous) process.on('uncaughtException', listener);
    }
  });

  it('publishes sends and deliveries on diagnostics_channel', async () => {
    const topic = await createTopic(1);
    const producer = open();
    const sends: unknown[] = [];
    const deliveries: Array<{ metadata: RecordMetadata | null; error: KafkaError | null }> = [];
    const onSend = (message: unknown): void => void sends.push(message);
    const onDelivery = (message: unknown): void => void deliveries.push(message as (typeof deliveries)[number]);
    subscribe('ferrokafka:producer:send', onSend);
    subscribe('ferrokafka:producer:delivery', onDelivery);
    try {
      const record = { topic, key: 'traced', value: 'hello' };
      await producer.send(record);
      expect(sends).toEqual([{ record }]);
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]!.error).toBeNull();
      expect(deliveries[0]!.metadata).toMatchObject({ topic, partition: 0, offset: 0 });
    } finally {
      unsubscribe('ferrokafka:producer:send', onSend);
      unsubscribe('ferrokafka:producer:delivery', onDelivery);
    }
  });
});
