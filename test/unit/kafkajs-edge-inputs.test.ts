import { afterEach, describe, expect, it, vi } from 'vitest';

import { DEFAULT_PROFILE, deliveryTimeoutOf, mapProducerConfig } from '../../lib/kafkajs/config-mapping.js';
import { InstrumentationEvents, PRODUCER_EVENTS } from '../../lib/kafkajs/events.js';
import { Kafka, KafkaJSConnectionError, KafkaJSNonRetriableError, logLevel } from '../../lib/kafkajs/index.js';
import { createLogger } from '../../lib/kafkajs/logger.js';
import { toRecords } from '../../lib/kafkajs/messages.js';
import { type PooledProducer, ProducerPool } from '../../lib/kafkajs/producer-pool.js';
import { OpenTransaction } from '../../lib/kafkajs/transaction.js';

afterEach(() => {
  vi.restoreAllMocks();
});

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** A transaction over a stand-in producer: only the transactional calls it makes are recorded. */
function transactionOver(producer: Record<string, (...args: unknown[]) => Promise<void>>): OpenTransaction {
  const pooled = { producer, budget: { retries: 5, deliveryTimeoutMs: 1000 } } as unknown as PooledProducer;
  return new OpenTransaction(
    pooled,
    async () => [],
    () => undefined,
  );
}

