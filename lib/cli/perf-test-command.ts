import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import type { KafkaError } from '../errors/kafka-errors.js';
import type { Producer } from '../producer/producer.js';
import { bootstrapServersOf, watchBroker } from './broker-check.js';
import { ExitCode, UsageError, type ExitCodeValue } from './exit-codes.js';
import { InFlightLimit } from './in-flight-limit.js';
import { DeliveryWindow, LatencyRecorder } from './latency-recorder.js';
import { filePayloads, monotonicPayloads, payloadDelimiterOf, randomPayloads, type PayloadSource } from './perf-payloads.js';
import { formatMetrics, formatTotalLine, formatWindowLine } from './perf-report.js';
import { createCliProducer } from './producer-factory.js';
import { RunStop } from './run-stop.js';
import { addPropertyArguments, producerConfigFromProperties, readPropertiesFile } from './property-arguments.js';
import { chartFormatOf, renderChartHtml, renderChartSvg, type ChartPoint } from './throughput-chart.js';
import { ThroughputThrottler } from './throughput-throttler.js';

/** The flags of `ferrokafka perf-test`, named as in Kafka's `kafka-producer-perf-test.sh`. */
export interface PerfTestOptions {
  topic: string;
  numRecords: number;
  recordSize?: number | undefined;
  payloadFile?: string | undefined;
  payloadDelimiter: string;
  payloadMonotonic?: boolean | undefined;
  throughput: number;
  producerProps?: string[] | undefined;
  producerConfig?: string | undefined;
  printMetrics?: boolean | undefined;
  transactionalId?: string | undefined;
  transactionDurationMs?: number | undefined;
  warmupRecords: number;
  bootstrapServer?: string | undefined;
  chart?: string | undefined;
}

/** Where the run writes: results to `out` (as Kafka's tool does), problems to `err`. */
export interface Output {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** Kafka's tool prints a window line this often. */
const REPORT_INTERVAL_MS = 5000;
/** The chart's sampling interval. */
const CHART_INTERVAL_MS = 500;
/** Records handed over without an outcome at most (librdkafka's own queue holds 100,000 by default). */
const MAX_IN_FLIGHT = 100_000;
/** The send loop lets delivery reports in this often, as Java's I/O thread would meanwhile. */
const YIELD_EVERY = 1024;
/** Failed records whose error is printed; the rest are counted. */
const PRINTED_FAILURES = 10;
const DEFAULT_TRANSACTION_DURATION_MS = 3000;
/** How long the run waits at the end for outstanding records (beyond their own delivery timeout). */
const FINAL_FLUSH_MS = 300_000;
/** After Ctrl-C, how long the run still waits for what it sent. */
const INTERRUPTED_FLUSH_MS = 10_000;

/** librdkafka's statistics interval for --print-metrics, unless the properties set one. */
const METRICS_STATISTICS_INTERVAL_MS = 1000;

/**
 * Waits for the next statistics (at most one interval and a second), so that the metrics printed
 * cover the end of the run, as the Java producer's do.
 */
async function freshStatistics(producer: Producer, intervalMs: number): Promise<void> {
  if (!(intervalMs > 0)) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, intervalMs + 1000);
    function done(): void {
      clearTimeout(timer);
      producer.off('stats', done);
      resolve();
    }
    producer.once('stats', done);
  });
}

/** Delivered records' statistics, printed as Kafka's tool prints them. */
class PerfStats {
  readonly recorder: LatencyRecorder;
  #window: DeliveryWindow;
  #printing = true;

  constructor(
    count: number,
    private readonly out: NodeJS.WritableStream,
    readonly steadyState: boolean,
  ) {
    const now = performance.now();
    this.recorder = new LatencyRecorder(now, count);
    this.#window = new DeliveryWindow(now);
  }

