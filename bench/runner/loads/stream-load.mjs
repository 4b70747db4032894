// @ts-check
// Bulk stream (S7): pipeline() from a Readable that makes `{ value }` records as fast as the
// Writable takes them, for warm-up plus duration; then the source ends and pipeline() resolves
// once the stream has every acknowledgement. The stream reports no per-record outcome, so acked
// is derived: records made, minus those still in either stream's buffer or unreported.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

import { startMeasuring } from '../measurement.mjs';

/**
 * @param {{ api: import('../../types.mjs').StreamApi, topic: string, payload: Buffer, counters: import('../../types.mjs').Counters, warmupMs: number, durationMs: number, connected: () => void }} options
 * @returns {Promise<import('../../types.mjs').LoadOutcome>}
 */
export async function streamLoad({ api, topic, payload, counters, warmupMs, durationMs, connected }) {
  // One record and its report first (connection, metadata, producer id), as the other loads do.
  const first = api.open(topic);
  await pipeline(Readable.from([{ value: payload }]), first.stream);
  counters.submitted = 1;
  counters.acked = 1;
  connected();

  const { stream, outstanding } = api.open(topic);
  let producing = true;
  const source = new Readable({
    objectMode: true,
    read() {
      while (producing) {
        counters.submitted++;
        if (!this.push({ value: payload })) return;
      }
      this.push(null);
    },
  });
  const settledAcked = () => counters.submitted - source.readableLength - stream.writableLength - outstanding();
  const done = pipeline(source, stream);
  await sleep(warmupMs);
  // A burst still waiting for queue room counts in both the buffer and `outstanding`: acked is
  // under-read here by at most one burst (1,024 records), never over-read.
  counters.acked = settledAcked();
  const measuring = startMeasuring(counters);
  await sleep(durationMs);
  producing = false;
  // Wakes a source waiting for read() (one already in it ends on its own).
  source.push(null);
  try {
    await done;
    counters.acked = counters.submitted;
  } catch (error) {
    counters.failed = counters.submitted - settledAcked();
    counters.acked = counters.submitted - counters.failed;
    counters.firstError = String(/** @type {Error} */ (error)?.message ?? error);
  }
  return { measured: measuring.stop(), saturated: false, drainTimedOut: false };
}
