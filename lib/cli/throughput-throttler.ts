import { setTimeout as sleep } from 'node:timers/promises';

/** Sleeps are gathered until they add up to this much: timers cannot sleep for microseconds. */
const MIN_SLEEP_MS = 2;

/**
 * Holds a send loop to about `recordsPerSec`, the way Kafka's perf test does: while the loop is
 * ahead of the target rate, each record adds 1/rate seconds of sleep owed, paid off in sleeps
 * of at least 2 ms. A negative rate turns throttling off; 0 is refused by the caller.
 */
export class ThroughputThrottler {
  readonly #sleepPerRecordMs: number;
  #owedMs = 0;

  constructor(
    private readonly recordsPerSec: number,
    private readonly startMs: number,
  ) {
    this.#sleepPerRecordMs = recordsPerSec > 0 ? 1000 / recordsPerSec : 0;
  }

  /** True when `sentSoFar` records by `nowMs` is faster than the target. */
  shouldThrottle(sentSoFar: number, nowMs: number): boolean {
    if (this.recordsPerSec < 0) return false;
    const elapsedSec = (nowMs - this.startMs) / 1000;
    return elapsedSec > 0 && sentSoFar / elapsedSec > this.recordsPerSec;
  }

  /** Owes one record's share of sleep; sleeps once enough is owed. */
  async throttle(): Promise<void> {
    this.#owedMs += this.#sleepPerRecordMs;
    if (this.#owedMs < MIN_SLEEP_MS) return;
    const started = performance.now();
    await sleep(this.#owedMs);
    // A timer may fire late: what it overslept counts as paid.
    this.#owedMs = Math.min(0, this.#owedMs - (performance.now() - started));
  }
}
