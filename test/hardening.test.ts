import diagnostics_channel from 'node:diagnostics_channel';
import { getEventListeners } from 'node:events';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  KafkaAbortError,
  KafkaArgumentError,
  KafkaClosedError,
  KafkaError,
  KafkaRecordError,
  KafkaSerializationError,
  Producer,
  type BatchFailure,
  type DeliveryReport,
  type ProducerRecord,
} from '../lib/index.js';
import { bootstrapServers, createTopic, recordCount } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';
import { rejectionOf } from './helpers/rejection.js';

/** A broker address where nothing listens: records can only wait and then fail. */
const NOWHERE = '127.0.0.1:1';
const quiet = { logger: () => undefined };

/** A producer whose librdkafka queue holds one record, already taken: every later record waits. */
function blockedProducer(extra: Record<string, unknown> = {}): Producer {
  const producer = new Producer({ bootstrapServers: NOWHERE, queueMaxMessages: 1, ...quiet, ...extra });
  producer.produce({ topic: 'nowhere', value: 'occupies the queue' });
  return producer;
}

describe('arguments that are not what they claim to be', () => {
  it('a signal that is not an AbortSignal rejects the send; nothing stays pending', async () => {
    const producer = blockedProducer();
    for (const signal of [null, {}, 'abort', 42]) {
      const error = await rejectionOf(producer.send({ topic: 'nowhere', value: 'x' }, { signal } as never));
      expect(error).toBeInstanceOf(KafkaArgumentError);
      expect(error.message).toContain('signal');
      const batch = await rejectionOf(producer.sendBatch([{ topic: 'nowhere', value: 'x' }], { signal } as never));
      expect(batch).toBeInstanceOf(KafkaArgumentError);
    }
    expect(producer.pending).toBe(1);
    const undelivered = await producer.close({ timeoutMs: 100 });
    expect(undelivered).toHaveLength(1);
  });

  it('options that are not an object reject the send', async () => {
    const producer = blockedProducer();
    const error = await rejectionOf(producer.send({ topic: 'nowhere', value: 'x' }, 'fast' as never));
    expect(error).toBeInstanceOf(KafkaArgumentError);
    expect(producer.pending).toBe(1);
    await producer.close({ timeoutMs: 100 });
  });

  it('a sparse batch names the missing index and leaves nothing behind', async () => {
    const producer = blockedProducer();
    // biome-ignore lint/suspicious/noSparseArray: a batch with a hole is what this test sends
    const sparse = [{ topic: 'nowhere', value: 'a' }, , { topic: 'nowhere', value: 'c' }] as ProducerRecord<string, string>[];
    const error = await rejectionOf(producer.sendBatch(sparse));
    expect(error).toBeInstanceOf(KafkaRecordError);
    expect(error.message).toContain('record 1 of the batch');
    const notRecord = await rejectionOf(producer.sendBatch([{ topic: 'nowhere', value: 'a' }, 7 as never]));
    expect(notRecord).toBeInstanceOf(KafkaRecordError);
    expect(notRecord.message).toContain('record 1 of the batch');
    expect(producer.pending).toBe(1);
    await producer.close({ timeoutMs: 100 });
  });

  it('a throwing getter on a record is a KafkaRecordError with the cause', async () => {
    const producer = blockedProducer();
    const boom = new Error('getter exploded');
    const record = {
      topic: 'nowhere',
      get value(): string {
        throw boom;
      },
    };
    const error = await rejectionOf(producer.send(record));
    expect(error).toBeInstanceOf(KafkaRecordError);
    expect(error.cause).toBe(boom);
    expect(() => producer.produce(record)).toThrow(KafkaRecordError);
    await producer.close({ timeoutMs: 100 });
  });

  it('whatever a record getter or a serializer throws in sendBatch is wrapped, never mutated', async () => {
    const frozen = Object.freeze(new Error('frozen'));
    const thrown: unknown[] = ['a plain string', frozen];
    for (const value of thrown) {
      const producer = new Producer({
        bootstrapServers: NOWHERE,
        ...quiet,
        valueSerializer: () => {
          throw value;
        },
      });
      const error = await rejectionOf(producer.sendBatch([{ topic: 'nowhere', value: 'x' }]));
      expect(error).toBeInstanceOf(KafkaSerializationError);
      expect(error.message).toContain('record 0 of the batch');
      const getter = {
        topic: 'nowhere',
        get value(): string {
          throw value;
        },
      };
      const plain = new Producer({ bootstrapServers: NOWHERE, ...quiet });
      const fromGetter = await rejectionOf(plain.sendBatch([{ topic: 'nowhere', value: 'ok' }, getter]));
      expect(fromGetter).toBeInstanceOf(KafkaRecordError);
      expect(fromGetter.message).toContain('record 1 of the batch');
      expect(fromGetter.message).not.toContain('Cannot');
      expect(fromGetter.cause).toBeInstanceOf(KafkaRecordError);
      expect((fromGetter.cause as KafkaRecordError).cause).toBe(value);
      expect(producer.pending + plain.pending).toBe(0);
      await Promise.all([producer.close(), plain.close()]);
    }
    expect(frozen.message).toBe('frozen');
  });

  it('a KafkaJS-shaped send is refused with a hint instead of writing an empty record', async () => {
    const producer = blockedProducer();
    const kafkajsShaped = { topic: 'nowhere', messages: [{ key: 'k', value: 'hello' }] } as never;
    const error = await rejectionOf(producer.send(kafkajsShaped));
    expect(error).toBeInstanceOf(KafkaRecordError);
    expect(error.message).toContain("'messages'");
    expect(error.message).toContain('sendBatch');
    const misspelt = await rejectionOf(producer.send({ topic: 'nowhere', vaule: 'x' } as never));
    expect(misspelt.message).toContain("did you mean 'value'");
    expect(() => producer.produce({ topic: 'nowhere', value: 'x', header: {} } as never)).toThrow("did you mean 'headers'");
    expect(producer.pending).toBe(1);
    await producer.close({ timeoutMs: 100 });
  });
});

