import { afterEach, describe, expect, it } from 'vitest';

import { Producer, type Serializer } from '../lib/index.js';
import { bootstrapServers, consumeAll, createTopic } from './helpers/kafka.js';

// Async serializers against the real broker: records whose serializers are synchronous, fast
// async or slow async, sent interleaved to one partition, are read back (by kafkajs, an
// independent client) in exactly the order they were sent.

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Record i: synchronous when i % 3 == 0, a resolved promise when 1, a 0-20 ms timer when 2 (later records often finish first). */
const mixed: Serializer<number> = (i) => {
  const bytes = `record-${i}`;
  if (i % 3 === 0) return bytes;
  if (i % 3 === 1) return Promise.resolve(bytes);
  return sleep((i * 7) % 21).then(() => Buffer.from(bytes));
};

let producer: Producer<string, number> | undefined;
afterEach(async () => {
  await producer?.close({ timeoutMs: 5_000 });
  producer = undefined;
});

describe('async serializers on a real broker', () => {
  it('keeps send order on one partition across send(), produce() and sendBatch() with sync, fast and slow async serializers', async () => {
    const topic = await createTopic(1, 'async-serializers');
    producer = new Producer<string, number>({ bootstrapServers: bootstrapServers(), valueSerializer: mixed, lingerMs: 2 });
    const outcomes: Array<Promise<unknown>> = [];
    let next = 0;
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 20; i++) outcomes.push(producer.send({ topic, value: next++ }));
      const batch = Array.from({ length: 20 }, () => ({ topic, value: next++ }));
      outcomes.push(producer.sendBatch(batch));
      for (let i = 0; i < 10; i++) {
        const value = next++;
        outcomes.push(
          new Promise<void>((resolve, reject) => producer?.produce({ topic, value }, (error) => (error === null ? resolve() : reject(error)))),
        );
      }
    }
    await Promise.all(outcomes);
    const records = await consumeAll(topic, next);
    expect(records.map(({ value }) => value?.toString())).toEqual(Array.from({ length: next }, (_, i) => `record-${i}`));
    expect(records.map(({ offset }) => offset)).toEqual(Array.from({ length: next }, (_, i) => i));
  });
});
