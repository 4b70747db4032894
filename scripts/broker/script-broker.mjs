// @ts-check
// The real Kafka broker that the soak and memory-checking scripts run against: the test harness
// of `ferrokafka/testing` (local JVMs on 127.0.0.1, free ports, stopped by pid also when the
// script fails or is interrupted), and topics created with kafkajs, an independent client.
import { Kafka, logLevel } from 'kafkajs';

/**
 * @param {{ nodes?: 1 | 3, log?: (line: string) => void }} [options]
 * @returns {Promise<import('../../dist/esm/testing/index.js').KafkaCluster>}
 */
export async function startScriptBroker(options = {}) {
  let testing;
  try {
    testing = await import('../../dist/esm/testing/index.js');
  } catch (error) {
    throw new Error(
      `cannot load dist/esm/testing/index.js; run "npm run build:ts" first (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return testing.startKafka({ nodes: options.nodes ?? 1, ...(options.log ? { log: options.log } : {}) });
}

/**
 * Creates `topic` and waits until every partition has a leader (up to 2 minutes: a busy
 * 3-node cluster can take a while, and kafkajs's own wait gives up too early).
 *
 * @param {string} bootstrapServers
 * @param {string} topic
 * @param {{ partitions?: number, replicationFactor?: number }} [options]
 */
export async function createScriptTopic(bootstrapServers, topic, options = {}) {
  const kafka = new Kafka({ clientId: 'ferrokafka-scripts', brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const partitions = options.partitions ?? 1;
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: options.replicationFactor ?? 1 }] });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const led = await admin.fetchTopicMetadata({ topics: [topic] }).then(
        ({ topics }) => topics[0]?.partitions.filter((p) => p.leader >= 0).length ?? 0,
        () => 0,
      );
      if (led === partitions) return;
      if (Date.now() > deadline) throw new Error(`topic ${topic}: ${led} of ${partitions} partitions have a leader after 2 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await admin.disconnect();
  }
}
