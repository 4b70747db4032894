import cliProgress from 'cli-progress';

import { formatBytes } from './perf-report.js';

/** Where a run stands, read by the progress display whenever it redraws. */
export interface ProgressSnapshot {
  /** Records handed to the producer. */
  sent: number;
  delivered: number;
  /** Records the broker refused or that timed out, plus bad input lines. */
  failed: number;
  /** Bytes of input read so far. */
  bytesRead: number;
  /** The input's size, when known (a file): then percent done and time left are shown. */
  totalBytes: number | undefined;
}

/** Shows a run's progress: a live bar on a terminal, a plain line now and then elsewhere. */
export interface Progress {
  /** Prints a line (a warning, a bad input line) without breaking the bar. */
  log(line: string): void;
  /** Stops redrawing; the bar stays as it last was. */
  stop(): void;
}

/** How often the plain display prints a line when the output is not a terminal. */
export const PLAIN_INTERVAL_MS = 5000;
const BAR_INTERVAL_MS = 200;

/** A live bar when `stream` is a terminal, else plain periodic lines (no escape codes). */
export function startProgress(stream: NodeJS.WriteStream, snapshot: () => ProgressSnapshot, plainIntervalMs = PLAIN_INTERVAL_MS): Progress {
  return stream.isTTY === true ? new BarProgress(stream, snapshot) : new PlainProgress(stream, snapshot, plainIntervalMs);
}

/** Records delivered per second since the previous reading. */
class RateMeter {
  #lastCount = 0;
  #lastTime = performance.now();
  #rate = 0;

  read(count: number): number {
    const now = performance.now();
    if (now - this.#lastTime >= 500) {
      this.#rate = ((count - this.#lastCount) * 1000) / (now - this.#lastTime);
      this.#lastCount = count;
      this.#lastTime = now;
    }
    return this.#rate;
  }
}

class BarProgress implements Progress {
  readonly #bars: cliProgress.MultiBar;
  readonly #bar: cliProgress.SingleBar;
  readonly #timer: NodeJS.Timeout;
  readonly #rate = new RateMeter();
  #stopped = false;

  constructor(
    stream: NodeJS.WriteStream,
    private readonly snapshot: () => ProgressSnapshot,
  ) {
    const known = snapshot().totalBytes !== undefined;
    const format = known
      ? '{bar} {percentage}% | {delivered} delivered, {failed} failed | {bytes} | {rate} records/s | {eta_formatted} left'
      : '{sent} sent, {delivered} delivered, {failed} failed | {bytes} | {rate} records/s';
    this.#bars = new cliProgress.MultiBar(
      { stream, format, hideCursor: true, barsize: 24, etaBuffer: 50, fps: 5, autopadding: true },
      cliProgress.Presets.shades_classic,
    );
    this.#bar = this.#bars.create(snapshot().totalBytes ?? 1, 0, this.#payload(snapshot()));
    this.#timer = setInterval(() => this.#redraw(), BAR_INTERVAL_MS);
  }

  log(line: string): void {
    this.#bars.log(`${line}\n`);
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#redraw();
    // cli-progress prints logged lines on its next render, and stop() renders without them.
    this.#bars.update();
    this.#bars.stop();
  }

  #redraw(): void {
    const now = this.snapshot();
    this.#bar.update(now.totalBytes === undefined ? 0 : Math.min(now.bytesRead, now.totalBytes), this.#payload(now));
  }

  #payload(now: ProgressSnapshot): Record<string, string | number> {
    return {
      sent: now.sent,
      delivered: now.delivered,
      failed: now.failed,
      bytes: formatBytes(now.bytesRead),
      rate: this.#rate.read(now.delivered).toFixed(0),
    };
  }
}

class PlainProgress implements Progress {
  readonly #timer: NodeJS.Timeout;
  readonly #rate = new RateMeter();
  #lastOutcomes = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly snapshot: () => ProgressSnapshot,
    intervalMs: number,
  ) {
    this.#timer = setInterval(() => this.#print(), intervalMs);
  }

  log(line: string): void {
    this.stream.write(`${line}\n`);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** A line when outcomes came in since the last one: a stalled run does not repeat itself. */
  #print(): void {
    const now = this.snapshot();
    const outcomes = now.delivered + now.failed;
    if (outcomes === this.#lastOutcomes) return;
    this.#lastOutcomes = outcomes;
    const percent = now.totalBytes === undefined || now.totalBytes === 0 ? '' : ` (${((100 * now.bytesRead) / now.totalBytes).toFixed(0)}%)`;
    this.stream.write(
      `${now.sent} sent, ${now.delivered} delivered, ${now.failed} failed, ${formatBytes(now.bytesRead)} read${percent}, ` +
        `${this.#rate.read(now.delivered).toFixed(1)} records/sec\n`,
    );
  }
}
