import { describe, expect, it } from 'vitest';

import { BatchOutcome, type BatchFailure } from '../../lib/delivery/batch-outcome.js';
import { KafkaAbortError, KafkaRecordError } from '../../lib/errors/kafka-errors.js';
import type { RecordMetadata } from '../../lib/send/record.js';

const at = (partition: number, offset: number): RecordMetadata => ({ topic: 't', partition, offset, timestamp: -1 });

describe('batch outcome', () => {
  it('resolves with the metadata in the batch order, whatever order the reports came in', () => {
    let resolved: RecordMetadata[] | undefined;
    const outcome = new BatchOutcome(
      [{}, {}, {}] as never,
      (m) => (resolved = m),
      () => undefined,
    );
    outcome.settle(2, null, at(0, 2));
    outcome.settle(0, null, at(0, 0));
    expect(resolved).toBeUndefined();
    outcome.settle(1, null, at(0, 1));
    expect(resolved?.map((m) => m.offset)).toEqual([0, 1, 2]);
  });

  it('an empty batch resolves at once', () => {
    let resolved: RecordMetadata[] | undefined;
    new BatchOutcome(
      [],
      (m) => (resolved = m),
      () => undefined,
    );
    expect(resolved).toEqual([]);
  });

  it('rejects once, with every outcome and the failed records to retry', () => {
    const records = [
      { topic: 't', value: 'a' },
      { topic: 't', value: 'b' },
      { topic: 't', value: 'c' },
    ];
    let failure: BatchFailure | undefined;
    const outcome = new BatchOutcome(
      records,
      () => undefined,
      (error) => (failure = error),
    );
    const refused = new KafkaRecordError('no');
    outcome.settle(1, refused, null);
    outcome.settle(0, null, at(0, 5));
    outcome.settle(2, null, at(0, 6));
    expect(failure?.results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(failure?.failed).toEqual([{ index: 1, record: records[1], error: refused }]);
    expect(failure?.message).toContain('1 of 3 records of the batch failed; the first, record 1: no');
    expect(failure?.message).toContain('the other 2 were written: retry error.failed');
    expect(failure?.cause).toBe(refused);
  });

  it("keeps the first failure's class and type (an aborted batch rejects with a KafkaAbortError)", () => {
    let failure: BatchFailure | undefined;
    const outcome = new BatchOutcome(
      [{}, {}] as never,
      () => undefined,
      (error) => (failure = error),
    );
    outcome.settle(0, new KafkaAbortError('stop'), null);
    outcome.settle(1, new KafkaAbortError('stop'), null);
    expect(failure).toBeInstanceOf(KafkaAbortError);
    expect(failure?.type).toBe('ABORTED');
    expect(failure?.failed.map((f) => f.index)).toEqual([0, 1]);
  });
});
