// @ts-check
// Closed loop (S1, S2, S3, S5): keep at most `window` messages un-acked, refill as reports arrive.
// Warm-up first; the measured phase runs from the end of the warm-up until the last message
// submitted has its report, so a client that accepts fast but acknowledges late gains nothing.
import { drained, startMeasuring } from '../measurement.mjs';

const DRAIN_TIMEOUT_MS = 60_000;
const SLOW_START = 1_000;

/**
 * @param {import('../../types.mjs').LoadContext & { payload: Buffer | Buffer[], perSubmit: number, window: number, timed: boolean }} options
 * @returns {Promise<import('../../types.mjs').LoadOutcome>}
 */
export async function windowLoad({ submit, topic, payload, perSubmit, window, warmupMs, durationMs, counters, waiter, timed }) {
  const begin = performance.now();
  const warmEnd = begin + warmupMs;
  const end = warmEnd + durationMs;
  /** @type {ReturnType<typeof startMeasuring> | undefined} */
  let measuring;
  let recording = false;
  for (;;) {
    const now = performance.now();
    if (now >= end) break;
    if (measuring === undefined && now >= warmEnd) {
      measuring = startMeasuring(counters);
      recording = timed;
    }
    // Slow start: the bound grows with acknowledgements (as TCP's window does), so a client that
    // acknowledges ~1k msg/s is not buried under `window` sends it will need a minute to drain.
    const bound = Math.min(window, SLOW_START + counters.acked);
    if (counters.submitted - counters.acked - counters.failed + perSubmit > bound) {
      await waiter.next(50);
      continue;
    }
    if (!submit(topic, payload, recording ? now : undefined)) {
      await waiter.next(1); // the client's queue is full: wait for a report
      continue;
    }
    counters.submitted += perSubmit;
  }
  measuring ??= startMeasuring(counters);
  const complete = await drained(counters, (ms) => waiter.next(ms), DRAIN_TIMEOUT_MS);
  return { measured: measuring.stop(), saturated: false, drainTimedOut: !complete };
}
