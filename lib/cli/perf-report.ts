import type { DeliveryWindow } from './latency-recorder.js';

const MIB = 1024 * 1024;

/** Rates per second over `elapsedMs` (at least 1 ms, so a run that ends at once prints numbers, not Infinity). */
function perSecond(amount: number, elapsedMs: number): number {
  return (1000 * amount) / Math.max(1, elapsedMs);
}

/**
 * A periodic line of `kafka-producer-perf-test`, same format:
 * `N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency.`
 */
export function formatWindowLine(window: DeliveryWindow, elapsedMs: number): string {
  return (
    `${window.count} records sent, ${perSecond(window.count, elapsedMs).toFixed(1)} records/sec ` +
    `(${(perSecond(window.bytes, elapsedMs) / MIB).toFixed(2)} MB/sec), ${window.averageLatencyMs.toFixed(1)} ms avg latency, ` +
    `${window.maxLatencyMs.toFixed(1)} ms max latency.`
  );
}

/**
 * The final line of `kafka-producer-perf-test`, in Kafka 4.1's format (percentiles are whole
 * milliseconds; `--warmup-records` adds " steady state" as later Kafka versions do):
 * `N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, P ms 50th, P ms 95th, P ms 99th, P ms 99.9th.`
 * `percentiles` are the 50th, 95th, 99th and 99.9th, in milliseconds.
 */
export function formatTotalLine(total: DeliveryWindow, elapsedMs: number, percentiles: readonly number[], steadyState = false): string {
  const [p50 = 0, p95 = 0, p99 = 0, p999 = 0] = percentiles.map((p) => Math.round(p));
  return (
    `${total.count}${steadyState ? ' steady state' : ''} records sent, ${perSecond(total.count, elapsedMs).toFixed(1)} records/sec ` +
    `(${(perSecond(total.bytes, elapsedMs) / MIB).toFixed(2)} MB/sec), ${total.averageLatencyMs.toFixed(2)} ms avg latency, ` +
    `${total.maxLatencyMs.toFixed(2)} ms max latency, ${p50} ms 50th, ${p95} ms 95th, ${p99} ms 99th, ${p999} ms 99.9th.`
  );
}

/**
 * `--print-metrics` output in the layout of Kafka's tools: a header, then one
 * `group:name:{tags} : value` line per metric, sorted by name, numbers with three decimals.
 */
export function formatMetrics(metrics: Readonly<Record<string, number>>, clientId: string): string {
  const rows = Object.entries(metrics)
    .map(([name, value]): [string, number] => [`producer-metrics:${name}:{client-id=${clientId}}`, value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max('Metric Name'.length, ...rows.map(([name]) => name.length));
  const lines = rows.map(([name, value]) => `${name.padEnd(width)} : ${value.toFixed(3)}`);
  return `\n${'Metric Name'.padEnd(width)}   Value\n${lines.join('\n')}`;
}

/** What `ferrokafka produce` reports when it is done. */
export interface ProduceSummary {
  delivered: number;
  failed: number;
  /** Input lines that could not be turned into a record (bad JSON, no key field). */
  badLines: number;
  /** Value and key bytes delivered. */
  bytes: number;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
}

/** The final summary of `ferrokafka produce`, one line. */
export function formatProduceSummary(summary: ProduceSummary): string {
  const seconds = Math.max(1, summary.elapsedMs) / 1000;
  return (
    `${summary.delivered} delivered, ${summary.failed} failed, ${summary.badLines} bad input line(s) in ${seconds.toFixed(2)} s: ` +
    `${(summary.delivered / seconds).toFixed(1)} records/sec (${(summary.bytes / seconds / MIB).toFixed(2)} MB/sec), ` +
    `latency p50 ${summary.p50Ms.toFixed(1)} ms, p99 ${summary.p99Ms.toFixed(1)} ms`
  );
}

/** A byte count for people: 999 B, 1.5 KiB, 12.0 MiB, 3.2 GiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
