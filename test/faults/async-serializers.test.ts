import diagnostics from 'node:diagnostics_channel';
import { finished, pipeline } from 'node:stream/promises';

import { afterEach, describe, expect, it } from 'vitest';

import {
  KafkaAbortError,
  KafkaClosedError,
  type KafkaError,
  KafkaSerializationError,
  Producer,
  type ProducerConfig,
  type RecordMetadata,
  type Serializer,
} from '../../lib/index.js';
import { MockCluster } from '../../lib/testing/index.js';
import { rejectionOf } from '../helpers/rejection.js';

// Serializers that return promises, against librdkafka's in-process mock cluster (no JVM): the
// broker's offsets on one partition prove the order records were written in.

/** A value and how its fake async serializer treats it. */
interface Item {
  text: string;
  /** Resolve after this many ms (0: a resolved promise); absent: serialize synchronously. */
  delayMs?: number;
  /** Reject (after `delayMs`) with this message. */
  rejectWith?: string;
  /** Resolve to something that is not bytes. */
  resolveTo?: unknown;
  /** Never settle. */
  hang?: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Synchronous for items without `delayMs`; a promise otherwise. Counts its calls and the ones not settled yet. */
function fakeSerializer(): { serializer: Serializer<Item>; calls: string[]; running: () => number } {
  const calls: string[] = [];
  let running = 0;
  const serializer: Serializer<Item> = (item) => {
    calls.push(item.text);
    if (item.hang === true) return new Promise<string>(() => undefined);
    if (item.delayMs === undefined) return item.text;
    running++;
    return sleep(item.delayMs).then(() => {
      running--;
      if (item.rejectWith !== undefined) throw new Error(item.rejectWith);
      if ('resolveTo' in item) return item.resolveTo as string;
      return item.text;
    });
  };
  return { serializer, calls, running: () => running };
}

let mock: MockCluster | undefined;
let producer: Producer<string, Item> | undefined;

afterEach(async () => {
  if (producer?.isOpen) await producer.close({ timeoutMs: 2_000 });
  producer = undefined;
  await mock?.stop();
  mock = undefined;
});

async function start(
  valueSerializer: Serializer<Item>,
  options: Omit<ProducerConfig<string, Item>, 'bootstrapServers' | 'valueSerializer'> = {},
): Promise<Producer<string, Item>> {
  mock = await MockCluster.start({ brokers: 1 });
  await mock.createTopic('t', { partitions: 1 });
  producer = new Producer<string, Item>({
    bootstrapServers: mock.bootstrapServers,
    valueSerializer,
    lingerMs: 0,
    logger: () => undefined,
    ...options,
  });
  if (options.transactionalId !== undefined) {
    await producer.initTransactions();
    producer.beginTransaction();
  }
  // Connected and the topic known before the cases time anything.
  await producer.send({ topic: 't', value: { text: 'warm-up' } });
  return producer;
}

const offsetOf = async (sent: Promise<RecordMetadata>): Promise<number> => (await sent).offset;

describe('async serializers', () => {
  it('keep send order on a partition: a slow async record sent first lands before synchronous and fast ones sent after it', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer);
    const slow = p.send({ topic: 't', value: { text: 'slow', delayMs: 150 } });
    const sync = p.send({ topic: 't', value: { text: 'sync' } });
    const fast = p.send({ topic: 't', value: { text: 'fast', delayMs: 0 } });
    const syncAgain = p.send({ topic: 't', value: { text: 'sync-2' } });
    const offsets = await Promise.all([slow, sync, fast, syncAgain].map(offsetOf));
    expect(offsets).toEqual([1, 2, 3, 4]);
  });

