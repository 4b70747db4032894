// @ts-check
// Fresh topics for each run and the end-offset check that catches silent drops. A broker that
// answers no CreateTopics/DeleteTopics request (the mock) creates topics itself and keeps them: every
// run has a topic name of its own anyway.
import { createRequire } from 'node:module';

import { PARTITIONS } from '../scenarios/settings.mjs';

const require = createRequire(import.meta.url);

/** @param {import('../types.mjs').Broker} broker */
export async function connectAdmin({ bootstrapServers, createTopic }) {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  /** @type {typeof import('kafkajs')} */
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({ clientId: 'ferrokafka-bench-admin', brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let counter = 0;
  return {
    /**
     * Creates a new empty topic and waits until its leaders are known.
     *
     * @param {string} prefix
     */
    async createTopic(prefix) {
      const topic = `bench-${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`.replace(/[^a-zA-Z0-9._-]/g, '_');
      if (createTopic !== undefined) await createTopic(topic, PARTITIONS);
      else {
        const created = await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
        if (!created) throw new Error(`topic ${topic} already existed`);
      }
      // waitForLeaders only asks the metadata cache; the partitions serve a little later.
      await retry(() => admin.fetchTopicOffsets(topic), 15_000);
      return topic;
    },
    /**
     * Sum of the partitions' high watermarks: what the broker stored (a fresh topic starts at 0).
     *
     * @param {string} topic
     */
    async endOffsetTotal(topic) {
      const offsets = await retry(() => admin.fetchTopicOffsets(topic), 15_000);
      return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
    },
    /**
     * Frees the broker's disk: thousands of runs would otherwise fill it.
     *
     * @param {string} topic
     */
    async deleteTopic(topic) {
      if (createTopic !== undefined) return; // the mock cannot delete; it caps each partition's log (5 MB)
      await admin.deleteTopics({ topics: [topic], timeout: 30_000 }).catch(() => undefined);
    },
    disconnect: () => admin.disconnect(),
  };
}

/**
 * @template T
 * @param {() => Promise<T>} attempt
 * @param {number} timeoutMs
 * @returns {Promise<T>}
 */
async function retry(attempt, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      // A new topic's partitions answer "unknown topic" or "not leader" for a moment; any error
      // is retried until the deadline (kafkajs does not mark all of these retriable).
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
