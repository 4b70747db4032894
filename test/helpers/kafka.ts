import { randomUUID } from 'node:crypto';

import { inject } from 'vitest';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';

import { readUntilCount } from './read-until-count.js';

/** The shared test broker started by global-setup.ts. */
export function bootstrapServers(): string {
  return inject('bootstrapServers');
}

/** kafkajs: an independent client used to create topics and to read back what was written. */
export function kafkajs(): Kafka {
  return new Kafka({ clientId: 'ferrokafka-tests', brokers: bootstrapServers().split(','), logLevel: logLevel.NOTHING });
}

/** Creates a fresh topic with a unique name. */
export async function createTopic(partitions = 1, prefix = 'test'): Promise<string> {
  const topic = `${prefix}-${randomUUID().slice(0, 8)}`;
  const admin = kafkajs().admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export interface ConsumedRecord {
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
  headers: IHeaders;
}

/**
 * Reads `count` records from the start of `topic` with kafkajs, then waits `settleMs` more to
 * catch any extra (duplicate) record. Fails if fewer than `count` arrive within `timeoutMs`.
 */
export async function consumeAll(
  topic: string,
  count: number,
  options: { readCommitted?: boolean; timeoutMs?: number; settleMs?: number } = {},
): Promise<ConsumedRecord[]> {
  const records = await readUntilCount(
    kafkajs(),
    topic,
    count,
    ({ partition, message }): ConsumedRecord => ({
      partition,
      offset: Number(message.offset),
      key: message.key,
      value: message.value,
      timestamp: Number(message.timestamp),
      headers: message.headers ?? {},
    }),
    {
      readUncommitted: options.readCommitted === false,
      timeoutMs: options.timeoutMs,
      settleMs: options.settleMs ?? 500,
    },
  );
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** Sum of the topic's end offsets: how many records the broker holds. */
export async function recordCount(topic: string): Promise<number> {
  const admin = kafkajs().admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((total, p) => total + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
