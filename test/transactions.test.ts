import { randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { KafkaClosedError, KafkaError, type Producer } from '../lib/index.js';
import { consumeWithJava } from './helpers/java-consumer.js';
import { createTopic, kafkajs } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';
import { rejectionOf } from './helpers/rejection.js';

describe('transactions (exactly-once)', () => {
  const open = trackProducers();
  const transactional = (transactionalId = `tx-${randomUUID()}`): Producer => open({ transactionalId, logger: () => undefined });

  it('a read_committed consumer sees committed records and never aborted ones', async () => {
    const topic = await createTopic(2);
    const producer = transactional();
    await producer.initTransactions();

    producer.beginTransaction();
    await Promise.all(Array.from({ length: 10 }, (_, i) => producer.send({ topic, key: `c1-${i}`, value: `committed-1-${i}` })));
    await producer.commitTransaction();

    producer.beginTransaction();
    const aborted = Array.from({ length: 5 }, (_, i) => producer.send({ topic, key: `a-${i}`, value: `aborted-${i}` }));
    await Promise.all(aborted);
    await producer.abortTransaction();

    producer.beginTransaction();
    for (let i = 0; i < 3; i++) producer.produce({ topic, key: `c2-${i}`, value: `committed-2-${i}` });
    await producer.commitTransaction();

    const committed = await consumeWithJava(topic, 13, { isolation: 'read_committed' });
    const values = committed.map((r) => r.value!.toString());
    expect(values.filter((v) => v.startsWith('committed')).sort()).toEqual(
      [...Array.from({ length: 10 }, (_, i) => `committed-1-${i}`), ...Array.from({ length: 3 }, (_, i) => `committed-2-${i}`)].sort(),
    );
    expect(values.some((v) => v.startsWith('aborted'))).toBe(false);
    expect(committed).toHaveLength(13);

    // The aborted records were written (then marked aborted): an uncommitted reader sees them.
    const everything = await consumeWithJava(topic, 18, { isolation: 'read_uncommitted' });
    expect(everything.filter((r) => r.value!.toString().startsWith('aborted'))).toHaveLength(5);
  });

  it("commits a consumer group's offsets inside the transaction", async () => {
    const topic = await createTopic(1);
    const groupId = `group-${randomUUID()}`;
    const producer = transactional();
    await producer.initTransactions();
    producer.beginTransaction();
    await producer.send({ topic, value: 'output' });
    await producer.sendOffsetsToTransaction({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: 42 }] }] });
    await producer.commitTransaction();

    const admin = kafkajs().admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(offsets?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '42' })]);
    } finally {
      await admin.disconnect();
    }
  });

  it('reports misuse as typed errors: commit without begin, begin twice', async () => {
    const producer = transactional();
    await producer.initTransactions();
    const notStarted = await rejectionOf(producer.commitTransaction());
    expect(notStarted.type).toBe('STATE');
    expect(notStarted.fatal).toBe(false);
    producer.beginTransaction();
    expect(() => producer.beginTransaction()).toThrow(KafkaError);
    await producer.abortTransaction();
  });

  it('a fenced producer reports a fatal error and refuses new sends', async () => {
    const topic = await createTopic(1);
    const transactionalId = `fenced-${randomUUID()}`;
    const zombie = transactional(transactionalId);
    await zombie.initTransactions();
    zombie.beginTransaction();
    await zombie.send({ topic, value: 'from the zombie' });

    const successor = transactional(transactionalId);
    await successor.initTransactions();

    const fatal = await rejectionOf(zombie.commitTransaction());
    expect(fatal.fatal).toBe(true);
    expect(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH', 'FENCED']).toContain(fatal.type);
    const refused = await rejectionOf(zombie.send({ topic, value: 'after being fenced' }));
    expect(refused).toBeInstanceOf(KafkaClosedError);
    expect(refused.message).toContain('fatal error');

    successor.beginTransaction();
    await successor.send({ topic, value: 'from the successor' });
    await successor.commitTransaction();
    const committed = await consumeWithJava(topic, 1, { isolation: 'read_committed' });
    expect(committed.map((r) => r.value!.toString())).toEqual(['from the successor']);
  });
});
