import { Kafka, logLevel } from 'kafkajs';

import type { MockCluster } from '../../../lib/testing/index.js';
import { readUntilCount } from '../../helpers/read-until-count.js';
import { type LoggedRecord, parseValue } from './fault-run.js';

/** kafkajs, an independent client, on the mock cluster. */
function kafkajsOn(mock: MockCluster): Kafka {
  return new Kafka({ clientId: 'fault-read-back', brokers: mock.bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3 } });
}

/**
 * Everything the mock's log holds for `topic` (all partitions, from their start), read with a
 * kafkajs consumer: as many records as the end offsets say, then a short wait for any extra.
 */
export async function readBack(mock: MockCluster, topic: string): Promise<LoggedRecord[]> {
  mock.setGroupInitialRebalanceDelay(0);
  const kafka = kafkajsOn(mock);
  const admin = kafka.admin();
  await admin.connect();
  let count: number;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    count = offsets.reduce((total, partition) => total + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
  if (count === 0) return [];
  const records = await readUntilCount(
    kafka,
    topic,
    count,
    ({ partition, message }): LoggedRecord => ({ partition, offset: Number(message.offset), ...parseValue(message.value?.toString() ?? '') }),
    { readUncommitted: true, timeoutMs: 15_000, settleMs: 100 },
  );
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}