  record(latencyMs: number, bytes: number, nowMs: number): void {
    this.recorder.record(latencyMs, bytes);
    this.#window.add(latencyMs, bytes);
    if (nowMs - this.#window.startMs >= REPORT_INTERVAL_MS) {
      if (this.steadyState && this.recorder.total.count === this.#window.count) this.out.write('In steady state.\n');
      if (this.#printing) this.out.write(`${formatWindowLine(this.#window, nowMs - this.#window.startMs)}\n`);
      this.#window = new DeliveryWindow(nowMs);
    }
  }

  suppressPrinting(): void {
    this.#printing = false;
  }

  totalLine(): string {
    const elapsed = performance.now() - this.recorder.total.startMs;
    return formatTotalLine(this.recorder.total, elapsed, this.recorder.percentiles(0.5, 0.95, 0.99, 0.999), this.steadyState);
  }
}

/** Validates the flag combination Kafka's tool validates, with its words where it has them. */
function checkOptions(options: PerfTestOptions): void {
  const payloadFlags = [options.recordSize !== undefined, options.payloadFile !== undefined, options.payloadMonotonic === true].filter(Boolean);
  if (payloadFlags.length !== 1) throw new UsageError('give exactly one of --record-size, --payload-file or --payload-monotonic');
  if (options.warmupRecords >= options.numRecords) {
    throw new UsageError('The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records.');
  }
  if (options.throughput === 0) throw new UsageError('--throughput must be positive, or -1 for no throttling; 0 would never send');
  if (options.chart !== undefined && chartFormatOf(options.chart) === undefined) {
    throw new UsageError(`--chart ${options.chart}: the file name must end in .svg or .html`);
  }
  if (options.chart !== undefined) checkChartWritable(options.chart);
}

/** Fails before the run, not after it, when the chart could not be written; leaves no file behind. */
function checkChartWritable(path: string): void {
  const existed = existsSync(path);
  try {
    closeSync(openSync(path, 'a'));
    if (!existed) unlinkSync(path);
  } catch (error) {
    throw new UsageError(`cannot write --chart ${path}: ${(error as Error).message}`);
  }
}

function payloadSource(options: PerfTestOptions, out: NodeJS.WritableStream): PayloadSource {
  if (options.recordSize !== undefined) return randomPayloads(options.recordSize);
  if (options.payloadFile !== undefined) {
    out.write(`Reading payloads from: ${resolve(options.payloadFile)}\n`);
    const { count, source } = filePayloads(options.payloadFile, payloadDelimiterOf(options.payloadDelimiter));
    out.write(`Number of messages read: ${count}\n`);
    return source;
  }
  return monotonicPayloads();
}

/** Runs `ferrokafka perf-test`; resolves with the exit code. Throws UsageError for bad flags. */
export async function runPerfTest(options: PerfTestOptions, output: Output, interrupt: AbortSignal): Promise<ExitCodeValue> {
  checkOptions(options);
  const properties = options.producerConfig === undefined ? new Map<string, string>() : readPropertiesFile(options.producerConfig);
  addPropertyArguments(properties, options.producerProps ?? []);
  if (!properties.has('client.id')) properties.set('client.id', 'perf-producer-client');
  // Metrics come from librdkafka's statistics: without a fresh set, a short run would print zeros.
  if (options.printMetrics === true && !properties.has('statistics.interval.ms')) {
    properties.set('statistics.interval.ms', String(METRICS_STATISTICS_INTERVAL_MS));
  }
  const transactional = options.transactionalId !== undefined || options.transactionDurationMs !== undefined || properties.has('transactional.id');
  if (transactional) {
    properties.set('transactional.id', options.transactionalId ?? properties.get('transactional.id') ?? `performance-producer-${randomUUID()}`);
  }
  const transactionDurationMs = options.transactionDurationMs ?? DEFAULT_TRANSACTION_DURATION_MS;
  const bootstrapServers = bootstrapServersOf(options.bootstrapServer);
  const config = producerConfigFromProperties(properties, bootstrapServers);
  const nextPayload = payloadSource(options, output.out);
  const producer = createCliProducer(config);
  const flag = properties.has('bootstrap.servers') ? 'bootstrap.servers in --producer-props' : '--bootstrap-server';

  const limit = new InFlightLimit(MAX_IN_FLIGHT);
  const stop = new RunStop();
  let run: PerfRun | undefined;
  const abandon = (code: ExitCodeValue, line: string): void => {
    if (!stop.stop(code)) return;
    // The one line says it all: the records it strands are counted, not listed.
    if (run !== undefined) run.quiet = true;
    output.err.write(`ferrokafka: ${line}\n`);
    limit.fail(new Error(line));
  };
  watchBroker(
    producer,
    String(config.bootstrapServers),
    {
      unreachable: (line) => abandon(ExitCode.Unreachable, line),
      fatal: (line) => abandon(ExitCode.Fatal, line),
      warning: (line) => output.err.write(`ferrokafka: ${line}\n`),
    },
    flag,
  );
  // Ctrl-C ends the send loop; what was sent is still flushed and summed up.
  const onInterrupt = (): void => {
    stop.stop(ExitCode.Interrupted);
  };
  interrupt.addEventListener('abort', onInterrupt, { once: true });

  try {
    if (transactional) await stop.race(producer.initTransactions());
    if (options.warmupRecords > 0) {
      output.out.write(`Warmup first ${options.warmupRecords} records. Steady state results will print after the complete test summary.\n`);
    }
    run = new PerfRun(producer, options, output, limit, nextPayload, transactional, transactionDurationMs, () => stop.code !== undefined);
    await run.send();
    // Kafka's tool closes (or, with --print-metrics, flushes) before it prints its totals.
    if (stop.code === undefined) {
      await stop.race(producer.flush({ timeoutMs: FINAL_FLUSH_MS }));
      await stop.race(limit.idle());
    }
  } catch (error) {
    if (stop.code === undefined) {
      run?.finishChart();
      await producer.close({ timeoutMs: 1000 }).catch(() => undefined);
      throw error;
    }
  } finally {
    interrupt.removeEventListener('abort', onInterrupt);
  }

  if (stop.code === ExitCode.Unreachable || stop.code === ExitCode.Fatal || run === undefined) {
    run?.finishChart();
    await producer.close({ timeoutMs: 1 });
    return stop.code ?? ExitCode.Fatal;
  }
  if (stop.code === ExitCode.Interrupted) await producer.flush({ timeoutMs: INTERRUPTED_FLUSH_MS }).catch(() => undefined);
  run.finishChart();
  output.out.write(`${run.stats.totalLine()}\n`);
  if (run.steady !== undefined) output.out.write(`${run.steady.totalLine()}\n`);
  if (options.printMetrics === true) {
    await freshStatistics(producer, Number(properties.get('statistics.interval.ms')));
    output.out.write(`${formatMetrics({ ...producer.metrics() }, properties.get('client.id') ?? '')}\n`);
  }
  await producer.close({ timeoutMs: 5000 });
  run.writeChart();
  return stop.code ?? (run.failed > 0 ? ExitCode.SomeFailed : ExitCode.Ok);
}

/** The send loop and its bookkeeping. */
class PerfRun {
  readonly stats: PerfStats;
  steady: PerfStats | undefined;
  failed = 0;
  /** Set when the run stops for a reason already printed. */
  quiet = false;
  readonly #chartPoints: ChartPoint[] = [];
  #chartWindow: DeliveryWindow;
  readonly #chartTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly options: PerfTestOptions,
    private readonly output: Output,
    private readonly limit: InFlightLimit,
    private readonly nextPayload: PayloadSource,
    private readonly transactional: boolean,
    private readonly transactionDurationMs: number,
    private readonly stopped: () => boolean,
  ) {
    this.stats = new PerfStats(options.numRecords, output.out, false);
    this.#chartWindow = new DeliveryWindow(this.stats.recorder.total.startMs);
    if (options.chart !== undefined) this.#chartTimer = setInterval(() => this.#samplePoint(), CHART_INTERVAL_MS).unref();
  }

