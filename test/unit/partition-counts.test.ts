import { describe, expect, it } from 'vitest';

import { KafkaRecordError } from '../../lib/errors/kafka-errors.js';
import { PartitionCounts } from '../../lib/send/partition-counts.js';
import type { PreparedRecord } from '../../lib/send/record.js';

const record = { topic: 't', topicId: 0, partition: -1, key: 'k', value: 'v', timestamp: 0, headers: undefined } satisfies PreparedRecord;
// choose() needs no native producer: only the metadata requests do.
const counts = new PartitionCounts({} as never, () => undefined);

describe('a custom partitioner', () => {
  it('returning something String() cannot print is a KafkaRecordError, never a TypeError', () => {
    // Before: String(Object.create(null)) threw a TypeError out of the drain and wedged it.
    for (const returned of [Object.create(null), Symbol('p'), 3.5, 7, '1']) {
      expect(() => counts.choose(() => returned as never, record, 3)).toThrow(KafkaRecordError);
    }
    expect(() => counts.choose(() => Object.create(null) as never, record, 3)).toThrow("the partitioner function returned object for topic 't'");
  });

  it('throwing anything (an object without a prototype too) is a KafkaRecordError with it as the cause', () => {
    const thrown = Object.create(null) as object;
    try {
      counts.choose(
        () => {
          throw thrown;
        },
        record,
        3,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KafkaRecordError);
      expect((error as KafkaRecordError).cause).toBe(thrown);
    }
  });
});
