import { randomUUID } from 'node:crypto';

import type { Kafka } from 'kafkajs';

/**
 * Reads every record of `topic` from its start with a fresh KafkaJS consumer group and returns each
 * partition's record values as numbers, in offset order. Stops once `expected` records arrived and
 * `settleMs` passed without more (to catch duplicates beyond the count), or at `timeoutMs`.
 */
export async function readSequences(
  client: Kafka,
  topic: string,
  expected: number,
  timeoutMs: number,
  settleMs = 2_000,
): Promise<Map<number, number[]>> {
  const byPartition = new Map<number, number[]>();
  let total = 0;
  let lastArrival = Date.now();
  const consumer = client.consumer({ groupId: `kill-verify-${randomUUID()}`, maxWaitTimeInMs: 100, maxBytes: 16 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        const list = byPartition.get(batch.partition) ?? [];
        for (const message of batch.messages) list.push(Number(message.value?.toString() ?? Number.NaN));
        byPartition.set(batch.partition, list);
        total += batch.messages.length;
        lastArrival = Date.now();
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !(total >= expected && Date.now() - lastArrival >= settleMs)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await consumer.disconnect();
  }
  return byPartition;
}
