import { randomUUID } from 'node:crypto';

import type { EachMessagePayload, Kafka } from 'kafkajs';

/**
 * Reads `topic` from its start with a fresh KafkaJS consumer group of `client` until `count`
 * records arrived, each turned into a T by `toRecord`, then goes on reading `settleMs` more (to
 * catch an extra, duplicate record). Fails if fewer than `count` arrive within `timeoutMs`.
 */
export async function readUntilCount<T>(
  client: Kafka,
  topic: string,
  count: number,
  toRecord: (payload: EachMessagePayload) => T,
  options: { readUncommitted?: boolean; timeoutMs?: number | undefined; settleMs?: number } = {},
): Promise<T[]> {
  const consumer = client.consumer({
    groupId: `verify-${randomUUID()}`,
    readUncommitted: options.readUncommitted ?? false,
    // short fetch waits, so the last records come in soon after they were written
    maxWaitTimeInMs: 100,
  });
  const records: T[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let enough: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (enough = resolve));
    await consumer.run({
      eachMessage: async (payload) => {
        records.push(toRecord(payload));
        if (records.length >= count) enough();
      },
    });
    const timeoutMs = options.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      done.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) throw new Error(`read back ${records.length} of ${count} records from ${topic} within ${timeoutMs} ms`);
    const settleMs = options.settleMs ?? 0;
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    await consumer.disconnect();
  }
  return records;
}
