import { describe, expect, it } from 'vitest';

import { KafkaRecordError } from '../../lib/errors/kafka-errors.js';
import type { NativeProducer } from '../../lib/native/binding.js';
import { TransactionSteps } from '../../lib/producer/transactions.js';

/** A native producer whose only transactional call records what reached it. */
function steps(): { steps: TransactionSteps; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const native = {
    sendOffsetsToTransaction: async (...args: unknown[]) => {
      calls.push(args);
      return null;
    },
  } as unknown as NativeProducer;
  return { steps: new TransactionSteps(native, () => undefined, { producer: {}, clientId: 'test', bootstrapServers: '' }), calls };
}

const offsetsWith = (topics: unknown) => ({ consumerGroupId: 'group', topics }) as never;

describe('sendOffsetsToTransaction checks every field before the native call', () => {
  it.each([
    ['a topic entry that is not an object', [null], 'topics[0] must be { topic, partitions }; got null'],
    ['an empty topic name', [{ topic: '', partitions: [] }], 'topics[0].topic must be a non-empty string; got ""'],
    ['partitions that are not an array', [{ topic: 'in', partitions: 'all' }], "the partitions of topic 'in' must be an array"],
    [
      'a partition given as a word',
      [{ topic: 'in', partitions: [{ partition: 'a', offset: 1 }] }],
      'a partition of topic \'in\' must be an integer from 0 to 2147483647; got "a"',
    ],
    ['a partition beyond int32', [{ topic: 'in', partitions: [{ partition: 2 ** 31, offset: 1 }] }], 'got number 2147483648'],
    ['a fractional partition', [{ topic: 'in', partitions: [{ partition: 1.5, offset: 1 }] }], 'got number 1.5'],
    ['a partition entry that is null', [{ topic: 'in', partitions: [null] }], 'got undefined'],
    ['an empty offset string', [{ topic: 'in', partitions: [{ partition: 0, offset: ' ' }] }], 'of in[0] is not a non-negative integer'],
  ])('%s is a KafkaRecordError naming it, and nothing reaches librdkafka', async (_case, topics, message) => {
    const { steps: transaction, calls } = steps();
    const error = await transaction.sendOffsets(offsetsWith(topics), 1_000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KafkaRecordError);
    expect((error as Error).message).toContain(message);
    expect(calls).toEqual([]);
  });

  it('passes good offsets through, KafkaJS string offsets and bigints included', async () => {
    const { steps: transaction, calls } = steps();
    await transaction.sendOffsets(
      offsetsWith([
        {
          topic: 'in',
          partitions: [
            { partition: 0, offset: '42' },
            { partition: 1, offset: 7n },
          ],
        },
      ]),
      1_000,
    );
    expect(calls).toEqual([['group', -1, '', null, ['in', 'in'], [0, 1], [42, 7], 1_000]]);
  });
});
