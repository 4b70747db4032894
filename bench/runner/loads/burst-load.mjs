// @ts-check
// Memory (S6): submit `count` messages back to back, without waiting for any report, so that
// (nearly) all of them are queued in the client at once; then wait for every report. The
// peak RSS of the process is the scenario's measure (the raw baseline does the same).
import { drained, startMeasuring } from '../measurement.mjs';

const DRAIN_TIMEOUT_MS = 120_000;

/**
 * @param {import('../../types.mjs').LoadContext & { payload: Buffer, count: number }} options
 * @returns {Promise<import('../../types.mjs').LoadOutcome>}
 */
export async function burstLoad({ submit, topic, payload, count, counters, waiter }) {
  const measuring = startMeasuring(counters);
  let sent = 0;
  while (sent < count) {
    if (!submit(topic, payload)) {
      await waiter.next(1); // the client's queue is full: wait for a report
      continue;
    }
    counters.submitted++;
    sent++;
  }
  const complete = await drained(counters, (ms) => waiter.next(ms), DRAIN_TIMEOUT_MS);
  return { measured: measuring.stop(), saturated: false, drainTimedOut: !complete };
}
