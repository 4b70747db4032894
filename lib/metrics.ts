import type { BrokerStatistics, LibrdkafkaStatistics, WindowStats } from './statistics.js';

/**
 * The Java producer's metric names, computed from librdkafka's statistics (refreshed every
 * `statisticsIntervalMs`) and from this producer's own delivery counters. Rates are per
 * second over the last statistics interval; latencies in ms; sizes in bytes.
 */
export interface ProducerMetrics {
  'record-send-rate': number;
  'record-send-total': number;
  'record-error-rate': number;
  'record-error-total': number;
  'record-retry-rate': number;
  'request-rate': number;
  'request-latency-avg': number;
  'request-latency-max': number;
  'record-queue-time-avg': number;
  'batch-size-avg': number;
  'records-per-request-avg': number;
  'record-size-avg': number;
  /** Bytes on the wire per byte of key and value given to send(), batch and protocol framing included. */
  'compression-rate-avg': number;
  'buffer-total-bytes': number;
  'buffer-available-bytes': number;
  'outgoing-byte-rate': number;
  /** Records in librdkafka's queue or in flight right now. */
  'records-queued': number;
}

interface Counters {
  delivered: number;
  failed: number;
  payloadBytes: number;
}

interface Snapshot {
  stats: LibrdkafkaStatistics;
  counters: Counters;
}

export class MetricsTracker {
  readonly counters: Counters = { delivered: 0, failed: 0, payloadBytes: 0 };
  private previous: Snapshot | undefined;
  private latest: Snapshot | undefined;

  onStatistics(stats: LibrdkafkaStatistics): void {
    this.previous = this.latest;
    this.latest = { stats, counters: { ...this.counters } };
  }

  get lastStatistics(): LibrdkafkaStatistics | undefined {
    return this.latest?.stats;
  }

  snapshot(): ProducerMetrics {
    const latest = this.latest;
    const previous = this.previous;
    const seconds = latest && previous ? (latest.stats.ts - previous.stats.ts) / 1e6 : 0;
    const rate = (now: number, before: number): number => (seconds > 0 ? Math.max(0, now - before) / seconds : 0);
    const brokers = latest ? Object.values(latest.stats.brokers).filter(isRealBroker) : [];
    const previousBrokers = previous ? Object.values(previous.stats.brokers).filter(isRealBroker) : [];
    const sum = (list: BrokerStatistics[], pick: (b: BrokerStatistics) => number): number =>
      list.reduce((total, broker) => total + pick(broker), 0);
    const topics = latest ? Object.values(latest.stats.topics) : [];
    const batchBytes = weightedAverage(topics.map((t) => t.batchsize));
    const batchRecords = weightedAverage(topics.map((t) => t.batchcnt));
    const delivered = latest?.counters.delivered ?? 0;
    const recordSize = delivered > 0 ? (latest?.counters.payloadBytes ?? 0) / delivered : 0;
    return {
      'record-send-rate': rate(latest?.counters.delivered ?? 0, previous?.counters.delivered ?? 0),
      'record-send-total': this.counters.delivered,
      'record-error-rate': rate(latest?.counters.failed ?? 0, previous?.counters.failed ?? 0),
      'record-error-total': this.counters.failed,
      'record-retry-rate': rate(sum(brokers, (b) => b.txretries), sum(previousBrokers, (b) => b.txretries)),
      'request-rate': rate(latest?.stats.tx ?? 0, previous?.stats.tx ?? 0),
      'request-latency-avg': weightedAverage(brokers.map((b) => b.rtt)) / 1000,
      'request-latency-max': Math.max(0, ...brokers.map((b) => b.rtt.max)) / 1000,
      'record-queue-time-avg': weightedAverage(brokers.map((b) => b.int_latency)) / 1000,
      'batch-size-avg': batchBytes,
      'records-per-request-avg': batchRecords,
      'record-size-avg': recordSize,
      'compression-rate-avg': batchRecords > 0 && recordSize > 0 ? batchBytes / (batchRecords * recordSize) : 0,
      'buffer-total-bytes': latest?.stats.msg_size_max ?? 0,
      'buffer-available-bytes': latest ? latest.stats.msg_size_max - latest.stats.msg_size : 0,
      'outgoing-byte-rate': rate(latest?.stats.tx_bytes ?? 0, previous?.stats.tx_bytes ?? 0),
      'records-queued': latest?.stats.msg_cnt ?? 0,
    };
  }
}

/** librdkafka lists internal pseudo-brokers (":0/internal", bootstrap entries) with nodeid -1. */
function isRealBroker(broker: BrokerStatistics): boolean {
  return broker.nodeid >= 0;
}

function weightedAverage(windows: WindowStats[]): number {
  let count = 0;
  let total = 0;
  for (const window of windows) {
    count += window.cnt;
    total += window.avg * window.cnt;
  }
  return count > 0 ? total / count : 0;
}
