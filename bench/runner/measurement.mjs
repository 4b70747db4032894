// @ts-check
// What a child measures besides counts: CPU, event-loop delay and the latency histogram.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** @type {typeof import('hdr-histogram-js')} */
const hdr = require('hdr-histogram-js');

/**
 * Counters every load driver shares; `settled` = acked + failed.
 *
 * @returns {import('../types.mjs').Counters}
 */
export function deliveryCounters() {
  return { submitted: 0, acked: 0, failed: 0, firstError: null };
}

/**
 * @param {import('../types.mjs').Counters} counters
 * @param {unknown} error
 * @param {number} [count]
 */
export function recordFailure(counters, error, count = 1) {
  counters.failed += count;
  counters.firstError ??= String(/** @type {import('../types.mjs').Thrown} */ (error)?.message ?? error);
}

/** Latency in microseconds, 1 µs .. 120 s, 3 significant digits. */
export function latencyHistogram() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
}

/**
 * @param {import('../types.mjs').LatencyHistogram | undefined} histogram
 * @returns {import('../types.mjs').LatencySummary | null}
 */
export function summarizeLatency(histogram) {
  if (histogram === undefined || histogram.totalCount === 0) return null;
  const ms = (/** @type {number} */ us) => us / 1000;
  return {
    count: histogram.totalCount,
    p50: ms(histogram.getValueAtPercentile(50)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
  };
}

/** monitorEventLoopDelay's timer period, ms. Its histogram holds whole periods (an idle loop reads ~1.1 ms), so it is subtracted. */
const LOOP_DELAY_RESOLUTION_MS = 1;

/**
 * Marks the start of the measured phase; `stop()` returns what happened since.
 *
 * @param {import('../types.mjs').Counters} counters
 * @returns {{ stop(): import('../types.mjs').Measured }}
 */
export function startMeasuring(counters) {
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  const at = performance.now();
  const acked = counters.acked;
  const cpu = process.cpuUsage();
  return {
    stop() {
      loopDelay.disable();
      const used = process.cpuUsage(cpu);
      return {
        acked: counters.acked - acked,
        seconds: (performance.now() - at) / 1000,
        cpuUs: used.user + used.system,
        eventLoopDelayP99Ms: loopDelay.count > 0 ? Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_DELAY_RESOLUTION_MS) : null,
      };
    },
  };
}

/**
 * Resolves when every submitted message has its report, or after `timeoutMs` (false).
 *
 * @param {import('../types.mjs').Counters} counters
 * @param {(timeoutMs: number) => Promise<void>} waitForReport
 * @param {number} timeoutMs
 * @returns {Promise<boolean>}
 */
export async function drained(counters, waitForReport, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (counters.acked + counters.failed < counters.submitted) {
    if (performance.now() > deadline) return false;
    await waitForReport(100);
  }
  return true;
}
