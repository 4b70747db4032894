import { afterEach, describe, expect, it } from 'vitest';

import { KafkaRecordError, Producer as NativeProducer } from '../../lib/index.js';
import {
  CompressionTypes,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  type LogEntry,
  type Producer,
  Partitioners,
  logLevel,
} from '../../lib/kafkajs/index.js';
import { Partitioners as RealPartitioners } from 'kafkajs';
import { bootstrapServers, consumeAll, createTopic, recordCount } from '../helpers/kafka.js';
import { ferroKafka, realKafka } from './helpers.js';

const open: Array<{ disconnect(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.disconnect()));
});

async function connected(producer: Producer): Promise<Producer> {
  await producer.connect();
  open.push(producer);
  return producer;
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('ferrokafka/kafkajs producer', () => {
  it('send resolves with one RecordMetadata per partition, baseOffset the first offset of the call', async () => {
    const topic = await createTopic(1);
    const producer = await connected(ferroKafka().producer());
    const messages = Array.from({ length: 10 }, (_, i) => ({ key: `key-${i}`, value: `value-${i}` }));
    expect(await producer.send({ acks: 1, topic, messages })).toEqual([
      { topicName: topic, partition: 0, errorCode: 0, baseOffset: '0', logAppendTime: '-1', logStartOffset: '-1' },
    ]);
    expect(await producer.send({ acks: 1, topic, messages })).toEqual([
      { topicName: topic, partition: 0, errorCode: 0, baseOffset: '10', logAppendTime: '-1', logStartOffset: '-1' },
    ]);
  });

  it('keys land on the same partitions as with real kafkajs (DefaultPartitioner), explicit partitions are kept', async () => {
    const ours = await createTopic(5);
    const theirs = await createTopic(5);
    const keys = Array.from({ length: 40 }, (_, i) => `customer-${i * 7919}`);
    const producer = await connected(ferroKafka().producer());
    const real = realKafka().producer();
    await real.connect();
    try {
      await producer.send({ topic: ours, messages: keys.map((key) => ({ key, value: key })) });
      await real.send({ topic: theirs, messages: keys.map((key) => ({ key, value: key })) });
      await producer.send({ topic: ours, messages: [{ key: 'pinned', value: 'pinned', partition: 4 }] });
      await real.send({ topic: theirs, messages: [{ key: 'pinned', value: 'pinned', partition: 4 }] });
    } finally {
      await real.disconnect();
    }
    const where = async (topic: string) =>
      Object.fromEntries((await consumeAll(topic, keys.length + 1)).map((r) => [r.key?.toString(), r.partition]));
    const ourPartitions = await where(ours);
    expect(ourPartitions).toEqual(await where(theirs));
    expect(ourPartitions.pinned).toBe(4);
    expect(new Set(Object.values(ourPartitions)).size).toBeGreaterThan(1);
  });

  it("LegacyPartitioner puts each key on the partition real kafkajs's LegacyPartitioner does; a custom partitioner is used", async () => {
    const ours = await createTopic(7);
    const theirs = await createTopic(7);
    const custom = await createTopic(3);
    const keys = Array.from({ length: 60 }, (_, i) => `order-${i}-${'x'.repeat(i % 5)}`);
    const producer = await connected(ferroKafka().producer({ createPartitioner: Partitioners.LegacyPartitioner }));
    const real = realKafka().producer({ createPartitioner: RealPartitioners.LegacyPartitioner });
    await real.connect();
    try {
      await producer.send({ topic: ours, messages: keys.map((key) => ({ key, value: key })) });
      await real.send({ topic: theirs, messages: keys.map((key) => ({ key, value: key })) });
    } finally {
      await real.disconnect();
    }
    const where = async (topic: string, count: number) =>
      Object.fromEntries((await consumeAll(topic, count)).map((r) => [r.key?.toString(), r.partition]));
    const ourPartitions = await where(ours, keys.length);
    expect(ourPartitions).toEqual(await where(theirs, keys.length));
    expect(new Set(Object.values(ourPartitions)).size).toBeGreaterThan(3);

    const lastPartition = await connected(
      ferroKafka().producer({
        createPartitioner:
          () =>
          ({ partitionMetadata }) =>
            partitionMetadata.length - 1,
      }),
    );
    await lastPartition.send({ topic: custom, messages: [{ key: 'a', value: '1' }, { value: '2' }] });
    expect((await consumeAll(custom, 2)).map((r) => r.partition)).toEqual([2, 2]);
  });

  it('sendBatch writes several topics, headers (repeated and binary) and tombstones', async () => {
    const [a, b] = [await createTopic(1), await createTopic(1)];
    const producer = await connected(ferroKafka().producer());
    const result = await producer.sendBatch({
      topicMessages: [
        { topic: a, messages: [{ key: 'k1', value: 'v1', headers: { one: 'x', many: ['p', 'q'], bytes: Buffer.from([0, 255]) } }] },
        { topic: b, messages: [{ key: 'k2', value: null }] },
        { topic: a, messages: [{ value: Buffer.from('v3'), timestamp: '1700000000000' }] },
      ],
    });
    expect(result).toEqual([
      { topicName: a, partition: 0, errorCode: 0, baseOffset: '0', logAppendTime: '-1', logStartOffset: '-1' },
      { topicName: b, partition: 0, errorCode: 0, baseOffset: '0', logAppendTime: '-1', logStartOffset: '-1' },
    ]);
    const [first, third] = await consumeAll(a, 2);
    expect(first?.headers.one?.toString()).toBe('x');
    expect((first?.headers.many as Buffer[] | undefined)?.map(String)).toEqual(['p', 'q']);
    expect(first?.headers.bytes).toEqual(Buffer.from([0, 255]));
    expect(third?.value?.toString()).toBe('v3');
    expect(third?.timestamp).toBe(1_700_000_000_000);
    const [tombstone] = await consumeAll(b, 1);
    expect(tombstone?.value).toBeNull();
  });

  it('acks 0 resolves with no metadata, as KafkaJS does; acks 1 and -1 with metadata', async () => {
    const topic = await createTopic(1);
    const producer = await connected(ferroKafka().producer());
    expect(await producer.send({ acks: 0, topic, messages: [{ value: 'a' }] })).toEqual([]);
    expect(await producer.send({ acks: 1, topic, messages: [{ value: 'b' }] })).toHaveLength(1);
    expect(await producer.send({ acks: -1, topic, messages: [{ value: 'c' }] })).toHaveLength(1);
    await expect(producer.send({ acks: 2, topic, messages: [{ value: 'd' }] })).rejects.toThrow(KafkaJSNonRetriableError);
    expect((await consumeAll(topic, 3)).map((r) => r.value?.toString())).toEqual(['a', 'b', 'c']);
  });

  it('compression per send: every codec is written, gzip read back by kafkajs', async () => {
    const readable = await createTopic(1);
    const pluginCodecs = await createTopic(1);
    const producer = await connected(ferroKafka().producer());
    await producer.send({ topic: readable, compression: CompressionTypes.None, messages: [{ value: 'plain '.repeat(50) }] });
    await producer.send({ topic: readable, compression: CompressionTypes.GZIP, messages: [{ value: 'gzip '.repeat(50) }] });
    // kafkajs decodes Snappy, LZ4 and ZSTD only with plug-ins: these are counted, not read.
    for (const compression of [CompressionTypes.Snappy, CompressionTypes.LZ4, CompressionTypes.ZSTD]) {
      await producer.send({ topic: pluginCodecs, compression, messages: [{ value: `codec ${compression} `.repeat(50) }] });
    }
    expect(await recordCount(pluginCodecs)).toBe(3);
    expect((await consumeAll(readable, 2)).map((r) => r.value?.toString())).toEqual(['plain '.repeat(50), 'gzip '.repeat(50)]);
    await expect(producer.send({ topic: readable, compression: 9 as never, messages: [{ value: 'x' }] })).rejects.toThrow(
      /compression must be one of/,
    );
  });

  it("an idempotent producer refuses acks other than -1 with KafkaJS's error, and delivers", async () => {
    const topic = await createTopic(1);
    const producer = await connected(ferroKafka().producer({ idempotent: true }));
    expect(producer.isIdempotent()).toBe(true);
    const error = await caught(producer.send({ acks: 1, topic, messages: [{ value: 'x' }] }));
    expect(error).toBeInstanceOf(KafkaJSNonRetriableError);
    expect(error.message).toBe("Not requiring ack for all messages invalidates the idempotent producer's EoS guarantees");
    await producer.send({ topic, messages: Array.from({ length: 100 }, (_, i) => ({ value: String(i) })) });
    expect((await consumeAll(topic, 100)).map((r) => Number(r.value))).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("KafkaJS's input errors, word for word", async () => {
    const topic = await createTopic(1);
    const producer = ferroKafka().producer();
    await expect(producer.send({ acks: 1, topic: null as never, messages: [] })).rejects.toThrow('Invalid topic');
    await expect(producer.send({ acks: 1, topic, messages: null as never })).rejects.toThrow(`Invalid messages array [null] for topic "${topic}"`);
    await expect(producer.send({ acks: 1, topic, messages: [{ foo: 'bar' } as never] })).rejects.toThrow(
      `Invalid message without value for topic "${topic}": {"foo":"bar"}`,
    );
    // Before connect(): KafkaJS's retriable "disconnected" error.
    const disconnected = await caught(producer.send({ topic, messages: [{ value: 'x' }] }));
    expect(disconnected).toBeInstanceOf(KafkaJSError);
    expect(disconnected).not.toBeInstanceOf(KafkaJSNonRetriableError);
    expect(disconnected.message).toBe('The producer is disconnected');
  });

  it('a message larger than the limit is a KafkaJSProtocolError MESSAGE_TOO_LARGE, as with real kafkajs', async () => {
    const topic = await createTopic(1);
    const big = 'x'.repeat(1_100_000);
    const producer = await connected(ferroKafka().producer());
    const ours = (await caught(producer.send({ topic, messages: [{ value: big }] }))) as KafkaJSProtocolError;
    const real = realKafka().producer();
    await real.connect();
    const theirs = (await caught(real.send({ topic, messages: [{ value: big }] })).finally(() => real.disconnect())) as KafkaJSProtocolError;
    for (const error of [ours, theirs]) {
      expect(error.name).toBe('KafkaJSProtocolError');
      expect(error.type).toBe('MESSAGE_TOO_LARGE');
      expect(error.code).toBe(10);
      expect(error.retriable).toBe(false);
    }
    expect(ours).toBeInstanceOf(KafkaJSProtocolError);
    // ferrokafka's message says more: the size, the limit and the option.
    expect(ours.message).toContain('1100000');
    // The other messages of a failed send are not lost: a good one goes through after it.
    expect(await producer.send({ topic, messages: [{ value: 'small' }] })).toHaveLength(1);
  });

  it('disconnect() resolves with the records it could not deliver; their sends reject', async () => {
    // A missing topic with auto-creation off fails after KafkaJS's back-offs (here 1 s), while disconnect() waits.
    const producer = await connected(ferroKafka().producer({ allowAutoTopicCreation: false, retry: { retries: 2 } }));
    open.pop();
    const pending = caught(producer.send({ topic: `missing-${Date.now()}`, messages: [{ key: 'k', value: 'never' }] }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const undelivered = await producer.disconnect();
    expect(undelivered).toHaveLength(1);
    expect(undelivered[0]?.record.value?.toString()).toBe('never');
    const error = await pending;
    expect(error).toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    expect(error.cause).toMatchObject({ name: 'KafkaJSProtocolError', type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3 });
    await expect(producer.send({ topic: 'after', messages: [{ value: 'x' }] })).rejects.toThrow('The producer is disconnected');
  });

  it("a partition given as a decimal string is written there; a send() right after disconnect() gets KafkaJS's 'disconnecting' error", async () => {
    const topic = await createTopic(2, 'kafkajs-shapes');
    const producer = await connected(ferroKafka().producer());
    open.pop();
    const [metadata] = await producer.send({ topic, messages: [{ value: 'v', partition: '1' as unknown as number }] });
    expect(metadata).toMatchObject({ topicName: topic, partition: 1, errorCode: 0 });
    const disconnecting = producer.disconnect();
    const late = await caught(producer.send({ topic, messages: [{ value: 'late' }] }));
    expect(late).toBeInstanceOf(KafkaJSNonRetriableError);
    expect(late.message).toBe("The producer is disconnecting; therefore, it can't safely accept messages anymore");
    expect(await disconnecting).toEqual([]);
    expect(await recordCount(topic)).toBe(1);
  });

  it('connect() called while disconnect() is still delivering waits for it, then connects, and sends work', async () => {
    // A record to a missing topic (auto-creation off) keeps disconnect() busy for about 4 s, longer than a connect() takes.
    const producer = await connected(ferroKafka().producer({ allowAutoTopicCreation: false, retry: { retries: 1, initialRetryTime: 4000 } }));
    const pending = caught(producer.send({ topic: `missing-${Date.now()}`, messages: [{ value: 'never' }] }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const order: string[] = [];
    const disconnecting = producer.disconnect().then(() => order.push('disconnected'));
    const reconnecting = producer.connect().then(() => order.push('connected'));
    await Promise.all([disconnecting, reconnecting]);
    expect(order).toEqual(['disconnected', 'connected']);
    expect(await pending).toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    const topic = await createTopic(1, 'kafkajs-reconnect');
    await expect(producer.send({ topic, messages: [{ value: 'after' }] })).resolves.toHaveLength(1);
  });

  it('connect() to an unreachable broker rejects with KafkaJSNumberOfRetriesExceeded caused by a KafkaJSConnectionError', {
    timeout: 60_000,
  }, async () => {
    const entries: LogEntry[] = [];
    const kafka = ferroKafka({ brokers: ['127.0.0.1:1'], logLevel: logLevel.ERROR, logCreator: () => (entry) => entries.push(entry) });
    const error = await caught(kafka.producer().connect());
    expect(error).toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    expect((error.cause as Error).name).toBe('KafkaJSConnectionError');
    // The client's error (all brokers down) and librdkafka's own lines reach the logCreator.
    expect(entries.some((entry) => entry.label === 'ERROR' && entry.namespace === 'Producer')).toBe(true);
    expect(entries.some((entry) => entry.namespace === 'librdkafka')).toBe(true);
  });

  it('emits connect and disconnect events, refuses unknown event names, and removes listeners', async () => {
    const producer = ferroKafka().producer();
    const seen: string[] = [];
    producer.on(producer.events.CONNECT, (event) => seen.push(event.type));
    const remove = producer.on(producer.events.DISCONNECT, (event) => {
      seen.push(event.type);
      expect(event).toMatchObject({ id: expect.any(Number), timestamp: expect.any(Number), payload: null });
    });
    expect(() => producer.on('NON_EXISTENT_EVENT', () => undefined)).toThrow(/Event name should be one of producer.events./);
    // Concurrent connect() calls share one attempt: one producer, one event.
    await Promise.all([producer.connect(), producer.connect()]);
    await producer.disconnect();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['producer.connect', 'producer.disconnect']);
    remove();
    await producer.connect();
    await producer.disconnect();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['producer.connect', 'producer.disconnect', 'producer.connect']);
  });

  it('logCreator receives the log at its level, with namespaces', async () => {
    const entries: LogEntry[] = [];
    const levels: number[] = [];
    const kafka = ferroKafka({
      logLevel: logLevel.WARN,
      logCreator: (level) => {
        levels.push(level);
        return (entry) => entries.push(entry);
      },
    });
    const producer = kafka.producer({ unknownOption: true } as never);
    expect(levels).toEqual([logLevel.WARN]);
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: logLevel.WARN,
        label: 'WARN',
        log: expect.objectContaining({ message: "kafka.producer(): unknown option 'unknownOption' is ignored", logger: 'kafkajs' }),
      }),
    );
    producer.logger().info('not logged at WARN');
    producer.logger().error('logged at WARN');
    expect(entries.at(-1)).toMatchObject({ namespace: 'Producer', label: 'ERROR', log: { message: 'logged at WARN' } });
    expect(entries.some((entry) => entry.log.message === 'not logged at WARN')).toBe(false);
  });

  it('consumer() and admin() are the real kafkajs, made with the same configuration', async () => {
    const topic = await createTopic(2);
    const kafka = ferroKafka({ clientId: 'handed-over' });
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).toContain(topic);
    } finally {
      await admin.disconnect();
    }
    const producer = await connected(kafka.producer());
    await producer.send({ topic, messages: [{ key: 'a', value: 'for the consumer' }] });
    const consumer = kafka.consumer({ groupId: `handed-${Date.now()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const value = await new Promise<string>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
      });
      expect(value).toBe('for the consumer');
    } finally {
      await consumer.disconnect();
    }
  });
});

describe('transactions', () => {
  it('commit makes records visible to read_committed, abort never; sendOffsets commits the group offsets', async () => {
    const topic = await createTopic(1);
    const input = await createTopic(2);
    const groupId = `txn-group-${Date.now()}`;
    const producer = await connected(ferroKafka().producer({ transactionalId: `txn-${topic}`, maxInFlightRequests: 1, idempotent: true }));
    const committed = await producer.transaction();
    expect(committed.isActive()).toBe(true);
    await expect(producer.transaction()).rejects.toThrow('There is already an ongoing transaction for this producer');
    expect(await committed.send({ topic, messages: [{ key: 'k', value: 'committed' }] })).toHaveLength(1);
    await committed.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: [{ partition: 1, offset: '42' }] }] });
    await committed.commit();
    expect(committed.isActive()).toBe(false);
    await expect(committed.send({ topic, messages: [{ value: 'late' }] })).rejects.toThrow('Cannot continue to use transaction once ended');

    const aborted = await producer.transaction();
    await aborted.sendBatch({ topicMessages: [{ topic, messages: [{ value: 'aborted' }] }] });
    await aborted.abort();
    await expect(aborted.commit()).rejects.toThrow(KafkaJSNonRetriableError);
    const third = await producer.transaction();
    await expect(third.send({ topic, compression: CompressionTypes.GZIP, messages: [{ value: 'x' }] })).rejects.toThrow(
      /compression 1 cannot be chosen per send inside a transaction/,
    );
    await third.send({ topic, messages: [{ value: 'third' }] });
    await third.commit();

    const values = (await consumeAll(topic, 2, { readCommitted: true })).map((r) => r.value?.toString());
    expect(values).toEqual(['committed', 'third']);
    const admin = realKafka().admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId, topics: [input] }).finally(() => admin.disconnect());
    expect(offsets[0]?.partitions.find((p) => p.partition === 1)?.offset).toBe('42');
  });

  it("two transaction() calls at once, the first initializing transactions: one begins, the other gets KafkaJS's ongoing-transaction error", async () => {
    const producer = await connected(ferroKafka().producer({ transactionalId: `txn-concurrent-${Date.now()}`, idempotent: true }));
    const [first, second] = await Promise.allSettled([producer.transaction(), producer.transaction()]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    const refused = (second as PromiseRejectedResult).reason as Error;
    expect(refused).toBeInstanceOf(KafkaJSNonRetriableError);
    expect(refused.message).toMatch(/^There is already an ongoing transaction for this producer/);
    await (first as PromiseFulfilledResult<Awaited<ReturnType<Producer['transaction']>>>).value.abort();
  });

  it('transaction() without a transactionalId is refused as in KafkaJS', async () => {
    const producer = await connected(ferroKafka().producer());
    await expect(producer.transaction()).rejects.toThrow('Must provide transactional id for transactional producer');
  });
});

describe("the native Producer's KafkaJS trap", () => {
  it("send({ topic, messages }) is a KafkaRecordError naming 'messages' and both ways out; nothing is written", async () => {
    const topic = await createTopic(1);
    const producer = new NativeProducer({ bootstrapServers: bootstrapServers() });
    try {
      const kafkajsShaped = { topic, messages: [{ key: 'k', value: 'hello' }] } as never;
      const error = await caught(producer.send(kafkajsShaped));
      expect(error).toBeInstanceOf(KafkaRecordError);
      expect(error.message).toContain("'messages'");
      expect(error.message).toContain('sendBatch');
      expect(error.message).toContain('ferrokafka/kafkajs');
      await producer.send({ topic, key: 'k', value: 'the only record' });
    } finally {
      await producer.close();
    }
    expect(await recordCount(topic)).toBe(1);
  });
});
