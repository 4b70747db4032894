import { getEventListeners, once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import {
  type DeliveryReport,
  KafkaAbortError,
  KafkaArgumentError,
  KafkaClosedError,
  KafkaError,
  KafkaRecordError,
  type Producer,
  type RawBytes,
  type WritableFailure,
} from '../lib/index.js';
import { consumeAll, createTopic, recordCount } from './helpers/kafka.js';
import { trackProducers } from './helpers/producer-tracker.js';
import { rejectionOf } from './helpers/rejection.js';

/** Every 'delivery' report of a producer, as they come. */
function collectReports<K, V>(producer: Producer<K, V>): DeliveryReport[] {
  const reports: DeliveryReport[] = [];
  producer.on('delivery', (batch) => reports.push(...batch));
  return reports;
}

/** An endless source of small records, pushed as fast as the stream takes them. */
function endlessSource(): Readable {
  let next = 0;
  return new Readable({
    objectMode: true,
    read() {
      while (this.push({ value: String(next++) })) {
        // fill the readable's own buffer
      }
    },
  });
}

describe('producer.writable(): a Writable whose backpressure follows librdkafka', () => {
  const open = trackProducers();

  it('pipeline() lands 100,000 records in order per partition, acknowledged when it resolves, one report each', async () => {
    const topic = await createTopic(3);
    const producer = open();
    const reports = collectReports(producer);
    const count = 100_000;
    function* records(): Generator<{ key: string; value: string }> {
      for (let i = 0; i < count; i++) yield { key: `k${i % 7}`, value: String(i) };
    }
    await pipeline(Readable.from(records()), producer.writable({ topic }));
    // Resolved only after every acknowledgement: the broker holds them all right now.
    expect(await recordCount(topic)).toBe(count);
    expect(producer.pending).toBe(0);
    expect(reports).toHaveLength(count);
    expect(reports.every((report) => report.error === null && report.topic === topic)).toBe(true);
    expect(new Set(reports.map((r) => `${r.partition}:${r.offset}`)).size).toBe(count);

    const consumed = await consumeAll(topic, count, { timeoutMs: 120_000, settleMs: 1000 });
    expect(consumed).toHaveLength(count);
    const lastByKey = new Map<string, number>();
    for (const record of consumed) {
      const key = record.key?.toString() as string;
      const value = Number(record.value?.toString());
      expect(value).toBeGreaterThan(lastByKey.get(key) ?? -1);
      lastByKey.set(key, value);
    }
    expect(new Set(consumed.map((r) => Number(r.value?.toString()))).size).toBe(count);
  }, 180_000);

  it('write() returns false while librdkafka\'s queue is full, and "drain" follows', async () => {
    const topic = await createTopic(1);
    // Ten records fill the queue; the linger keeps them there for a while.
    const producer = open({ queueMaxMessages: 10, lingerMs: 1000 });
    const stream = producer.writable({ topic, highWaterMark: 10 });
    let firstRefusal = -1;
    for (let i = 0; i < 40 && firstRefusal < 0; i++) {
      if (!stream.write({ value: String(i) })) firstRefusal = i;
      // One write per turn of the event loop: without a full queue each write completes before the next.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Records 0-9 fill the queue, record 10 waits for room, 11-19 are buffered: the 20th write is refused.
    expect(firstRefusal).toBe(19);
    expect(stream.writableLength).toBe(10);
    await once(stream, 'drain');
    stream.end();
    await finished(stream);
    expect(stream.outstanding).toBe(0);
    expect(await recordCount(topic)).toBe(20);
  }, 30_000);

  it('a record that fails errors the pipeline, names the record, and nothing after it is written', async () => {
    const topic = await createTopic(1);
    const producer = open({ messageMaxBytes: 10_000, lingerMs: 5 });
    const reports = collectReports(producer);
    const tooLarge = { value: 'x'.repeat(20_000) };
    async function* records(): AsyncGenerator<{ value: string }> {
      for (let i = 0; i < 1000; i++) yield { value: String(i) };
      await sleep(100);
      yield tooLarge;
      await sleep(100);
      for (let i = 1001; i < 2000; i++) yield { value: String(i) };
    }
    const error = (await rejectionOf(pipeline(Readable.from(records()), producer.writable({ topic })))) as WritableFailure;
    expect(error.type).toBe('MSG_SIZE_TOO_LARGE');
    expect(error.record).toBe(tooLarge);
    expect(error.position).toBe(1000);
    expect(error.message).toContain('record 1000 of the writable stream');
    expect(error.message).toContain('messageMaxBytes');
    await producer.flush();
    expect(reports).toHaveLength(1001);
    expect(reports.filter((r) => r.error !== null)).toHaveLength(1);
    const consumed = await consumeAll(topic, 1000, { settleMs: 1000 });
    expect(consumed.map((r) => Number(r.value?.toString()))).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // The producer is still usable.
    await expect(producer.send({ topic, value: 'after' })).resolves.toMatchObject({ offset: 1000 });
  }, 60_000);

  it('a record refused in one native call stops the rest of its burst: later native calls are not made', async () => {
    const topic = await createTopic(1);
    const producer = open({ messageMaxBytes: 10_000 });
    const reports = collectReports(producer);
    // One burst of 3,000 records (three native calls of at most 1,024); record 5 is refused in the first.
    const stream = producer.writable({ topic, highWaterMark: 3000 });
    stream.cork();
    for (let i = 0; i < 3000; i++) stream.write({ value: i === 5 ? 'x'.repeat(20_000) : String(i) });
    stream.uncork();
    const error = (await rejectionOf(finished(stream))) as WritableFailure;
    expect(error.position).toBe(5);
    await producer.flush();
    expect(reports).toHaveLength(3000);
    // The first native call's other records were handed over with it; the other 1,976 were not.
    expect(reports.filter((r) => r.error === null)).toHaveLength(1023);
    const aborted = reports.filter((r) => r.error instanceof KafkaAbortError);
    expect(aborted).toHaveLength(1976);
    expect(aborted.every((r) => r.error?.cause === error)).toBe(true);
    expect(await recordCount(topic)).toBe(1023);
  }, 30_000);

  it('with a custom partitioner, a record refused stops the rest of its burst', async () => {
    const topic = await createTopic(1);
    const producer = open({ messageMaxBytes: 10_000, partitioner: () => 0 });
    // The partition count is known from here on: every record is handed over on the spot.
    await producer.send({ topic, value: 'first' });
    const reports = collectReports(producer);
    const stream = producer.writable({ topic, highWaterMark: 100 });
    stream.cork();
    for (let i = 0; i < 100; i++) stream.write({ value: i === 5 ? 'x'.repeat(20_000) : String(i) });
    stream.uncork();
    expect(((await rejectionOf(finished(stream))) as WritableFailure).position).toBe(5);
    await producer.flush();
    expect(reports).toHaveLength(100);
    expect(reports.filter((r) => r.error === null)).toHaveLength(5);
    expect(reports.filter((r) => r.error instanceof KafkaAbortError)).toHaveLength(94);
    expect(await recordCount(topic)).toBe(6);
  }, 30_000);

  it("a refused record and an invalid chunk in one burst: the first failure is the stream's, and every write callback gets it", async () => {
    const topic = await createTopic(1);
    const producer = open({ messageMaxBytes: 10_000 });
    const stream = producer.writable({ topic });
    const callbacks: Array<Error | null | undefined> = [];
    stream.cork();
    stream.write({ value: 'a' }, (error) => callbacks.push(error));
    stream.write({ value: 'x'.repeat(20_000) }, (error) => callbacks.push(error));
    stream.write({ value: 'c', colour: 'red' }, (error) => callbacks.push(error));
    stream.uncork();
    const error = (await rejectionOf(finished(stream))) as WritableFailure;
    expect(error.position).toBe(1);
    expect(error.type).toBe('MSG_SIZE_TOO_LARGE');
    expect(callbacks).toEqual([error, error, error]);
  }, 30_000);

  it('a serializer that destroys the stream mid-burst: nothing of the burst is handed over', async () => {
    const topic = await createTopic(1);
    let stream: Writable | undefined;
    const producer = open<RawBytes, string>({
      valueSerializer: (value: string) => {
        if (value === 'stop') stream?.destroy();
        return Buffer.from(value);
      },
    });
    const reports = collectReports(producer);
    stream = producer.writable({ topic });
    stream.cork();
    for (const value of ['a', 'b', 'stop', 'c']) stream.write({ value });
    stream.uncork();
    await expect(finished(stream)).rejects.toThrow('Premature close');
    await producer.flush();
    await sleep(200);
    expect(reports).toEqual([]);
    expect(await recordCount(topic)).toBe(0);
  }, 30_000);

  it('an invalid chunk errors the pipeline with its position; the records before it are written', async () => {
    const topic = await createTopic(1);
    const producer = open();
    const bad = { value: 'bad', colour: 'red' };
    const error = (await rejectionOf(
      pipeline(Readable.from([{ value: 'a' }, { value: 'b' }, bad, { value: 'c' }]), producer.writable({ topic })),
    )) as WritableFailure;
    expect(error).toBeInstanceOf(KafkaRecordError);
    expect(error.message).toMatch(/record 2 of the writable stream.*no field 'colour'/);
    expect(error.record).toBe(bad);
    await producer.flush();
    const consumed = await consumeAll(topic, 2, { settleMs: 1000 });
    expect(consumed.map((r) => r.value?.toString())).toEqual(['a', 'b']);
  }, 30_000);

  it('a source error drops the records not yet handed over; those in flight are reported; the producer stays usable', async () => {
    const topic = await createTopic(1);
    const producer = open({ queueMaxMessages: 100, lingerMs: 1000 });
    const reports = collectReports(producer);
    const source = endlessSource();
    setTimeout(() => source.destroy(new Error('the source failed')), 300);
    await expect(pipeline(source, producer.writable({ topic, highWaterMark: 100 }))).rejects.toThrow('the source failed');
    await producer.flush();
    expect(producer.pending).toBe(0);
    const delivered = reports.filter((r) => r.error === null);
    const aborted = reports.filter((r) => r.error !== null);
    // 100 records filled librdkafka's queue; the next burst waited for room and was dropped.
    expect(delivered).toHaveLength(100);
    expect(aborted.length).toBeGreaterThan(0);
    for (const report of aborted) {
      expect(report.error).toBeInstanceOf(KafkaAbortError);
      expect(report.error?.persistence).toBe('not-persisted');
    }
    expect(await recordCount(topic)).toBe(100);
    await expect(producer.send({ topic, value: 'after' })).resolves.toMatchObject({ offset: 100 });
  }, 30_000);

  it('closing the producer errors an active stream with KafkaClosedError', async () => {
    const topic = await createTopic(1);
    const producer = open({ queueMaxMessages: 100, lingerMs: 200 });
    const reports = collectReports(producer);
    const failed = rejectionOf(pipeline(endlessSource(), producer.writable({ topic })));
    await sleep(300);
    const undelivered = await producer.close();
    const error = await failed;
    expect(error).toBeInstanceOf(KafkaClosedError);
    const delivered = reports.filter((r) => r.error === null).length;
    expect(delivered).toBeGreaterThan(0);
    expect(await recordCount(topic)).toBe(delivered);
    // Records that waited for room were not sent, and close() lists them.
    expect(undelivered.length).toBe(reports.length - delivered);
    expect(() => producer.writable({ topic })).toThrow(KafkaClosedError);
  }, 30_000);

  it('end() then close() at once: every record written is delivered and the stream finishes', async () => {
    const topic = await createTopic(1);
    const producer = open({ lingerMs: 200 });
    const reports = collectReports(producer);
    const stream = producer.writable({ topic });
    // The first write is in progress until the next tick: the other 99 wait in the stream's own buffer.
    for (let i = 0; i < 100; i++) stream.write({ value: String(i) });
    stream.end();
    const done = finished(stream);
    expect(await producer.close()).toEqual([]);
    await done;
    expect(reports).toHaveLength(100);
    expect(reports.every((report) => report.error === null)).toBe(true);
    expect(await recordCount(topic)).toBe(100);
  }, 30_000);

  it('close() hands over what an open stream buffered, reports it, then errors the stream with KafkaClosedError', async () => {
    const topic = await createTopic(1);
    const producer = open({ queueMaxMessages: 50, lingerMs: 200 });
    const reports = collectReports(producer);
    const stream = producer.writable({ topic, highWaterMark: 50 });
    const written: Array<Error | null | undefined> = [];
    // 50 fill the queue, the next burst waits for room, 49 more wait in the stream's buffer.
    for (let i = 0; i < 150; i++) stream.write({ value: String(i) }, (error) => written.push(error));
    await new Promise((resolve) => setImmediate(resolve));
    const failed = rejectionOf(finished(stream));
    const undelivered = await producer.close();
    expect(await failed).toBeInstanceOf(KafkaClosedError);
    // Every record written before close() was handed over: each has its one report, and the broker has them all.
    expect(reports).toHaveLength(150);
    expect(reports.filter((report) => report.error !== null)).toHaveLength(undelivered.length);
    expect(await recordCount(topic)).toBe(150 - undelivered.length);
    expect(undelivered).toEqual([]);
    expect(written).toHaveLength(150);
  }, 30_000);

  it('close() called again from a write callback run by close() returns the same promise', async () => {
    const topic = await createTopic(1);
    const producer = open({ lingerMs: 50 });
    const stream = producer.writable({ topic });
    stream.on('error', () => undefined);
    let nested: Promise<unknown> | undefined;
    stream.write({ value: 'first' }, () => {
      nested ??= producer.close();
    });
    stream.write({ value: 'second' });
    const closing = producer.close();
    expect(nested).toBe(closing);
    expect(await closing).toEqual([]);
    expect(await recordCount(topic)).toBe(2);
  }, 30_000);

  it('end() finishes only once every record is acknowledged', async () => {
    const topic = await createTopic(1);
    const producer = open({ lingerMs: 500 });
    const stream = producer.writable({ topic });
    for (let i = 0; i < 10; i++) stream.write({ value: String(i), headers: { n: String(i) } });
    stream.end();
    await sleep(50);
    // Handed over, lingering in librdkafka: not finished yet.
    expect(stream.outstanding).toBe(10);
    expect(stream.writableFinished).toBe(false);
    await finished(stream);
    expect(stream.outstanding).toBe(0);
    expect(await recordCount(topic)).toBe(10);
  }, 30_000);

  it('records may name their own topic; a record with none, on a stream with none, is refused', async () => {
    const [first, second] = await Promise.all([createTopic(1), createTopic(1)]);
    const producer = open();
    await pipeline(Readable.from([{ value: 'a' }, { topic: second, value: 'b' }]), producer.writable({ topic: first }));
    expect([await recordCount(first), await recordCount(second)]).toEqual([1, 1]);
    const error = await rejectionOf(pipeline(Readable.from([{ value: 'c' }]), producer.writable()));
    expect(error).toBeInstanceOf(KafkaRecordError);
    expect(error.message).toContain('names no topic');
  }, 30_000);

  it('an AbortSignal destroys the stream with a KafkaAbortError', async () => {
    const topic = await createTopic(1);
    const producer = open();
    const controller = new AbortController();
    const done = pipeline(endlessSource(), producer.writable({ topic, signal: controller.signal }));
    await sleep(100);
    controller.abort(new Error('enough'));
    const error = await rejectionOf(done);
    expect(error).toBeInstanceOf(KafkaAbortError);
    await producer.flush();
    expect(producer.pending).toBe(0);
  }, 30_000);

  it('streams sharing one AbortSignal add one listener to it: no MaxListenersExceededWarning, none left after', async () => {
    const topic = await createTopic(1);
    const producer = open({ queueMaxMessages: 10, lingerMs: 200 });
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const streams = Array.from({ length: 30 }, () => producer.writable({ topic, signal: controller.signal, highWaterMark: 5 }));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      const done = streams.map((stream) => rejectionOf(pipeline(endlessSource(), stream)));
      await sleep(100);
      controller.abort(new Error('shutting down'));
      for (const error of await Promise.all(done)) expect(error).toBeInstanceOf(KafkaAbortError);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      // Streams that end normally leave nothing on the signal either.
      const later = new AbortController();
      await Promise.all(
        Array.from({ length: 30 }, () => pipeline(Readable.from([{ value: 'a' }]), producer.writable({ topic, signal: later.signal }))),
      );
      expect(getEventListeners(later.signal, 'abort')).toHaveLength(0);
      await producer.flush();
      await sleep(10);
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  }, 30_000);

  it('bad options are refused with a KafkaArgumentError naming the option', () => {
    const producer = open({ queueMaxMessages: 500 });
    const attempt = (options: unknown) => () => producer.writable(options as never);
    expect(attempt({ topik: 'x' })).toThrow(/unknown option 'topik' \(did you mean 'topic'\?\)/);
    expect(attempt({ topic: 'a b' })).toThrow(/options\.topic: invalid topic/);
    expect(attempt({ highWaterMark: 0 })).toThrow(/highWaterMark must be an integer .* queueMaxMessages \(500\); got number 0/);
    expect(attempt({ highWaterMark: 501 })).toThrow(KafkaArgumentError);
    expect(attempt({ signal: 'soon' })).toThrow(/options\.signal must be an AbortSignal/);
    expect(attempt(42)).toThrow(KafkaArgumentError);
    expect(attempt([])).toThrow(/writable: options must be an object such as \{ topic \}; got/);
    expect(attempt([])).toThrow(KafkaArgumentError);
    const throwingGetter = {
      get topic(): string {
        throw new Error('no topic today');
      },
    };
    expect(attempt(throwingGetter)).toThrow(KafkaArgumentError);
    expect(attempt(throwingGetter)).toThrow('writable: options: no topic today');
    const streams = [producer.writable({ topic: 'fine', highWaterMark: 500 }), producer.writable()];
    expect(streams.map((stream) => stream.writableHighWaterMark)).toEqual([500, 500]);
    for (const stream of streams) stream.destroy();
    expect(new KafkaArgumentError('x')).toBeInstanceOf(KafkaError);
  });
});