describe('a logCreator whose log function throws', () => {
  it('never raises from a log call (librdkafka lines and client errors are logged where nobody could catch it)', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const logger = createLogger(logLevel.DEBUG, () => () => {
      throw new Error('log boom');
    });
    expect(() => logger.namespace('librdkafka').error('broker down')).not.toThrow();
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('log function threw (log boom) writing: [librdkafka] broker down'));
  });

  it('a throwing listener logged by a throwing log function neither throws from emit() nor leaves an unhandled rejection', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const events = new InstrumentationEvents(
        createLogger(logLevel.ERROR, () => () => {
          throw new Error('log boom');
        }),
      );
      events.on(PRODUCER_EVENTS.CONNECT, () => {
        throw new Error('sync listener');
      });
      events.on(PRODUCER_EVENTS.CONNECT, async () => {
        throw new Error('async listener');
      });
      expect(() => events.emit(PRODUCER_EVENTS.CONNECT)).not.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('KafkaJS call shapes', () => {
  it('a partition given as a decimal string is sent as that number, as KafkaJS does; other strings are left for the record check', () => {
    const [first, second] = toRecords([
      {
        topic: 't',
        messages: [
          { value: 'a', partition: '3' as unknown as number },
          { value: 'b', partition: 'x' as unknown as number },
        ],
      },
    ]);
    expect(first?.partition).toBe(3);
    expect(second?.partition).toBe('x');
  });

  it("a custom partitioner's decimal string is that partition, as in KafkaJS; NaN is left for the partition check", () => {
    const partitionerOf = (result: unknown) =>
      mapProducerConfig(
        { brokers: ['127.0.0.1:9092'] },
        { createPartitioner: () => () => result as number },
        ['127.0.0.1:9092'],
        DEFAULT_PROFILE,
        false,
        createLogger(logLevel.NOTHING, () => () => undefined),
      ).config.partitioner as (key: Buffer | null, count: number, topic: string) => number;
    expect(partitionerOf('2')(null, 3, 't')).toBe(2);
    expect(partitionerOf(Number.NaN)(null, 3, 't')).toBeNaN();
  });

  it('brokers as a function that throws: connect() rejects with KafkaJS\'s KafkaJSConnectionError naming "config.brokers"', async () => {
    const producer = new Kafka({
      brokers: async () => {
        throw new Error('discovery down');
      },
      logLevel: logLevel.NOTHING,
    }).producer();
    const error = await caught(producer.connect());
    expect(error).toBeInstanceOf(KafkaJSConnectionError);
    expect(error.message).toBe('Failed to connect: "config.brokers" threw: discovery down');
    expect((error as KafkaJSConnectionError).retriable).toBe(true);
    await producer.disconnect();
  });
});

describe('transaction misuse', () => {
  it('sendOffsets with a bad shape is a KafkaJSNonRetriableError naming the field, and reaches no broker', async () => {
    const sendOffsetsToTransaction = vi.fn(async () => undefined);
    const transaction = transactionOver({ sendOffsetsToTransaction });
    const partition = { consumerGroupId: 'g', topics: [{ topic: 't', partitions: [{ partition: 'a', offset: '5' }] }] };
    const badPartition = await caught(transaction.sendOffsets(partition as never));
    expect(badPartition).toBeInstanceOf(KafkaJSNonRetriableError);
    expect(badPartition.message).toBe('sendOffsets: partition of topic "t" must be a non-negative integer; got "a"');
    const badOffset = await caught(
      transaction.sendOffsets({ consumerGroupId: 'g', topics: [{ topic: 't', partitions: [{ partition: 0, offset: 'x' }] }] }),
    );
    expect(badOffset.message).toMatch(/offset of topic "t" partition 0 must be a non-negative integer .*got "x"/);
    const noPartitions = await caught(transaction.sendOffsets({ consumerGroupId: 'g', topics: [{ topic: 't' }] } as never));
    expect(noPartitions.message).toMatch(/the partitions of topic "t" must be an array/);
    expect(sendOffsetsToTransaction).not.toHaveBeenCalled();
    await transaction.sendOffsets({ consumerGroupId: 'g', topics: [{ topic: 't', partitions: [{ partition: 0, offset: '5' }] }] });
    expect(sendOffsetsToTransaction).toHaveBeenCalledTimes(1);
  });

  it('abort() while commit() is under way is refused with a KafkaJSNonRetriableError; the commit still ends the transaction', async () => {
    let finishCommit = (): void => undefined;
    const abortTransaction = vi.fn(async () => undefined);
    const transaction = transactionOver({
      commitTransaction: () =>
        new Promise<void>((resolve) => {
          finishCommit = resolve;
        }),
      abortTransaction,
    });
    const commit = transaction.commit();
    const abort = await caught(transaction.abort());
    expect(abort).toBeInstanceOf(KafkaJSNonRetriableError);
    expect(abort.message).toBe('Cannot abort the transaction: its commit is already under way');
    expect(abortTransaction).not.toHaveBeenCalled();
    finishCommit();
    await commit;
    expect(transaction.isActive()).toBe(false);
  });
});

describe('a transaction being committed', () => {
  it('refuses send, sendBatch and sendOffsets called after commit(), as KafkaJS does, instead of adding them to the commit', async () => {
    let finishCommit = (): void => undefined;
    const sent: unknown[] = [];
    const pooled = {
      producer: {
        commitTransaction: () =>
          new Promise<void>((resolve) => {
            finishCommit = resolve;
          }),
        sendOffsetsToTransaction: async () => undefined,
      },
      budget: { retries: 5, deliveryTimeoutMs: 1000 },
    } as unknown as PooledProducer;
    const transaction = new OpenTransaction(
      pooled,
      async (batch) => {
        sent.push(batch);
        return [];
      },
      () => undefined,
    );
    const commit = transaction.commit();
    const send = await caught(transaction.send({ topic: 't', messages: [{ value: 'late' }] }));
    expect(send).toBeInstanceOf(KafkaJSNonRetriableError);
    expect(send.message).toBe('Cannot send in the transaction: its commit is under way');
    await expect(transaction.sendBatch({ topicMessages: [] })).rejects.toThrow('Cannot sendBatch in the transaction: its commit is under way');
    await expect(transaction.sendOffsets({ consumerGroupId: 'g', topics: [] })).rejects.toThrow(
      'Cannot sendOffsets in the transaction: its commit is under way',
    );
    expect(sent).toEqual([]);
    finishCommit();
    await commit;
  });
});

describe('retry odd values', () => {
  it('back-offs of 0 with unlimited retries (an idempotent producer, auto-creation off) are counted at once, not looped over', () => {
    // Before, this looped once per retry: Number.MAX_SAFE_INTEGER times, blocking the process.
    const { config } = mapProducerConfig(
      { brokers: ['127.0.0.1:9092'], retry: { initialRetryTime: 0 } },
      { idempotent: true, allowAutoTopicCreation: false },
      ['127.0.0.1:9092'],
      DEFAULT_PROFILE,
      false,
      createLogger(logLevel.NOTHING, () => () => undefined),
    );
    expect(config.librdkafka).toMatchObject({ 'topic.metadata.propagation.max.ms': 1000 });
    expect(deliveryTimeoutOf({ retries: 2_000_000_000, initialRetryTime: 0, maxRetryTime: 30_000 }, 1)).toBe(2_000_000_001);
    expect(deliveryTimeoutOf({ retries: 1_000_000, initialRetryTime: 300, maxRetryTime: 1000 }, 1)).toBe(1_000_001 + 300 + 600 + 999_998 * 1000);
    expect(deliveryTimeoutOf({ retries: 5, initialRetryTime: 300, maxRetryTime: 1000 }, 1)).toBe(6 + 300 + 600 + 1000 + 1000 + 1000);
  });
});

describe('one librdkafka producer per combination of acks, compression and timeout', () => {
  it('is bounded: a combination beyond the limit is a KafkaJSNonRetriableError naming it and the limit', async () => {
    const logger = createLogger(logLevel.NOTHING, () => () => undefined);
    const brokers = ['127.0.0.1:9'];
    const pool = new ProducerPool((profile, transactional) => mapProducerConfig({ brokers }, {}, brokers, profile, transactional, logger), logger, 2);
    try {
      const first = pool.get(DEFAULT_PROFILE);
      pool.get({ ...DEFAULT_PROFILE, timeout: 1000 });
      expect(pool.get(DEFAULT_PROFILE)).toBe(first);
      expect(() => pool.get({ ...DEFAULT_PROFILE, timeout: 1001 })).toThrow(
        new KafkaJSNonRetriableError(
          'a send with acks -1, compression none and timeout 1001 ms would need librdkafka producer number 3 (one per combination of acks, compression and timeout sent with; the limit is 2): send with fewer distinct values, e.g. one timeout',
        ),
      );
    } finally {
      expect(await pool.closeAll()).toEqual([]);
    }
  });
});