  async send(): Promise<void> {
    const { producer, options, limit } = this;
    const throttler = new ThroughputThrottler(options.throughput, performance.now());
    let inTransaction = 0;
    let transactionStart = 0;
    for (let i = 0; i < options.numRecords && !this.stopped(); i++) {
      const payload = this.nextPayload(i);
      if (this.transactional && inTransaction === 0) {
        producer.beginTransaction();
        transactionStart = performance.now();
      }
      const sendStart = performance.now();
      if (options.warmupRecords > 0 && i === options.warmupRecords) {
        this.steady = new PerfStats(options.numRecords - options.warmupRecords, this.output.out, true);
        this.stats.suppressPrinting();
      }
      const steady = this.steady;
      const bytes = payload.length;
      limit.taken();
      producer.produce({ topic: options.topic, value: payload }, (error) => this.#completed(error, sendStart, bytes, steady));
      inTransaction++;
      if (this.transactional && this.transactionDurationMs <= sendStart - transactionStart) {
        await producer.commitTransaction();
        inTransaction = 0;
      }
      if (throttler.shouldThrottle(i, sendStart)) await throttler.throttle();
      const room = limit.room();
      if (room !== undefined) await room;
      else if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    }
    if (this.transactional && inTransaction > 0 && !this.stopped()) await producer.commitTransaction();
  }

  #completed(error: KafkaError | null, sendStart: number, bytes: number, steady: PerfStats | undefined): void {
    const now = performance.now();
    this.limit.released();
    if (error !== null) {
      // Like Kafka's tool: a failed record is not counted as sent; its error is printed.
      if (this.quiet) this.failed++;
      else if (this.failed++ < PRINTED_FAILURES) this.output.err.write(`ferrokafka: a record was not delivered: ${error.type}: ${error.message}\n`);
      else if (this.failed === PRINTED_FAILURES + 1)
        this.output.err.write('ferrokafka: more records were not delivered; only the count is printed from here on\n');
      return;
    }
    const latency = now - sendStart;
    this.stats.record(latency, bytes, now);
    steady?.record(latency, bytes, now);
    this.#chartWindow.add(latency, bytes);
  }

