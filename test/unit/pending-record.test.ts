import { describe, expect, it } from 'vitest';

import { KafkaRecordError, KafkaSerializationError } from '../../lib/errors/kafka-errors.js';
import { discardPending, firstPending, PendingRecord } from '../../lib/send/pending-record.js';
import { prepareRecord, type TopicIds } from '../../lib/send/record.js';
import type { Serializer } from '../../lib/send/serializers.js';

const topics: TopicIds = { idOf: () => 7 };

/** A serializer that counts its calls and returns what `result` gives. */
function counting<T>(result: (data: T) => ReturnType<Serializer<T>>): Serializer<T> & { calls: number } {
  const serializer = ((data: T) => {
    serializer.calls++;
    return result(data);
  }) as unknown as Serializer<T> & { calls: number };
  serializer.calls = 0;
  return serializer;
}

const later = <T>(value: T, ms = 5): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('a record whose serializer returns a promise', () => {
  it('is a PendingRecord with everything else prepared; each serializer is called once; serialized() fills the part in', async () => {
    const key = counting((data: string) => later(`k:${data}`));
    const value = counting((data: string) => `v:${data}`);
    const pending = prepareRecord({ topic: 't', key: 'a', value: 'b', partition: 2, timestamp: 1_700_000_000_000 }, topics, key, value);
    expect(pending).toBeInstanceOf(PendingRecord);
    const { prepared } = pending as PendingRecord;
    expect(prepared).toEqual({ topic: 't', topicId: 7, partition: 2, key: null, value: 'v:b', timestamp: 1_700_000_000_000, headers: undefined });
    expect(await (pending as PendingRecord).serialized()).toBeUndefined();
    expect(prepared.key).toBe('k:a');
    expect([key.calls, value.calls]).toEqual([1, 1]);
  });

  it('keeps a synchronous key when only the value is async, and accepts any thenable', async () => {
    const key = counting((data: string) => Buffer.from(data));
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is no Promise is the case under test
    const thenable: PromiseLike<string> = { then: (resolve) => later('v').then(resolve) as never };
    const value = counting(() => thenable);
    const pending = prepareRecord({ topic: 't', key: 'k', value: 'x' }, topics, key, value) as PendingRecord;
    expect(pending.prepared.key).toEqual(Buffer.from('k'));
    expect(await pending.serialized()).toBeUndefined();
    expect(pending.prepared.value).toBe('v');
    expect([key.calls, value.calls]).toEqual([1, 1]);
  });

  it('serializes key and value concurrently and reports a rejection as a KafkaSerializationError naming the part and topic', async () => {
    let running = 0;
    let peak = 0;
    const slow = (result: () => Promise<string>) => (): Promise<string> => {
      running++;
      peak = Math.max(peak, running);
      return result().finally(() => running--);
    };
    const key = slow(() => later('k', 20));
    const value = slow(() => later(null, 5).then(() => Promise.reject(new Error('registry down'))));
    const pending = prepareRecord({ topic: 'orders', key: 'a', value: 'b' }, topics, key, value) as PendingRecord;
    const error = await pending.serialized();
    expect(peak).toBe(2);
    expect(error).toBeInstanceOf(KafkaSerializationError);
    expect(error?.type).toBe('VALUE_SERIALIZATION');
    expect(error?.message).toBe("the value serializer's promise for topic 'orders' rejected: registry down");
    expect(((error as KafkaSerializationError).cause as Error).message).toBe('registry down');
  });

  it('names what a promise resolved to when it is not bytes', async () => {
    const pending = prepareRecord({ topic: 't', value: 'x' }, topics, undefined, () => Promise.resolve({ not: 'bytes' }) as never) as PendingRecord;
    const error = await pending.serialized();
    expect(error).toBeInstanceOf(KafkaSerializationError);
    expect(error?.message).toMatch(
      /^the value serializer's promise for topic 't' resolved to .*: it must resolve to a Buffer, Uint8Array, string or null$/,
    );
  });

  it('a check failing after an async serializer discards its promise: the refusal is thrown, the later rejection is never unhandled', async () => {
    let rejectLater: (error: Error) => void = () => undefined;
    const value = (): Promise<string> => new Promise((_, reject) => (rejectLater = reject));
    expect(() => prepareRecord({ topic: 't', value: 'x', timestamp: -1 }, topics, undefined, value)).toThrow(KafkaRecordError);
    rejectLater(new Error('late'));
    // Vitest fails the run on an unhandled rejection: give it the turns to surface.
    await later(undefined, 20);
  });

  it('a key serializer that throws synchronously after an async value is impossible; a value that throws after an async key discards the key', async () => {
    let rejectLater: (error: Error) => void = () => undefined;
    const key = (): Promise<string> => new Promise((_, reject) => (rejectLater = reject));
    const value = (): string => {
      throw new Error('bad value');
    };
    expect(() => prepareRecord({ topic: 't', key: 'k', value: 'x' }, topics, key, value)).toThrow(/the value serializer threw: bad value/);
    rejectLater(new Error('late'));
    await later(undefined, 20);
  });

  it("a 'then' getter that throws is the serializer's failure", () => {
    const hostile = {
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the case under test
      get then(): never {
        throw new Error('no then for you');
      },
    };
    expect(() => prepareRecord({ topic: 't', value: 'x' }, topics, undefined, () => hostile as never)).toThrow(KafkaSerializationError);
  });

  it('firstPending and discardPending find pending records in a batch', async () => {
    const sync = prepareRecord({ topic: 't', value: 'x' }, topics, undefined, undefined);
    const pending = prepareRecord({ topic: 't', value: 'x' }, topics, undefined, () => Promise.reject(new Error('dropped')));
    expect(firstPending([sync, sync])).toBe(-1);
    expect(firstPending([sync, pending, pending])).toBe(1);
    discardPending([sync, pending]);
    await later(undefined, 20);
  });
});
