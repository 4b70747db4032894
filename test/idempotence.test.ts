import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Producer } from '../lib/index.js';
import { startKafka, type KafkaCluster } from '../lib/testing/index.js';

const PARTITIONS = 3;
const RECORDS = 20_000;

/**
 * Forces retries the hard way: the broker is killed (SIGKILL) and restarted while records
 * are in flight. With idempotence, librdkafka resends unacknowledged batches with their
 * original sequence numbers and the broker discards the copies it already has.
 */
describe.skipIf(process.env.KAFKA_BOOTSTRAP_SERVERS)('idempotence under a broker crash (own broker, killed and restarted)', () => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startKafka({ nodes: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('keeps per-partition order with no duplicates and no losses', async () => {
    const { Kafka, logLevel } = await import('kafkajs');
    const kafka = new Kafka({ brokers: [cluster.bootstrapServers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'sequenced', numPartitions: PARTITIONS }], waitForLeaders: true });
    await admin.disconnect();

    const producer = new Producer({ bootstrapServers: cluster.bootstrapServers, lingerMs: 5, logger: () => undefined });
    const errors: unknown[] = [];
    const clientErrors: string[] = [];
    producer.on('error', (error) => clientErrors.push(error.type));
    let pendingAtKill = 0;
    const sends: Array<Promise<unknown>> = [];
    let killed = false;
    for (let seq = 0; seq < RECORDS; seq++) {
      sends.push(producer.send({ topic: 'sequenced', key: `k${seq % 97}`, value: String(seq) }).catch((error: unknown) => errors.push(error)));
      if (seq === RECORDS / 2 && !killed) {
        killed = true;
        pendingAtKill = producer.pending;
        await cluster.kill(1);
        setTimeout(() => void cluster.restart(1), 1500);
      } else if (seq % 500 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await Promise.all(sends);
    await producer.close();
    expect(errors).toEqual([]);
    // The crash really hit records in flight, and the client saw the connection go.
    expect(pendingAtKill).toBeGreaterThan(0);
    expect(clientErrors.length).toBeGreaterThan(0);

    const consumer = kafka.consumer({ groupId: 'verify-sequenced', maxWaitTimeInMs: 100 });
    const byPartition = new Map<number, number[]>();
    let total = 0;
    await consumer.connect();
    await consumer.subscribe({ topic: 'sequenced', fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          const list = byPartition.get(batch.partition) ?? [];
          for (const message of batch.messages) list.push(Number(message.value!.toString()));
          byPartition.set(batch.partition, list);
          total += batch.messages.length;
          if (total >= RECORDS) resolve();
        },
      });
    });
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await consumer.disconnect();

    const all = [...byPartition.values()].flat();
    const unique = new Set(all);
    expect({ consumed: all.length, unique: unique.size }).toEqual({ consumed: RECORDS, unique: RECORDS });
    for (const [partition, sequence] of byPartition) {
      const sorted = [...sequence].sort((a, b) => a - b);
      expect(sequence, `order of partition ${partition}`).toEqual(sorted);
    }
  }, 240_000);
});
