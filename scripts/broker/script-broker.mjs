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
 * Creates `topic` and waits for its leaders.
 *
 * @param {string} bootstrapServers
 * @param {string} topic
 * @param {{ partitions?: number, replicationFactor?: number, configs?: Record<string, string> }} [options]
 */
export async function createScriptTopic(bootstrapServers, topic, options = {}) {
  const kafka = new Kafka({ clientId: 'ferrokafka-scripts', brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: options.partitions ?? 1,
          replicationFactor: options.replicationFactor ?? 1,
          configEntries: Object.entries(options.configs ?? {}).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}