  it('sendBatch starts every serializer at once, keeps the batch order, and records sent after it wait behind it', async () => {
    const { serializer, calls, running } = fakeSerializer();
    const p = await start(serializer);
    // Decreasing delays: finishing order is the reverse of the batch's.
    const batch = Array.from({ length: 10 }, (_, i) => ({ topic: 't', value: { text: `b${i}`, delayMs: 100 - i * 10 } }));
    const started = performance.now();
    const sent = p.sendBatch(batch);
    // Every serializer was called within sendBatch() itself: they run concurrently.
    expect(calls.slice(1)).toEqual(batch.map(({ value }) => value.text));
    expect(running()).toBe(10);
    const after = p.send({ topic: 't', value: { text: 'after' } });
    const metadata = await sent;
    // Concurrently: about the slowest one's 100 ms, not the sum (550 ms).
    expect(performance.now() - started).toBeLessThan(450);
    expect(metadata.map(({ offset }) => offset)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await after).offset).toBe(11);
  });

  it('a rejected serializer fails its own record only, with a KafkaSerializationError naming value and topic, its cause the rejection', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer);
    const before = p.send({ topic: 't', value: { text: 'before', delayMs: 20 } });
    const failing = p.send({ topic: 't', value: { text: 'bad', delayMs: 40, rejectWith: 'schema not found' } });
    const after = p.send({ topic: 't', value: { text: 'after' } });
    const error = await rejectionOf(failing);
    expect(error).toBeInstanceOf(KafkaSerializationError);
    expect(error.type).toBe('VALUE_SERIALIZATION');
    expect(error.persistence).toBe('not-persisted');
    expect(error.message).toBe("the value serializer's promise for topic 't' rejected: schema not found");
    expect((error.cause as Error).message).toBe('schema not found');
    expect(await Promise.all([before, after].map(offsetOf))).toEqual([1, 2]);
    expect(p.pending).toBe(0);
  });

  it('a promise resolving to something that is not bytes fails its record with a KafkaSerializationError', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer);
    const error = await rejectionOf(p.send({ topic: 't', value: { text: 'x', delayMs: 0, resolveTo: 42 } }));
    expect(error).toBeInstanceOf(KafkaSerializationError);
    expect(error.message).toMatch(
      /^the value serializer's promise for topic 't' resolved to .*42.*: it must resolve to a Buffer, Uint8Array, string or null$/,
    );
    expect((await p.send({ topic: 't', value: { text: 'next', delayMs: 0 } })).offset).toBe(1);
  });

  it('a batch with a rejected serializer sends none of its records; the error names the index; the next records go', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer);
    const reports: Array<KafkaError | null> = [];
    p.on('delivery', (batch) => reports.push(...batch.map(({ error }) => error)));
    const batch = [
      { topic: 't', value: { text: 'a' } },
      { topic: 't', value: { text: 'b', delayMs: 10 } },
      { topic: 't', value: { text: 'c', delayMs: 30, rejectWith: 'no schema' } },
      { topic: 't', value: { text: 'd', delayMs: 60 } },
    ];
    const failed = p.sendBatch(batch);
    const after = p.send({ topic: 't', value: { text: 'after' } });
    const error = await rejectionOf(failed);
    expect(error).toBeInstanceOf(KafkaSerializationError);
    expect(error.message).toBe(
      "record 2 of the batch: the value serializer's promise for topic 't' rejected: no schema (no record of this batch was sent)",
    );
    // The warm-up is offset 0: nothing of the batch was written before 'after'.
    expect((await after).offset).toBe(1);
    // Every record of the batch still has one outcome for the 'delivery' listeners: failed, not sent.
    await expect.poll(() => reports.length).toBe(5);
    expect(reports.slice(0, 4).every((report) => report?.persistence === 'not-persisted')).toBe(true);
    expect(reports[4]).toBeNull();
  });

  it('produce() accepts a promise: the callback gets the metadata, or the KafkaSerializationError', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer);
    const outcomes = await Promise.all(
      [{ text: 'ok', delayMs: 20 }, { text: 'bad', delayMs: 0, rejectWith: 'boom' }, { text: 'sync' }].map(
        (value) =>
          new Promise<[KafkaError | null, RecordMetadata | null]>((resolve) => {
            p.produce({ topic: 't', value }, (error, metadata) => resolve([error, metadata]));
          }),
      ),
    );
    expect(outcomes[0]?.[1]?.offset).toBe(1);
    expect(outcomes[1]?.[0]).toBeInstanceOf(KafkaSerializationError);
    expect(outcomes[2]?.[1]?.offset).toBe(2);
  });

  it('an AbortSignal aborts a record still serializing; the records behind it go on', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer);
    const controller = new AbortController();
    const aborted = p.send({ topic: 't', value: { text: 'slow', delayMs: 200 } }, { signal: controller.signal });
    const after = p.send({ topic: 't', value: { text: 'after' } });
    setTimeout(() => controller.abort(new Error('request cancelled')), 30);
    const error = await rejectionOf(aborted);
    expect(error).toBeInstanceOf(KafkaAbortError);
    expect((await after).offset).toBe(1);
    // Its serializer settles later; nothing happens twice.
    await sleep(220);
    expect(p.pending).toBe(0);
  });

  it('flush() waits for records still serializing', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer);
    let delivered = false;
    void p.send({ topic: 't', value: { text: 'slow', delayMs: 100 } }).then(() => {
      delivered = true;
    });
    expect(p.pending).toBe(1);
    await p.flush({ timeoutMs: 5_000 });
    expect(delivered).toBe(true);
  });

  it('flush() and close() send records that finish serializing during them at once, not after lingerMs', async () => {
    const { serializer } = fakeSerializer();
    // The warm-up send itself lingers: 1.5 s once.
    const p = await start(serializer, { lingerMs: 1_500 });
    void p.send({ topic: 't', value: { text: 'flushed', delayMs: 30 } });
    let started = performance.now();
    await p.flush({ timeoutMs: 10_000 });
    expect(performance.now() - started).toBeLessThan(1_000);
    const closed = p.send({ topic: 't', value: { text: 'closed', delayMs: 30 } });
    started = performance.now();
    expect(await p.close({ timeoutMs: 10_000 })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect((await closed).offset).toBe(2);
  });

  it('close() sends records whose serialization ends within its timeout, and reports the others as undelivered: one outcome each, no hang', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer);
    const inTime = p.send({ topic: 't', value: { text: 'in-time', delayMs: 30 } });
    const never = p.send({ topic: 't', value: { text: 'never', hang: true } });
    const behind = p.send({ topic: 't', value: { text: 'behind' } });
    const failures = Promise.all([never, behind].map(rejectionOf));
    const started = performance.now();
    const undelivered = await p.close({ timeoutMs: 400 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect((await inTime).offset).toBe(1);
    for (const error of await failures) expect(error).toBeInstanceOf(KafkaClosedError);
    expect(undelivered.map(({ record }) => record.topic)).toEqual(['t', 't']);
    expect(undelivered.every(({ error }) => error instanceof KafkaClosedError)).toBe(true);
  });

  it('writable(): a record refused on the spot before an async one in the same burst stops the burst; nothing after it waits forever', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer, { messageMaxBytes: 10_000 });
    // Written in one go: the first chunk goes alone; Node buffers the next three, which arrive as one burst.
    const stream = p.writable({ topic: 't' });
    for (const value of [{ text: 'first' }, { text: 'x'.repeat(20_000) }, { text: 'async', delayMs: 20 }, { text: 'sync' }]) stream.write({ value });
    stream.end();
    const error = await finished(stream).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect((error as KafkaError).type).toBe('MSG_SIZE_TOO_LARGE');
    expect((error as { position: number }).position).toBe(1);
    await p.flush({ timeoutMs: 5_000 });
    expect(p.pending).toBe(0);
    // Only 'first' was written after the warm-up.
    expect((await p.send({ topic: 't', value: { text: 'check' } })).offset).toBe(2);
  });

  it('tracing channels: records still serializing are announced and get exactly one outcome each', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer);
    const outcomes: Array<{ operation: string; index: number; error: KafkaError | null; offset: number | undefined }> = [];
    const onStart = (message: unknown): void => {
      const started = message as { records: unknown[]; headers: Array<Record<string, string> | undefined> };
      for (let i = 0; i < started.records.length; i++) started.headers[i] = { trace: `t${i}` };
    };
    const onOutcome = (message: unknown): void => {
      const {
        start: started,
        index,
        error,
        metadata,
      } = message as {
        start: { operation: string };
        index: number;
        error: KafkaError | null;
        metadata: RecordMetadata | null;
      };
      outcomes.push({ operation: started.operation, index, error, offset: metadata?.offset });
    };
    diagnostics.subscribe('ferrokafka:producer:send:start', onStart);
    diagnostics.subscribe('ferrokafka:producer:send:outcome', onOutcome);
    try {
      await p.send({ topic: 't', value: { text: 'async', delayMs: 10 } });
      await rejectionOf(p.send({ topic: 't', value: { text: 'bad', delayMs: 0, rejectWith: 'nope' } }));
      await p.sendBatch([
        { topic: 't', value: { text: 'b0', delayMs: 5 } },
        { topic: 't', value: { text: 'b1' } },
      ]);
    } finally {
      diagnostics.unsubscribe('ferrokafka:producer:send:start', onStart);
      diagnostics.unsubscribe('ferrokafka:producer:send:outcome', onOutcome);
    }
    expect(outcomes.map(({ operation, index, error, offset }) => [operation, index, error?.type ?? null, offset])).toEqual([
      ['send', 0, null, 1],
      ['send', 0, 'VALUE_SERIALIZATION', undefined],
      ['sendBatch', 0, null, 2],
      ['sendBatch', 1, null, 3],
    ]);
  });

  it('commitTransaction() waits for records of the transaction still serializing', async () => {
    const { serializer } = fakeSerializer();
    // In a transaction begun by start().
    const p = await start(serializer, { transactionalId: 'async-serializers' });
    const sent = p.send({ topic: 't', value: { text: 'in-transaction', delayMs: 150 } });
    await p.commitTransaction();
    // Handed over before the commit: acknowledged as part of the transaction (after it, librdkafka would refuse it).
    expect((await sent).offset).toBeGreaterThanOrEqual(1);
  });

  it('abortTransaction() fails records of the transaction still serializing: none is written in the next transaction', async () => {
    const { serializer } = fakeSerializer();
    // In a transaction begun by start().
    const p = await start(serializer, { transactionalId: 'async-serializers-abort' });
    const aborted = p.send({ topic: 't', value: { text: 'aborted', delayMs: 400 } });
    const failure = rejectionOf(aborted);
    await p.abortTransaction();
    const error = await failure;
    expect(error.message).toMatch(/transaction was aborted/);
    expect(error.persistence).toBe('not-persisted');
    p.beginTransaction();
    const next = p.send({ topic: 't', value: { text: 'next' } });
    // Past the aborted record's serializer: it would have been handed over into this transaction by now.
    await sleep(500);
    await p.commitTransaction();
    expect((await next).offset).toBeGreaterThanOrEqual(1);
    expect(p.pending).toBe(0);
  });

  it('a serializer that never settles fails at the delivery timeout, and the records behind it then go', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer, { deliveryTimeoutMs: 1_500 });
    const hung = p.send({ topic: 't', value: { text: 'hung', hang: true } });
    const after = p.send({ topic: 't', value: { text: 'after' } });
    const error = await rejectionOf(hung);
    expect(error.type).toBe('MSG_TIMED_OUT');
    expect(error.message).toMatch(/serializer had not finished by its delivery timeout/);
    // 'after' waited behind it up to its own deadline, a moment later: it expires with it or goes right after.
    const outcome = await after.then(
      (metadata) => metadata.offset,
      (failure: KafkaError) => `${failure.type} ${failure.persistence}`,
    );
    expect([1, 'MSG_TIMED_OUT not-persisted']).toContain(outcome);
    // Nothing is left blocking the line.
    expect((await p.send({ topic: 't', value: { text: 'next', delayMs: 0 } })).offset).toBe(outcome === 1 ? 2 : 1);
  });

  it('writable(): chunks keep their order behind async ones; a rejected one fails the stream with its KafkaSerializationError', async () => {
    const { serializer } = fakeSerializer();
    const p = await start(serializer);
    const chunks = [{ text: 's1' }, { text: 'a1', delayMs: 40 }, { text: 's2' }, { text: 'a2', delayMs: 0 }];
    // The delivery channel pairs each original chunk with its offset.
    const offsets = new Map<string, number>();
    const onDelivery = (message: unknown): void => {
      const { record, metadata } = message as { record: { value: Item }; metadata: RecordMetadata | null };
      if (metadata !== null) offsets.set(record.value.text, metadata.offset);
    };
    diagnostics.subscribe('ferrokafka:producer:delivery', onDelivery);
    try {
      await pipeline(
        chunks.map((value) => ({ value })),
        p.writable({ topic: 't' }),
      );
    } finally {
      diagnostics.unsubscribe('ferrokafka:producer:delivery', onDelivery);
    }
    expect(Object.fromEntries(offsets)).toEqual({ s1: 1, a1: 2, s2: 3, a2: 4 });

    const failing = [{ text: 'ok' }, { text: 'bad', delayMs: 10, rejectWith: 'nope' }, { text: 'never-sent' }];
    const error = await pipeline(
      failing.map((value) => ({ value })),
      p.writable({ topic: 't' }),
    ).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(KafkaSerializationError);
    expect((error as { position: number }).position).toBe(1);
    expect((error as Error).message).toMatch(/^record 1 of the writable stream .*rejected: nope/);
    // 'ok' went; 'never-sent' was aborted with the stream.
    await p.flush();
    expect((await p.send({ topic: 't', value: { text: 'check-2' } })).offset).toBe(6);
  });
});
