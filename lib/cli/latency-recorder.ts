/** Kafka's ProducerPerformance keeps at most this many latency samples. */
const MAX_SAMPLES = 500_000;
/** Sample capacity when the number of records is not known in advance (it halves the samples when full). */
const OPEN_ENDED_CAPACITY = 1 << 17;

/** Deliveries over a span of time: what one periodic report line or one chart point shows. */
export class DeliveryWindow {
  count = 0;
  bytes = 0;
  totalLatencyMs = 0;
  maxLatencyMs = 0;

  constructor(readonly startMs: number) {}

  add(latencyMs: number, bytes: number): void {
    this.count++;
    this.bytes += bytes;
    this.totalLatencyMs += latencyMs;
    if (latencyMs > this.maxLatencyMs) this.maxLatencyMs = latencyMs;
  }

  get averageLatencyMs(): number {
    return this.count === 0 ? 0 : this.totalLatencyMs / this.count;
  }
}

/**
 * Latencies of delivered records, sampled as Kafka's `kafka-producer-perf-test` does: with the
 * record count known, every `floor(n / min(n, 500000))`-th delivery is kept, so at most about
 * 500,000 samples; with it unknown, every delivery until the buffer is full, then every second
 * one, then every fourth, and so on (memory stays bounded for any input). Percentiles are read the
 * way Kafka reads them: the sorted samples at index `floor(p * samples)`.
 */
export class LatencyRecorder {
  readonly total: DeliveryWindow;
  #samples: Float64Array;
  #size = 0;
  #stride: number;
  #seen = 0;
  readonly #openEnded: boolean;

  constructor(startMs: number, expectedCount?: number) {
    this.total = new DeliveryWindow(startMs);
    if (expectedCount !== undefined && expectedCount > 0) {
      this.#stride = Math.floor(expectedCount / Math.min(expectedCount, MAX_SAMPLES));
      this.#samples = new Float64Array(Math.floor(expectedCount / this.#stride) + 1);
      this.#openEnded = false;
    } else {
      this.#stride = 1;
      this.#samples = new Float64Array(OPEN_ENDED_CAPACITY);
      this.#openEnded = true;
    }
  }

  /** One delivered record: its latency (send to acknowledgement) and its size. */
  record(latencyMs: number, bytes: number): void {
    this.total.add(latencyMs, bytes);
    if (this.#seen++ % this.#stride !== 0) return;
    if (this.#size === this.#samples.length) {
      if (!this.#openEnded) return;
      this.#halveSamples();
    }
    this.#samples[this.#size++] = latencyMs;
  }

  /** How many samples are kept (for tests and reports). */
  get sampleCount(): number {
    return this.#size;
  }

  /** Latency percentiles (each `p` in [0, 1]) over the samples; 0 when nothing was delivered. */
  percentiles(...ps: number[]): number[] {
    const sorted = this.#samples.slice(0, this.#size).sort();
    return ps.map((p) => (sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number)));
  }

  #halveSamples(): void {
    for (let i = 0; i < this.#size / 2; i++) this.#samples[i] = this.#samples[i * 2] as number;
    this.#size = Math.ceil(this.#size / 2);
    this.#stride *= 2;
    this.#seen = 1;
  }
}
