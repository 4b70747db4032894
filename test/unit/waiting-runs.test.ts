import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { BatchOutcome } from '../../lib/delivery/batch-outcome.js';
import { HandedOverDeadlines } from '../../lib/delivery/handed-over-deadlines.js';
import { KafkaAbortError, type KafkaError } from '../../lib/errors/kafka-errors.js';
import { Backpressure } from '../../lib/send/backpressure.js';
import type { PreparedRecord, RecordMetadata } from '../../lib/send/record.js';

const record = (value: string): PreparedRecord => ({ topic: 't', topicId: 0, partition: -1, key: null, value, timestamp: 0, headers: undefined });
const batch = (count: number, firstSlot: number) => ({
  slots: Uint32Array.from({ length: count }, (_, i) => firstSlot + i),
  records: Array.from({ length: count }, (_, i) => record(String(i))),
});

describe('a batch waiting for queue room as one run', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is one entry behind earlier waiting records, handed over in parts, in order', () => {
    const backpressure = new Backpressure(10_000, () => undefined);
    backpressure.wait(100, record('single'), undefined);
    const { slots, records } = batch(5, 10);
    backpressure.waitRun(slots, records, 2, undefined);
    const handed: number[] = [];
    let room = 3;
    // The run's entry hands over what fits, advancing its `next`, as HandOver's run producer does.
    const tryProduce = (entry: Parameters<Parameters<Backpressure['pump']>[0]>[0]): boolean => {
      const run = entry.run;
      if (run === undefined) {
        if (room === 0) return false;
        room--;
        handed.push(entry.slot);
        return true;
      }
      while (run.next < run.records.length && room > 0) {
        handed.push(run.slots[run.next] as number);
        run.next++;
        room--;
      }
      return run.next === run.records.length;
    };
    backpressure.pump(tryProduce);
    expect(handed).toEqual([100, 12, 13]);
    expect(backpressure.active).toBe(true);
    room = 10;
    backpressure.pump(tryProduce);
    expect(handed).toEqual([100, 12, 13, 14]);
    expect(backpressure.active).toBe(false);
  });

  it('when aborted, fails only the records not handed over yet, each once', () => {
    const settled: Array<[number, KafkaError]> = [];
    const backpressure = new Backpressure(10_000, (slot, error) => settled.push([slot, error]));
    const controller = new AbortController();
    const { slots, records } = batch(4, 0);
    backpressure.waitRun(slots, records, 0, controller.signal);
    backpressure.pump((entry) => {
      (entry.run as { next: number }).next = 1;
      return false;
    });
    controller.abort('stop');
    expect(settled.map(([slot]) => slot)).toEqual([1, 2, 3]);
    expect(settled[0]?.[1]).toBeInstanceOf(KafkaAbortError);
    // The settled entry is dropped when reached: nothing more is handed over.
    const tryProduce = vi.fn(() => true);
    backpressure.pump(tryProduce);
    expect(tryProduce).not.toHaveBeenCalled();
    expect(backpressure.active).toBe(false);
    controller.signal.dispatchEvent(new Event('abort'));
    expect(settled).toHaveLength(3);
  });

  it('expires whole at its deadline (never sent), and a failAll after that settles nothing again', () => {
    const settled: Array<[number, KafkaError]> = [];
    const backpressure = new Backpressure(1000, (slot, error) => settled.push([slot, error]));
    const { slots, records } = batch(3, 7);
    backpressure.waitRun(slots, records, 0, undefined);
    vi.advanceTimersByTime(1000);
    expect(settled.map(([slot]) => slot)).toEqual([7, 8, 9]);
    expect(settled[0]?.[1]).toMatchObject({ type: 'MSG_TIMED_OUT', persistence: 'not-persisted' });
    backpressure.failAll(() => new KafkaAbortError('closed'));
    expect(settled).toHaveLength(3);
  });

  it('counts as one entry for whenLeft: wakes once the whole run left', () => {
    const backpressure = new Backpressure(0, () => undefined);
    const { slots, records } = batch(3, 0);
    backpressure.waitRun(slots, records, 0, undefined);
    const wake = vi.fn();
    expect(backpressure.whenLeft(wake)).toBe(true);
    backpressure.pump((entry) => {
      (entry.run as { next: number }).next = 2;
      return false;
    });
    expect(wake).not.toHaveBeenCalled();
    backpressure.pump(() => true);
    expect(wake).toHaveBeenCalledTimes(1);
  });
});

describe('handed-over deadlines without a map entry per record', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a slot reported and reused is expired at its new deadline only, once', () => {
    const expired: number[] = [];
    const deadlines = new HandedOverDeadlines((slot) => expired.push(slot));
    deadlines.track(5, 500);
    deadlines.forget(5);
    deadlines.track(5, 900);
    expect(deadlines.size).toBe(1);
    vi.advanceTimersByTime(600);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(expired).toEqual([5]);
    expect(deadlines.size).toBe(0);
  });

  it('tracks many slots (beyond its initial capacity) and expires the unreported ones in order', () => {
    const expired: number[] = [];
    const deadlines = new HandedOverDeadlines((slot) => expired.push(slot));
    for (let slot = 0; slot < 5000; slot++) deadlines.track(slot * 3, 1000 + slot);
    for (let slot = 0; slot < 5000; slot++) if (slot % 2 === 0) deadlines.forget(slot * 3);
    expect(deadlines.size).toBe(2500);
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual(Array.from({ length: 2500 }, (_, i) => (2 * i + 1) * 3));
    expect(deadlines.size).toBe(0);
  });
});

describe('a batch outcome kept as numbers', () => {
  it('resolves with a real array of RecordMetadata objects, in the batch order', () => {
    let resolved: RecordMetadata[] | undefined;
    const outcome = new BatchOutcome(
      [{}, {}, {}] as never,
      (m) => (resolved = m),
      () => undefined,
    );
    outcome.delivered(2, 'b', 1, 20, 1700000000002);
    outcome.delivered(0, 'a', 0, 10, 1700000000000);
    outcome.settle(1, null, { topic: 'a', partition: 2, offset: 11, timestamp: -1 });
    expect(Array.isArray(resolved)).toBe(true);
    expect(resolved).toEqual([
      { topic: 'a', partition: 0, offset: 10, timestamp: 1700000000000 },
      { topic: 'a', partition: 2, offset: 11, timestamp: -1 },
      { topic: 'b', partition: 1, offset: 20, timestamp: 1700000000002 },
    ]);
    expect(JSON.parse(JSON.stringify(resolved))).toEqual(resolved);
    expect(resolved?.map((m) => m.offset)).toEqual([10, 11, 20]);
  });
});
