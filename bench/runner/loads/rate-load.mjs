// @ts-check
// Open loop (S4): offer messages on a fixed schedule whatever the client does, and take each
// latency from the message's intended send time, so a stalled client cannot hide its stall
// (no coordinated omission).
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';

import { startMeasuring } from '../measurement.mjs';

/** More than this many seconds of messages outstanding: the client cannot sustain the rate
 * (a healthy client has ~10-50 ms worth outstanding). */
const SATURATION_SECONDS = 1;

/**
 * @param {import('../../types.mjs').LoadContext & { payload: Buffer, rate: number }} options
 * @returns {Promise<import('../../types.mjs').LoadOutcome>}
 */
export async function rateLoad({ submit, topic, payload, rate, warmupMs, durationMs, counters, waiter }) {
  const interval = 1000 / rate;
  const warmCount = Math.round((warmupMs / 1000) * rate);
  const total = warmCount + Math.round((durationMs / 1000) * rate);
  const cap = Math.max(1000, rate * SATURATION_SECONDS);
  const begin = performance.now();
  let seq = 0;
  /** @type {ReturnType<typeof startMeasuring> | undefined} */
  let measuring;
  let saturated = false;
  while (seq < total && !saturated) {
    const due = Math.min(total, Math.floor((performance.now() - begin) / interval) + 1);
    while (seq < due) {
      if (seq === warmCount && measuring === undefined) measuring = startMeasuring(counters);
      if (counters.submitted - counters.acked - counters.failed >= cap) {
        saturated = true;
        break;
      }
      const intended = begin + seq * interval;
      if (!submit(topic, payload, seq >= warmCount ? intended : undefined)) {
        await waiter.next(1); // queue full: retry the same message; its latency keeps growing
        continue;
      }
      counters.submitted++;
      seq++;
    }
    // Sleep in ~1 ms ticks rather than spin: spinning would take a core from the broker on a
    // 2-core machine. Messages due meanwhile go out on the next tick, late by up to ~1 ms, and
    // that lateness is counted in their latency (the raw baseline ticks the same way).
    const wait = begin + seq * interval - performance.now();
    if (wait > 0) await sleep(Math.max(1, Math.floor(wait)));
    else await yieldToLoop(); // behind schedule: let delivery reports in, then catch up
  }
  return { measured: (measuring ?? startMeasuring(counters)).stop(), saturated };
}
