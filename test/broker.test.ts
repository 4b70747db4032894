import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafka, type KafkaCluster } from '../lib/testing/index.js';

// The harness itself: a real broker, reached by a real client (KafkaJS), then taken down.
// These start JVMs on a small machine: timeouts are in tens of seconds on purpose.

const externalCluster = (process.env.KAFKA_BOOTSTRAP_SERVERS ?? '') !== '';
const START_TIMEOUT_MS = 180_000;

function kafkaClient(brokers: string): Kafka {
  return new Kafka({
    clientId: 'ferrokafka-broker-test',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    // leader moves after a kill take a broker session timeout (9 s) to show up
    retry: { retries: 12, initialRetryTime: 300, maxRetryTime: 3_000 },
  });
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portAcceptsConnections(hostAndPort: string): Promise<boolean> {
  const [host = '', port = ''] = hostAndPort.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Reads `count` messages of `topic` from the beginning with a fresh consumer group. */
async function consumeFromStart(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer: Consumer = kafka.consumer({ groupId: `broker-test-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const messages: KafkaMessage[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            messages.push(message);
            if (messages.length === count) resolve();
          },
        })
        .catch(reject);
    });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

describe('startKafka() with one node', () => {
  let cluster: KafkaCluster;

  beforeAll(async () => {
    cluster = await startKafka({ nodes: 1 });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it('serves a real client: create a topic, produce and consume a message', async () => {
    expect(cluster.nodeIds.length).toBeGreaterThanOrEqual(1);
    const kafka = kafkaClient(cluster.bootstrapServers);
    const topic = `broker-test-${randomUUID()}`;

    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })).toBe(true);
    } finally {
      await admin.disconnect();
    }

    const producer = kafka.producer();
    await producer.connect();
    try {
      const [record] = await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'hello from the broker test' }] });
      expect(record).toMatchObject({ topicName: topic, errorCode: 0 });
    } finally {
      await producer.disconnect();
    }

    const [message] = await consumeFromStart(kafka, topic, 1);
    expect(message?.key?.toString()).toBe('k');
    expect(message?.value?.toString()).toBe('hello from the broker test');
  }, 120_000);

  it.skipIf(externalCluster)(
    'stop() ends the broker process and frees its port',
    async () => {
      const pid = cluster.pid(1);
      const [bootstrap = ''] = cluster.bootstrapServers.split(',');
      expect(await portAcceptsConnections(bootstrap)).toBe(true);

      await cluster.stop();

      if (pid !== undefined) expect(isProcessAlive(pid)).toBe(false); // undefined: the Docker path
      expect(await portAcceptsConnections(bootstrap)).toBe(false);
      await expect(cluster.stop()).resolves.toBeUndefined(); // idempotent
    },
    60_000,
  );
});

describe.skipIf(externalCluster)('startKafka() with three nodes', () => {
  let cluster: KafkaCluster;

  beforeAll(async () => {
    cluster = await startKafka({ nodes: 3 });
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('keeps accepting acks=all writes on an RF=3 topic while a node is down, and restarts it', async () => {
    expect(cluster.nodeIds).toEqual([1, 2, 3]);
    const kafka = kafkaClient(cluster.bootstrapServers);
    const topic = `broker-test-rf3-${randomUUID()}`;

    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    await producer.connect();
    try {
      await admin.createTopics({
        topics: [{ topic, numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
        waitForLeaders: true,
      });
      await producer.send({ topic, acks: -1, messages: [{ value: 'before the kill' }] });

      // the hardest node to lose: the partition's leader
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      const leader = metadata.topics[0]?.partitions[0]?.leader ?? -1;
      expect(cluster.nodeIds).toContain(leader);
      const leaderPid = cluster.pid(leader);
      expect(leaderPid).toBeDefined();

      await cluster.kill(leader);
      expect(isProcessAlive(leaderPid ?? -1)).toBe(false);
      expect(cluster.pid(leader)).toBeUndefined();

      const [written] = await producer.send({ topic, acks: -1, timeout: 60_000, messages: [{ value: 'while a node is down' }] });
      expect(written).toMatchObject({ topicName: topic, errorCode: 0 });

      await cluster.restart(leader);
      const restartedPid = cluster.pid(leader);
      expect(restartedPid).toBeDefined();
      expect(restartedPid).not.toBe(leaderPid);

      // the restarted node answers on its own and sees the whole cluster
      const restartedAddress = cluster.bootstrapServers.split(',')[cluster.nodeIds.indexOf(leader)] ?? '';
      const direct = kafkaClient(restartedAddress).admin();
      await direct.connect();
      try {
        const { brokers } = await direct.describeCluster();
        expect(brokers.map((broker) => broker.nodeId).sort()).toEqual([1, 2, 3]);
      } finally {
        await direct.disconnect();
      }

      await producer.send({ topic, acks: -1, messages: [{ value: 'after the restart' }] });
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }

    const values = (await consumeFromStart(kafka, topic, 3)).map((message) => message.value?.toString());
    expect(values).toEqual(['before the kill', 'while a node is down', 'after the restart']);

    const pids = cluster.nodeIds.map((nodeId) => cluster.pid(nodeId) ?? -1);
    await cluster.stop();
    expect(pids.filter(isProcessAlive)).toEqual([]);
  }, 240_000);
});
