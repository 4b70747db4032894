import { describe, expect, it, vi } from 'vitest';

import { KafkaClosedError } from '../../lib/errors/kafka-errors.js';
import { Backpressure } from '../../lib/send/backpressure.js';
import type { PreparedRecord } from '../../lib/send/record.js';

const record = (value: string): PreparedRecord => ({ topic: 't', topicId: 0, partition: -1, key: null, value, timestamp: 0, headers: undefined });

describe('Backpressure.whenLeft: waking a caller once its waiting records have left the queue', () => {
  it('returns false when nothing waits', () => {
    const backpressure = new Backpressure(0, () => undefined);
    expect(backpressure.whenLeft(() => undefined)).toBe(false);
  });

  it('wakes only once every record queued before the call was handed over, not for later ones', () => {
    const backpressure = new Backpressure(0, () => undefined);
    for (let slot = 0; slot < 3; slot++) backpressure.wait(slot, record(String(slot)), undefined);
    const first = vi.fn();
    expect(backpressure.whenLeft(first)).toBe(true);
    backpressure.wait(3, record('3'), undefined);
    const second = vi.fn();
    expect(backpressure.whenLeft(second)).toBe(true);

    let room = 2;
    backpressure.pump(() => room-- > 0);
    expect(first).not.toHaveBeenCalled();
    room = 1;
    backpressure.pump(() => room-- > 0);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
    backpressure.pump(() => true);
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).toHaveBeenCalledTimes(1);
  });

  it('wakes when the waiting records fail instead (close) or were aborted', () => {
    const settled: number[] = [];
    const backpressure = new Backpressure(0, (slot) => settled.push(slot));
    const controller = new AbortController();
    backpressure.wait(0, record('a'), controller.signal);
    backpressure.wait(1, record('b'), undefined);
    const wake = vi.fn();
    backpressure.whenLeft(wake);
    controller.abort();
    expect(settled).toEqual([0]);
    expect(wake).not.toHaveBeenCalled();
    backpressure.failAll(() => new KafkaClosedError());
    expect(settled).toEqual([0, 1]);
    expect(wake).toHaveBeenCalledTimes(1);
  });
});
