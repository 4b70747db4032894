import { randomUUID } from 'node:crypto';

import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

import { type KafkaError, Producer, type LogEntry, type ProducerConfig } from '../../lib/index.js';
import { readUntilCount } from './read-until-count.js';

/** A cluster from KAFKA_BOOTSTRAP_SERVERS cannot get the listeners these tests need. */
export const externalCluster = (process.env.KAFKA_BOOTSTRAP_SERVERS ?? '') !== '';
/** Delivery timeout of the producers that are meant to fail. */
export const DELIVERY_TIMEOUT_MS = 5_000;
/** librdkafka scans for timed-out records once a second; the rest is slack for a busy 2-core machine. */
export const FAILURE_DEADLINE_MS = DELIVERY_TIMEOUT_MS + 5_000;

/** A producer with everything it reported: log lines (via `logger`), 'error' events and 'stats' JSON. */
export interface WatchedProducer {
  producer: Producer;
  logs: LogEntry[];
  errors: KafkaError[];
  stats: string[];
}

/** Creates a producer that records its log lines, 'error' events and statistics. */
export function watchedProducer(config: ProducerConfig): WatchedProducer {
  const logs: LogEntry[] = [];
  const errors: KafkaError[] = [];
  const stats: string[] = [];
  const producer = new Producer({
    ...config,
    logger: (entry) => {
      logs.push(entry);
    },
  });
  producer.on('error', (error) => errors.push(error));
  producer.on('stats', (statistics) => stats.push(JSON.stringify(statistics)));
  return { producer, logs, errors, stats };
}

/** Everything a watched producer said, as one text: to search for a reason or for a leaked secret. */
export function everythingReported(watched: WatchedProducer): string {
  return [
    ...watched.logs.map((entry) => `[${entry.facility}] ${entry.message}`),
    ...watched.errors.map((error) => `${error.type}: ${error.message}`),
  ].join('\n');
}

export interface Settled<T> {
  value?: T;
  error?: unknown;
  elapsedMs: number;
}

/** Awaits a promise and reports how it ended and how long it took, without throwing. */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  const started = Date.now();
  try {
    const value = await promise;
    return { value, elapsedMs: Date.now() - started };
  } catch (error) {
    return { error, elapsedMs: Date.now() - started };
  }
}

/** A KafkaJS client on any listener; `config` carries its ssl / sasl settings. */
export function kafkajsClient(brokers: string, config: Omit<KafkaConfig, 'brokers'> = {}): Kafka {
  return new Kafka({
    clientId: 'ferrokafka-security-tests',
    logLevel: logLevel.NOTHING,
    ...config,
    brokers: brokers.split(','),
  });
}

/** Creates a fresh one-partition topic (through the cluster's PLAINTEXT listener). */
export async function createTopicOn(plaintextBrokers: string, prefix = 'security'): Promise<string> {
  const topic = `${prefix}-${randomUUID().slice(0, 8)}`;
  const admin = kafkajsClient(plaintextBrokers).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/** Reads the values of the first `count` records of a one-partition topic with KafkaJS. */
export async function readValues(client: Kafka, topic: string, count: number, timeoutMs = 30_000): Promise<string[]> {
  return readUntilCount(client, topic, count, ({ message }) => message.value?.toString() ?? '', { timeoutMs });
}