describe('user code that changes things under the producer', () => {
  it('a record aborted by the partitioner while it is handed over is not sent, and no other record takes its report', async () => {
    const topic = await createTopic(1);
    const controller = new AbortController();
    let calls = 0;
    const producer = new Producer({
      bootstrapServers: bootstrapServers(),
      lingerMs: 1,
      partitioner: () => {
        if (calls++ === 0) controller.abort();
        return 0;
      },
    });
    try {
      const aborted = await rejectionOf(producer.send({ topic, value: 'A' }, { signal: controller.signal }));
      expect(aborted).toBeInstanceOf(KafkaAbortError);
      const b = await producer.send({ topic, value: 'B', partition: 0 });
      const c = await producer.send({ topic, value: 'C', partition: 0 });
      expect([b.offset, c.offset]).toEqual([0, 1]);
      expect(await recordCount(topic)).toBe(2);
    } finally {
      await producer.close();
    }
  });

  it('a serializer that shrinks the batch array does not change the batch', async () => {
    const topic = await createTopic(1);
    const records = ['a', 'b', 'c'].map((value) => ({ topic, value }));
    const producer = new Producer<unknown, string>({
      bootstrapServers: bootstrapServers(),
      valueSerializer: (value) => {
        records.pop();
        return value;
      },
    });
    try {
      const metadata = await producer.sendBatch(records);
      expect(metadata.map((m) => m.offset)).toEqual([0, 1, 2]);
      expect(producer.pending).toBe(0);
    } finally {
      await producer.close();
    }
  });

  it('a signal getter that throws, or a revoked Proxy for a batch, is a typed error', async () => {
    const producer = blockedProducer();
    const options = {
      get signal(): AbortSignal {
        throw new Error('getter');
      },
    };
    expect(await rejectionOf(producer.send({ topic: 'nowhere', value: 'x' }, options))).toBeInstanceOf(KafkaArgumentError);
    const { proxy, revoke } = Proxy.revocable([] as ProducerRecord<string, string>[], {});
    revoke();
    expect(await rejectionOf(producer.sendBatch(proxy))).toBeInstanceOf(KafkaError);
    expect(await rejectionOf(producer.initTransactions(null as never))).toBeInstanceOf(KafkaError);
    expect(producer.pending).toBe(1);
    await producer.close({ timeoutMs: 100 });
  });

  it('deliveryTimeoutMs 0 means no timeout for waiting records too, as in librdkafka', async () => {
    const producer = blockedProducer({ deliveryTimeoutMs: 0 });
    let settled = false;
    // The rejection is handled from the start: it comes when close() fails the waiting record.
    const waiting = rejectionOf(producer.send({ topic: 'nowhere', value: 'waits' }).finally(() => (settled = true)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(settled).toBe(false);
    const undelivered = await producer.close({ timeoutMs: 100 });
    expect(undelivered).toHaveLength(2);
    expect(await waiting).toBeInstanceOf(KafkaClosedError);
  });
});

describe('one AbortSignal shared by many waiting records', () => {
  it('adds one listener per signal, not one per record, and aborts them all', async () => {
    const producer = blockedProducer();
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const records = Array.from({ length: 10_000 }, (_, i) => ({ topic: 'nowhere', value: String(i) }));
      const batch = rejectionOf(producer.sendBatch(records, { signal: controller.signal }));
      const singles = Array.from({ length: 20 }, () => rejectionOf(producer.send({ topic: 'nowhere', value: 's' }, { signal: controller.signal })));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      expect(producer.pending).toBe(1 + 10_000 + 20);
      controller.abort();
      const batchError = (await batch) as BatchFailure;
      expect(batchError.results.every((r) => r.status === 'rejected' && r.reason instanceof KafkaAbortError)).toBe(true);
      for (const error of await Promise.all(singles)) expect(error).toBeInstanceOf(KafkaAbortError);
      expect(producer.pending).toBe(1);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await producer.close({ timeoutMs: 100 });
    }
  });

  it('removes its listener once every record of the batch got room', async () => {
    const producer = new Producer({ bootstrapServers: bootstrapServers(), queueMaxMessages: 10 });
    const topic = await createTopic(1);
    const controller = new AbortController();
    const records = Array.from({ length: 200 }, (_, i) => ({ topic, value: String(i) }));
    await producer.sendBatch(records, { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await producer.close();
  });
});

describe("'delivery' sees every record's outcome exactly once", () => {
  const producerFor = trackProducers();

  it('including records refused at hand-over, aborted, timed out while waiting, and closed', async () => {
    const producer = new Producer({ bootstrapServers: NOWHERE, queueMaxMessages: 1, messageMaxBytes: 10_000, deliveryTimeoutMs: 1500, ...quiet });
    const reports: DeliveryReport[] = [];
    producer.on('delivery', (batch) => reports.push(...batch));
    producer.produce({ topic: 'nowhere', value: 'in librdkafka' });
    const tooLarge = rejectionOf(producer.send({ topic: 'nowhere', value: 'x'.repeat(20_000) }));
    const controller = new AbortController();
    const aborted = rejectionOf(producer.send({ topic: 'nowhere', value: 'aborted' }, { signal: controller.signal }));
    const waiting = rejectionOf(producer.send({ topic: 'nowhere', value: 'waits' }));
    controller.abort();
    await Promise.all([tooLarge, aborted, waiting]);
    await producer.close({ timeoutMs: 100 });
    await new Promise((resolve) => setImmediate(resolve));
    // 4 records: the one in librdkafka (times out or is purged), the refused, the aborted, the waiting one.
    expect(reports).toHaveLength(4);
    for (const report of reports) {
      expect(report.error).toBeInstanceOf(KafkaError);
      expect(report.topic).toBe('nowhere');
    }
    expect(reports.map((r) => r.error?.type).sort()).toEqual(expect.arrayContaining(['ABORTED', 'MSG_SIZE_TOO_LARGE']));
  });

  it('and delivered records once each', async () => {
    const topic = await createTopic(1);
    const producer = producerFor();
    const reports: DeliveryReport[] = [];
    producer.on('delivery', (batch) => reports.push(...batch));
    await producer.sendBatch(Array.from({ length: 100 }, (_, i) => ({ topic, value: String(i) })));
    await producer.send({ topic, value: 'one' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(reports).toHaveLength(101);
    expect(new Set(reports.map((r) => r.offset)).size).toBe(101);
  });
});

describe('timing and ordering of outcomes', () => {
  it('produce() calls back asynchronously even for a record refused at hand-over', async () => {
    const producer = new Producer({ bootstrapServers: NOWHERE, messageMaxBytes: 10_000, ...quiet });
    let calledBack = false;
    let error: KafkaError | null = null;
    producer.produce({ topic: 'nowhere', value: 'x'.repeat(20_000) }, (e) => {
      calledBack = true;
      error = e;
    });
    expect(calledBack).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calledBack).toBe(true);
    expect(error).toBeInstanceOf(KafkaError);
    await producer.close();
  });

  it('produce() calls back asynchronously also when a delivery subscriber produces meanwhile', async () => {
    const producer = new Producer({ bootstrapServers: NOWHERE, messageMaxBytes: 10_000, ...quiet });
    const channel = diagnostics_channel.channel('ferrokafka:producer:delivery');
    let nested = false;
    const onDelivery = (): void => {
      if (nested) return;
      nested = true;
      producer.produce({ topic: 'nowhere', value: 'nested' });
    };
    channel.subscribe(onDelivery);
    let calledBack = false;
    try {
      producer.produce({ topic: 'nowhere', value: 'x'.repeat(20_000) }, () => {
        calledBack = true;
      });
      expect(nested).toBe(true);
      expect(calledBack).toBe(false);
    } finally {
      channel.unsubscribe(onDelivery);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(calledBack).toBe(true);
    await producer.close({ timeoutMs: 100 });
  });

  it('close() called from a serializer during sendBatch sends nothing of that batch', async () => {
    const topic = await createTopic(1);
    let producer: Producer<unknown, string> | undefined;
    let closing: Promise<unknown> | undefined;
    producer = new Producer<unknown, string>({
      bootstrapServers: bootstrapServers(),
      valueSerializer: (value) => {
        if (value === 'close now') closing = producer?.close();
        return value;
      },
    });
    const error = await rejectionOf(producer.sendBatch(['a', 'close now', 'b'].map((value) => ({ topic, value }))));
    expect(error).toBeInstanceOf(KafkaClosedError);
    await closing;
    expect(await recordCount(topic)).toBe(0);
  });

  it('the delivery deadline counts from send(), also for a record that waited for queue room', async () => {
    const producer = blockedProducer({ deliveryTimeoutMs: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const started = Date.now();
    const error = await rejectionOf(producer.send({ topic: 'nowhere', value: 'waits, then is handed over' }));
    const elapsed = Date.now() - started;
    expect(error.type).toBe('MSG_TIMED_OUT');
    // Before: about 5 s (2 s waiting, then librdkafka's full 3 s again).
    expect(elapsed).toBeLessThan(3000 + 900);
    await producer.close({ timeoutMs: 100 });
  });
});

describe('an unreachable cluster', () => {
  it('is named within seconds in one error, with the addresses tried', async () => {
    const producer = new Producer({ bootstrapServers: NOWHERE, ...quiet });
    const errors: KafkaError[] = [];
    producer.on('error', (error) => errors.push(error));
    producer.produce({ topic: 'nowhere', value: 'x' });
    const started = Date.now();
    while (!errors.some((e) => e.type === 'ALL_BROKERS_DOWN') && Date.now() - started < 20_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const summary = errors.find((e) => e.type === 'ALL_BROKERS_DOWN');
    expect(summary?.message).toContain(`tried ${NOWHERE} (bootstrapServers)`);
    expect(Date.now() - started).toBeLessThan(15_000);
    await producer.close({ timeoutMs: 100 });
  }, 30_000);
});

describe('record errors name the topic, the partition, sizes and the option', () => {
  let topic: string;
  let producer: Producer;
  beforeAll(async () => {
    topic = await createTopic(2);
    producer = new Producer({ bootstrapServers: bootstrapServers(), messageMaxBytes: 10_000 });
  });
  afterAll(async () => {
    await producer.close();
  });

  it('a record too large for messageMaxBytes', async () => {
    const error = await rejectionOf(producer.send({ topic, partition: 1, value: 'x'.repeat(20_000) }));
    expect(error.message).toContain(`topic '${topic}'`);
    expect(error.message).toContain('partition 1');
    expect(error.message).toContain('20000 bytes');
    expect(error.message).toContain('10000');
    expect(error.message).toContain('messageMaxBytes');
  });

  it('a partition the topic does not have', async () => {
    const error = await rejectionOf(producer.send({ topic, partition: 7, value: 'x' }));
    expect(error.message).toContain(`topic '${topic}'`);
    expect(error.message).toContain('partition 7');
  });

  it('a failed batch names the records to retry', async () => {
    const records = [
      { topic, value: 'a' },
      { topic, partition: 9, value: 'b' },
      { topic, value: 'c' },
    ];
    const error = (await rejectionOf(producer.sendBatch(records))) as BatchFailure;
    expect(error.failed.map((f) => f.index)).toEqual([1]);
    expect(error.failed[0]?.record).toBe(records[1]);
    expect(error.failed[0]?.error.message).toContain('partition 9');
  });
});
