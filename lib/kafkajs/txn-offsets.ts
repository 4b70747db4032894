import { describe } from '../errors/describe-value.js';
import { KafkaJSNonRetriableError } from './errors.js';
import type { TxnOffsets } from './types.js';

/**
 * Checks `transaction.sendOffsets()`'s argument before it reaches librdkafka, naming the first bad
 * field (a partition given as a string would otherwise fail inside the native call, unnamed).
 */
export function checkTxnOffsets(offsets: unknown): asserts offsets is TxnOffsets {
  const given = offsets as Partial<TxnOffsets> | null | undefined;
  if (given === null || typeof given !== 'object') fail(`sendOffsets needs { consumerGroupId, topics }; got ${describe(offsets)}`);
  if (typeof given.consumerGroupId !== 'string' || given.consumerGroupId === '') {
    fail(`sendOffsets: consumerGroupId must be a non-empty string; got ${describe(given.consumerGroupId)}`);
  }
  if (!Array.isArray(given.topics)) fail(`sendOffsets: topics must be an array of { topic, partitions }; got ${describe(given.topics)}`);
  given.topics.forEach((entry, index) => {
    const { topic, partitions } = (entry ?? {}) as Partial<TxnOffsets['topics'][number]>;
    if (typeof topic !== 'string' || topic === '') fail(`sendOffsets: topics[${index}].topic must be a non-empty string; got ${describe(topic)}`);
    if (!Array.isArray(partitions)) {
      fail(`sendOffsets: the partitions of topic "${topic}" must be an array of { partition, offset }; got ${describe(partitions)}`);
    }
    for (const item of partitions) {
      const { partition, offset } = (item ?? {}) as { partition?: unknown; offset?: unknown };
      if (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0) {
        fail(`sendOffsets: partition of topic "${topic}" must be a non-negative integer; got ${describe(partition)}`);
      }
      const position = typeof offset === 'string' && offset.trim() !== '' ? Number(offset) : offset;
      if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) {
        fail(
          `sendOffsets: offset of topic "${topic}" partition ${partition} must be a non-negative integer (a string, as KafkaJS gives it); got ${describe(offset)}`,
        );
      }
    }
  });
}

function fail(message: string): never {
  throw new KafkaJSNonRetriableError(message);
}
