import type { BrokerStatistics, LibrdkafkaStatistics, WindowStats } from './statistics.js';

/**
 * The Java producer's metric names, computed from librdkafka's statistics (refreshed every
 * `statisticsIntervalMs`) and from this producer's own delivery counters. Like the Java
 * client's, averages, maxima and rates cover a sliding window (the last 30 s of statistics).
 * Latencies are in ms, sizes in bytes, rates per second.
 */
export interface ProducerMetrics {
  /** Records delivered per second. */
  'record-send-rate': number;
  /** Records delivered since the producer was created. */
  'record-send-total': number;
  /** Records that failed per second. */
  'record-error-rate': number;
  /** Records that failed since the producer was created. */
  'record-error-total': number;
  /** Produce requests retried per second. */
  'record-retry-rate': number;
  /** Requests sent to the brokers per second. */
  'request-rate': number;
  /** Average request round trip, ms. */
  'request-latency-avg': number;
  /** Longest request round trip, ms. */
  'request-latency-max': number;
  /** Average time a record waited in librdkafka's queue before being sent, ms. */
  'record-queue-time-avg': number;
  /** Average batch size on the wire, bytes. */
  'batch-size-avg': number;
  /** Average records per batch. */
  'records-per-request-avg': number;
  /** Average record size (key, value and headers), bytes. */
  'record-size-avg': number;
  /** Bytes of a batch on the wire per byte of the keys and values in it (batch framing included). */
  'compression-rate-avg': number;
  /** The local queue's capacity, bytes (`queueMaxKbytes`). */
  'buffer-total-bytes': number;
  /** Room left in the local queue, bytes. */
  'buffer-available-bytes': number;
  /** Bytes sent to the brokers per second. */
  'outgoing-byte-rate': number;
  /** Records in librdkafka's queue or in flight at the last statistics. */
  'records-queued': number;
}

const WINDOW_MS = 30_000;

interface Counters {
  delivered: number;
  failed: number;
  payloadBytes: number;
}

/** Running sum, count and maximum of librdkafka's per-interval window statistics. */
class Accumulator {
  sum = 0;
  count = 0;
  max = 0;

  add(window: WindowStats): void {
    this.sum += window.avg * window.cnt;
    this.count += window.cnt;
    if (window.cnt > 0) this.max = Math.max(this.max, window.max);
  }

  get average(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }
}

interface Sample {
  /** librdkafka's monotonic clock, µs. */
  ts: number;
  counters: Counters;
  requests: number;
  txBytes: number;
  retries: number;
  rtt: WindowStats[];
  queueTime: WindowStats[];
  batchBytes: WindowStats[];
  batchRecords: WindowStats[];
  bufferTotal: number;
  bufferUsed: number;
  queued: number;
}

export class MetricsTracker {
  readonly counters: Counters = { delivered: 0, failed: 0, payloadBytes: 0 };
  private samples: Sample[] = [];
  private latestStatistics: LibrdkafkaStatistics | undefined;
  /** Whether older samples were dropped: until then the first sample's interval is the producer's start, inside the window. */
  private trimmed = false;

  onStatistics(stats: LibrdkafkaStatistics): void {
    this.latestStatistics = stats;
    const brokers = Object.values(stats.brokers ?? {}).filter(isRealBroker);
    const topics = Object.values(stats.topics ?? {});
    this.samples.push({
      ts: stats.ts,
      counters: { ...this.counters },
      requests: stats.tx,
      txBytes: stats.tx_bytes,
      retries: brokers.reduce((total, broker) => total + broker.txretries, 0),
      rtt: brokers.map((b) => b.rtt),
      queueTime: brokers.map((b) => b.int_latency),
      batchBytes: topics.map((t) => t.batchsize),
      batchRecords: topics.map((t) => t.batchcnt),
      bufferTotal: stats.msg_size_max,
      bufferUsed: stats.msg_size,
      queued: stats.msg_cnt,
    });
    const oldest = stats.ts - WINDOW_MS * 1000;
    while (this.samples.length > 2 && (this.samples[0] as Sample).ts < oldest) {
      this.samples.shift();
      this.trimmed = true;
    }
  }

  get lastStatistics(): LibrdkafkaStatistics | undefined {
    return this.latestStatistics;
  }

  snapshot(): ProducerMetrics {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    const seconds = first && last ? (last.ts - first.ts) / 1e6 : 0;
    const rate = (pick: (sample: Sample) => number): number => (first && last && seconds > 0 ? Math.max(0, pick(last) - pick(first)) / seconds : 0);
    // Once the window slides, the first sample only marks its start: its per-interval windows
    // fall before it. Before that, the first interval began with the producer and counts (all
    // batches of a short burst may lie in it).
    const inWindow = this.trimmed ? this.samples.slice(1) : this.samples;
    const accumulate = (pick: (sample: Sample) => WindowStats[]): Accumulator => {
      const accumulator = new Accumulator();
      for (const sample of inWindow) for (const window of pick(sample)) accumulator.add(window);
      return accumulator;
    };
    const rtt = accumulate((s) => s.rtt);
    const batchBytes = accumulate((s) => s.batchBytes);
    const batchRecords = accumulate((s) => s.batchRecords);
    const delivered = this.counters.delivered;
    const recordSize = delivered > 0 ? this.counters.payloadBytes / delivered : 0;
    const uncompressedBatch = batchRecords.average * recordSize;
    return {
      'record-send-rate': rate((s) => s.counters.delivered),
      'record-send-total': delivered,
      'record-error-rate': rate((s) => s.counters.failed),
      'record-error-total': this.counters.failed,
      'record-retry-rate': rate((s) => s.retries),
      'request-rate': rate((s) => s.requests),
      'request-latency-avg': rtt.average / 1000,
      'request-latency-max': rtt.max / 1000,
      'record-queue-time-avg': accumulate((s) => s.queueTime).average / 1000,
      'batch-size-avg': batchBytes.average,
      'records-per-request-avg': batchRecords.average,
      'record-size-avg': recordSize,
      'compression-rate-avg': uncompressedBatch > 0 ? batchBytes.average / uncompressedBatch : 0,
      'buffer-total-bytes': last?.bufferTotal ?? 0,
      'buffer-available-bytes': last ? last.bufferTotal - last.bufferUsed : 0,
      'outgoing-byte-rate': rate((s) => s.txBytes),
      'records-queued': last?.queued ?? 0,
    };
  }
}

/** librdkafka lists internal pseudo-brokers (":0/internal", bootstrap entries) with nodeid -1. */
function isRealBroker(broker: BrokerStatistics): boolean {
  return broker.nodeid >= 0;
}