  #samplePoint(): void {
    const now = performance.now();
    const window = this.#chartWindow;
    const seconds = Math.max(1, now - window.startMs) / 1000;
    this.#chartPoints.push({
      atMs: now - this.stats.recorder.total.startMs,
      recordsPerSec: window.count / seconds,
      mbPerSec: window.bytes / seconds / (1024 * 1024),
      avgLatencyMs: window.averageLatencyMs,
      maxLatencyMs: window.maxLatencyMs,
    });
    this.#chartWindow = new DeliveryWindow(now);
  }

  /** Takes the last, partial interval and stops sampling. */
  finishChart(): void {
    if (this.#chartTimer === undefined) return;
    clearInterval(this.#chartTimer);
    if (this.#chartWindow.count > 0) this.#samplePoint();
  }

  writeChart(): void {
    const path = this.options.chart;
    if (path === undefined) return;
    const title = `ferrokafka perf-test: ${this.stats.recorder.total.count} records of ${this.options.recordSize ?? 'varying'} bytes to ${this.options.topic}`;
    try {
      writeFileSync(path, chartFormatOf(path) === 'html' ? renderChartHtml(this.#chartPoints, title) : renderChartSvg(this.#chartPoints, title));
    } catch (error) {
      throw new Error(`cannot write --chart ${path}: ${(error as Error).message}`);
    }
    this.output.err.write(`ferrokafka: chart written to ${path}\n`);
  }
}
