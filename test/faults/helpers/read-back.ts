import { randomUUID } from 'node:crypto';

import { Kafka, logLevel } from 'kafkajs';

import type { MockCluster } from '../../../lib/testing/index.js';
import { type LoggedRecord, parseValue } from './fault-run.js';

/**
 * Everything the mock's log holds for `topic` (all partitions, from their start), read with a
 * kafkajs consumer (an independent client): as many records as the end offsets say, then a short
 * wait for any extra. The mock answers each fetch with one batch per partition, so fetches must not wait.
 */
export async function readBack(mock: MockCluster, topic: string, timeoutMs = 15_000): Promise<LoggedRecord[]> {
  mock.setGroupInitialRebalanceDelay(0);
  const kafka = new Kafka({ clientId: 'fault-read-back', brokers: mock.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let count: number;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    count = offsets.reduce((total, partition) => total + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
  const records: LoggedRecord[] = [];
  if (count === 0) return records;
  const consumer = kafka.consumer({ groupId: `read-back-${randomUUID()}`, maxWaitTimeInMs: 5, readUncommitted: true });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let enough: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (enough = resolve));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({ partition, offset: Number(message.offset), ...parseValue(message.value?.toString() ?? '') });
        if (records.length >= count) enough();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      done.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) throw new Error(`read back ${records.length} of ${count} records of ${topic} within ${timeoutMs} ms`);
    // Any extra (a record the end offsets did not count) would show now.
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}
