import { describe, expect, it } from 'vitest';

import { KafkaRecordError, KafkaSerializationError } from '../../lib/errors/kafka-errors.js';
import { prepareRecord, type TopicIds } from '../../lib/send/record.js';

const topics: TopicIds = {
  idOf: (topic) => {
    if (typeof topic !== 'string' || topic === '') throw new KafkaRecordError('invalid topic');
    return 7;
  },
};
const prepare = (record: unknown, valueSerializer?: (value: never) => unknown): ReturnType<typeof prepareRecord> =>
  prepareRecord(record as never, topics, undefined, valueSerializer as never);

describe('preparing a record', () => {
  it('keeps strings as they are and maps absent fields to their markers', () => {
    expect(prepare({ topic: 't', value: 'v' })).toEqual({
      topic: 't',
      topicId: 7,
      partition: -1,
      key: null,
      value: 'v',
      timestamp: 0,
      headers: undefined,
    });
    const date = new Date(1_700_000_000_000);
    expect(prepare({ topic: 't', key: Buffer.from('k'), value: null, partition: 3, timestamp: date })).toMatchObject({
      partition: 3,
      key: Buffer.from('k'),
      value: null,
      timestamp: 1_700_000_000_000,
    });
  });

  it('refuses fields it does not know, with the way to the right call', () => {
    expect(() => prepare({ topic: 't', messages: [] })).toThrow(/'messages'.*sendBatch/);
    // KafkaJS's shape names both ways out: ferrokafka's sendBatch, or KafkaJS's API from ferrokafka/kafkajs.
    expect(() => prepare({ topic: 't', messages: [{ key: 'k', value: 'v' }] })).toThrow(/'messages'.*sendBatch.*'ferrokafka\/kafkajs'/);
    expect(() => prepare({ topic: 't', topicMessages: [] })).toThrow(/'topicMessages'.*sendBatch.*'ferrokafka\/kafkajs'/);
    expect(() => prepare({ topic: 't', value: 'v', acks: 1 })).toThrow('acks is a producer option');
    expect(() => prepare({ topic: 't', valeu: 'v' })).toThrow("did you mean 'value'");
    expect(() => prepare({ topic: 't', value: 'v', constructor: 1 })).toThrow("a record has no field 'constructor'");
  });

  it('wraps what a getter throws, keeping it as the cause', () => {
    const thrown = 'not even an Error';
    try {
      prepare({
        topic: 't',
        get value(): string {
          throw thrown;
        },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KafkaRecordError);
      expect((error as Error).message).toBe('reading the record failed: not even an Error');
      expect((error as Error).cause).toBe(thrown);
    }
  });

  it('names the serializer that failed and what it returned', () => {
    expect(() => prepare({ topic: 't', value: { a: 1 } })).toThrow(KafkaSerializationError);
    expect(() => prepare({ topic: 't', value: 1 }, () => 42)).toThrow('the value serializer must return a Buffer, Uint8Array, string or null');
    expect(() =>
      prepare({ topic: 't', value: 1 }, () => {
        throw new Error('bad schema');
      }),
    ).toThrow('the value serializer threw: bad schema');
  });

  it('checks partition and timestamp', () => {
    for (const partition of [-1, 1.5, '1', 2 ** 31])
      expect(() => prepare({ topic: 't', value: 'v', partition })).toThrow('partition must be a non-negative integer');
    for (const timestamp of [0, -5, 1.5, new Date(Number.NaN), '2024'])
      expect(() => prepare({ topic: 't', value: 'v', timestamp })).toThrow('timestamp must be');
    expect(() => prepare(null)).toThrow('a record must be an object');
  });
});
