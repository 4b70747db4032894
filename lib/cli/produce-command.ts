import type { KafkaError } from '../errors/kafka-errors.js';
import { bootstrapServersOf, watchBroker } from './broker-check.js';
import { ExitCode, UsageError, type ExitCodeValue } from './exit-codes.js';
import { InFlightLimit } from './in-flight-limit.js';
import { BadInputLine, InputReader, recordOfLine, type InputFormat } from './input-reader.js';
import { LatencyRecorder } from './latency-recorder.js';
import { formatProduceSummary } from './perf-report.js';
import { createCliProducer } from './producer-factory.js';
import { startProgress, type Progress } from './progress.js';
import { RunStop } from './run-stop.js';
import { addPropertyArguments, producerConfigFromProperties } from './property-arguments.js';

/** The flags of `ferrokafka produce`. */
export interface ProduceOptions {
  topic: string;
  bootstrapServer?: string | undefined;
  file?: string | undefined;
  format: InputFormat;
  keyField?: string | undefined;
  producerProperty?: string[] | undefined;
}

/** Where the run writes: the summary to `out`, progress and problems to `err` (a terminal gets a live bar). */
export interface ProduceOutput {
  out: NodeJS.WritableStream;
  err: NodeJS.WriteStream;
  stdin: NodeJS.ReadableStream;
}

/** Records handed over without an outcome at most; the input is read no faster than this allows. */
const MAX_IN_FLIGHT = 20_000;
/** Problem lines printed at most (bad input lines and failed records); the rest are counted. */
const PRINTED_PROBLEMS = 100;
/** How long the run waits at the end for outstanding records (beyond their own delivery timeout). */
const FINAL_FLUSH_MS = 300_000;
/** After Ctrl-C, how long the run still waits for what it handed over. */
const INTERRUPTED_FLUSH_MS = 10_000;

/** Runs `ferrokafka produce`; resolves with the exit code. Throws UsageError for bad flags. */
export async function runProduce(options: ProduceOptions, output: ProduceOutput, interrupt: AbortSignal): Promise<ExitCodeValue> {
  if (options.keyField !== undefined && options.format !== 'jsonl') throw new UsageError('--key-field needs --format jsonl');
  const bootstrapServers = bootstrapServersOf(options.bootstrapServer);
  const config = producerConfigFromProperties(addPropertyArguments(new Map(), options.producerProperty ?? []), bootstrapServers);
  let input: InputReader;
  try {
    input = InputReader.open(options.file, output.stdin as NodeJS.ReadStream);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const producer = createCliProducer(config);
  const run = new ProduceRun(input);
  const progress = startProgress(output.err, () => ({
    sent: run.sent,
    delivered: run.delivered,
    failed: run.failed + run.badLines,
    bytesRead: input.bytesRead,
    totalBytes: input.totalBytes,
  }));
  run.progress = progress;

  const limit = new InFlightLimit(MAX_IN_FLIGHT);
  const stop = new RunStop();
  const abandon = (code: ExitCodeValue, line: string): void => {
    if (!stop.stop(code)) return;
    // The one line says it all: the records it strands are counted, not listed.
    run.quiet = true;
    progress.log(`ferrokafka: ${line}`);
    input.close();
    limit.fail(new Error(line));
  };
  watchBroker(producer, String(config.bootstrapServers), {
    unreachable: (line) => abandon(ExitCode.Unreachable, line),
    fatal: (line) => abandon(ExitCode.Fatal, line),
    warning: (line) => progress.log(`ferrokafka: ${line}`),
  });
  // Ctrl-C: stop reading, but deliver (and count) what was already handed over.
  const onInterrupt = (): void => {
    if (stop.stop(ExitCode.Interrupted)) input.close();
  };
  interrupt.addEventListener('abort', onInterrupt, { once: true });

  try {
    for await (const line of input.lines()) {
      if (stop.code !== undefined) break;
      let record: ReturnType<typeof recordOfLine>;
      try {
        record = recordOfLine(line, options.format, options.keyField);
      } catch (error) {
        if (!(error instanceof BadInputLine)) throw error;
        run.badLine(error.message);
        continue;
      }
      if (record === undefined) continue;
      const lineNumber = line.number;
      const started = performance.now();
      const bytes = record.value.length + (record.key === null ? 0 : Buffer.byteLength(record.key));
      limit.taken();
      run.sent++;
      try {
        producer.produce({ topic: options.topic, key: record.key, value: record.value }, (error) => {
          limit.released();
          run.completed(error, lineNumber, performance.now() - started, bytes);
        });
      } catch (error) {
        // Refused before it was handed over (the topic name, a closed producer): its own outcome.
        limit.released();
        run.completed(error as KafkaError, lineNumber, 0, bytes);
      }
      const room = limit.room();
      if (room !== undefined) await room;
    }
    if (stop.code === undefined) {
      await stop.race(producer.flush({ timeoutMs: FINAL_FLUSH_MS }));
      await stop.race(limit.idle());
    } else if (stop.code === ExitCode.Interrupted) {
      await producer.flush({ timeoutMs: INTERRUPTED_FLUSH_MS }).catch(() => undefined);
    }
  } catch (error) {
    if (stop.code === undefined) {
      progress.stop();
      await producer.close({ timeoutMs: 1000 }).catch(() => undefined);
      throw error;
    }
  } finally {
    interrupt.removeEventListener('abort', onInterrupt);
  }

  const abandoned = stop.code === ExitCode.Unreachable || stop.code === ExitCode.Fatal;
  if (abandoned) progress.stop();
  // Whatever is still outstanding is purged and reported (each record through its callback).
  await producer.close({ timeoutMs: abandoned ? 1 : 5000 });
  progress.stop();
  if (!abandoned) output.out.write(`${run.summary()}\n`);
  if (stop.code !== undefined) return stop.code;
  return run.failed + run.badLines > 0 ? ExitCode.SomeFailed : ExitCode.Ok;
}

/** Counts and latencies of one produce run, and its problem lines. */
class ProduceRun {
  sent = 0;
  delivered = 0;
  failed = 0;
  badLines = 0;
  progress: Progress | undefined;
  /** Set when the run stops for a reason already printed. */
  quiet = false;
  readonly #latencies: LatencyRecorder;
  #problems = 0;

  constructor(private readonly input: InputReader) {
    this.#latencies = new LatencyRecorder(performance.now());
  }

  badLine(message: string): void {
    this.badLines++;
    this.#problem(`${this.input.source}: ${message}`);
  }

  completed(error: KafkaError | null, lineNumber: number, latencyMs: number, bytes: number): void {
    if (error === null) {
      this.delivered++;
      this.#latencies.record(latencyMs, bytes);
      return;
    }
    this.failed++;
    this.#problem(`${this.input.source}: line ${lineNumber}: not delivered: ${error.type ?? error.name}: ${error.message}`);
  }

  summary(): string {
    const [p50 = 0, p99 = 0] = this.#latencies.percentiles(0.5, 0.99);
    return formatProduceSummary({
      delivered: this.delivered,
      failed: this.failed,
      badLines: this.badLines,
      bytes: this.#latencies.total.bytes,
      elapsedMs: performance.now() - this.#latencies.total.startMs,
      p50Ms: p50,
      p99Ms: p99,
    });
  }

  #problem(line: string): void {
    this.#problems++;
    if (this.quiet) return;
    if (this.#problems <= PRINTED_PROBLEMS) this.progress?.log(`ferrokafka: ${line}`);
    else if (this.#problems === PRINTED_PROBLEMS + 1) this.progress?.log('ferrokafka: more problems; only their count is printed from here on');
  }
}
