import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { Backpressure } from '../../lib/send/backpressure.js';
import { KafkaAbortError, type KafkaError } from '../../lib/errors/kafka-errors.js';
import { HandedOverDeadlines } from '../../lib/delivery/handed-over-deadlines.js';
import type { PreparedRecord } from '../../lib/send/record.js';

const record = { topic: 't' } as PreparedRecord;

describe('waiting records', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('expire at their delivery deadline as never sent, in order', () => {
    const settled: Array<[number, KafkaError]> = [];
    const backpressure = new Backpressure(1000, (slot, error) => settled.push([slot, error]));
    backpressure.wait(1, record, undefined);
    vi.advanceTimersByTime(400);
    backpressure.wait(2, record, undefined);
    vi.advanceTimersByTime(600);
    expect(settled.map(([slot]) => slot)).toEqual([1]);
    expect(settled[0]?.[1]).toMatchObject({ type: 'MSG_TIMED_OUT', persistence: 'not-persisted' });
    vi.advanceTimersByTime(400);
    expect(settled.map(([slot]) => slot)).toEqual([1, 2]);
    expect(backpressure.active).toBe(false);
  });

  it('hand over in order while there is room, with the deadline they were given at send()', () => {
    const backpressure = new Backpressure(1000, () => undefined);
    for (let slot = 0; slot < 4; slot++) backpressure.wait(slot, record, undefined);
    const handed: Array<[number, number]> = [];
    let room = 2;
    backpressure.pump((entry) => room-- > 0 && handed.push([entry.slot, entry.deadline]) > 0);
    expect(handed).toEqual([
      [0, 1000],
      [1, 1000],
    ]);
    expect(backpressure.active).toBe(true);
  });

  it('share one abort listener per signal and abort only the records still waiting', () => {
    const settled: Array<[number, KafkaError]> = [];
    const backpressure = new Backpressure(10_000, (slot, error) => settled.push([slot, error]));
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, 'addEventListener');
    for (let slot = 0; slot < 100; slot++) backpressure.wait(slot, record, controller.signal);
    expect(added).toHaveBeenCalledTimes(1);
    let room = 10;
    backpressure.pump(() => room-- > 0);
    controller.abort('stop');
    expect(settled.map(([slot]) => slot)).toEqual(Array.from({ length: 90 }, (_, i) => i + 10));
    expect(settled[0]?.[1]).toBeInstanceOf(KafkaAbortError);
    expect(settled[0]?.[1].cause).toBe('stop');
  });

  it('with deliveryTimeoutMs 0 (no timeout, as in librdkafka), never expire', () => {
    const settled: number[] = [];
    const backpressure = new Backpressure(0, (slot) => settled.push(slot));
    backpressure.wait(1, record, undefined);
    vi.advanceTimersByTime(3_600_000);
    expect(settled).toEqual([]);
    expect(backpressure.active).toBe(true);
    const deadlines = new HandedOverDeadlines((slot) => settled.push(slot));
    deadlines.track(2, Number.POSITIVE_INFINITY);
    vi.advanceTimersByTime(3_600_000);
    expect(settled).toEqual([]);
  });

  it('after hand-over, expire only if librdkafka has not reported them by their deadline', () => {
    const expired: number[] = [];
    const deadlines = new HandedOverDeadlines((slot) => expired.push(slot));
    deadlines.track(1, 500);
    deadlines.track(2, 800);
    deadlines.forget(1);
    vi.advanceTimersByTime(600);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(300);
    expect(expired).toEqual([2]);
    expect(deadlines.size).toBe(0);
  });
});

describe('records handed over after waiting', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** How many records the deadlines still list (acknowledged ones included): white-box, it is the memory held. */
  function listed(deadlines: HandedOverDeadlines): number {
    return deadlines.listed;
  }

  it('are forgotten once acknowledged, not a delivery timeout later: the list stays as long as the records in flight', () => {
    const expired: number[] = [];
    const deadlines = new HandedOverDeadlines((slot) => expired.push(slot));
    // A record stuck at the head (its partition's leader is gone), then a steady stream acknowledged in order.
    deadlines.track(0, 60_000);
    let longest = 0;
    for (let slot = 1; slot <= 200_000; slot++) {
      deadlines.track(slot, 60_000 + slot / 10);
      if (slot > 100) deadlines.forget(slot - 100);
      longest = Math.max(longest, listed(deadlines));
      if (slot % 1000 === 0) vi.advanceTimersByTime(100);
    }
    expect(longest).toBeLessThan(3000);
    for (let slot = 199_901; slot <= 200_000; slot++) deadlines.forget(slot);
    // The stuck record still expires at its deadline; the acknowledged ones never do.
    vi.advanceTimersByTime(60_000);
    expect(expired).toEqual([0]);
    expect(listed(deadlines)).toBe(0);
  });
});
