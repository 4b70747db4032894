import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

import { KafkaConfigError } from '../errors/kafka-errors.js';
import { validateTopic } from '../send/record.js';
import { BOOTSTRAP_ENV, DEFAULT_BOOTSTRAP } from './broker-check.js';
import { EXIT_CODE_HELP, ExitCode, UsageError, type ExitCodeValue } from './exit-codes.js';
import { runPerfTest, type PerfTestOptions } from './perf-test-command.js';
import { runProduce, type ProduceOptions } from './produce-command.js';

/** What the command line runs with; tests give their own streams. */
export interface CliContext {
  version: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /**
   * Aborted on Ctrl-C or SIGTERM (with the reason 'SIGTERM'): the running command stops and
   * reports what it did.
   */
  interrupt: AbortSignal;
}

const BOOTSTRAP_HELP = `Kafka broker(s) to connect to, host:port[,host:port...] (default: $${BOOTSTRAP_ENV}, else ${DEFAULT_BOOTSTRAP})`;

/** librdkafka's largest message.max.bytes: no record can be larger. */
const MAX_RECORD_SIZE = 1_000_000_000;

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
      throw new InvalidArgumentError(`${name} must be a whole number ${range}.`);
    }
    return value;
  };
}

/** Checked before anything is read or sent: a bad name would fail every record, one by one. */
function topicName(text: string): string {
  try {
    return validateTopic(text);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
}

function throughput(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError('must be a number of records/sec, or -1 for no throttling.');
  return value;
}

/** The `ferrokafka` program: its commands, flags and help. */
export function createProgram(context: CliContext, result: { code: ExitCodeValue }): Command {
  const program = new Command('ferrokafka')
    .description('Produce records to Kafka, and measure the producer the way kafka-producer-perf-test.sh does.')
    .version(context.version)
    .configureOutput({ writeOut: (text) => context.stdout.write(text), writeErr: (text) => context.stderr.write(text) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`);

  program
    .command('produce')
    .description('Send each line of a file (or of standard input) as one record.')
    .requiredOption('--topic <topic>', 'topic to send to', topicName)
    .option('--bootstrap-server <servers>', BOOTSTRAP_HELP)
    .option('--file <path>', 'read records from this file (default: standard input; - also means standard input)')
    .addOption(
      new Option('--format <format>', 'lines: each line is a value; jsonl: each line is a JSON document, checked')
        .choices(['lines', 'jsonl'])
        .default('lines'),
    )
    .option('--key-field <field>', 'with --format jsonl: the record key is this top-level field of each JSON object (a.b is the field named "a.b")')
    .option('--producer-property <key=value...>', 'producer property, Java or librdkafka name (repeatable), e.g. linger.ms=5 compression.type=lz4')
    .addHelpText(
      'after',
      `\nA live progress bar on a terminal, a plain line every 5 s otherwise (both on standard error); a summary on
standard output at the end. A bad input line is reported with its line number and the other lines are still sent.\n\n${EXIT_CODE_HELP}`,
    )
    .action(async (options: ProduceOptions) => {
      result.code = await runProduce(options, { out: context.stdout, err: context.stderr, stdin: context.stdin }, context.interrupt);
    });

  program
    .command('perf-test')
    .description("Measure producer throughput and latency; the flags and output of Kafka's kafka-producer-perf-test.sh.")
    .requiredOption('--topic <topic>', 'produce messages to this topic', topicName)
    .requiredOption('--num-records <n>', 'number of messages to produce', integer('--num-records', 1))
    .requiredOption('--throughput <n>', 'throttle to about this many messages/sec; -1 disables throttling', throughput)
    .option(
      '--record-size <bytes>',
      'message size in bytes (exactly one of --record-size, --payload-file, --payload-monotonic)',
      integer('--record-size', 1, MAX_RECORD_SIZE),
    )
    .option('--payload-file <path>', 'UTF-8 file of payloads; each message is one of them at random')
    .option('--payload-delimiter <text>', 'separates the payloads of --payload-file', '\\n')
    .option('--payload-monotonic', 'payload is the message number as text')
    .option('--producer-props <key=value...>', 'producer properties (bootstrap.servers, acks, linger.ms, ...), Java or librdkafka names')
    .option('--producer.config <file>', 'producer properties file; --producer-props take precedence')
    .option('--print-metrics', 'print the producer metrics at the end')
    .option('--transactional-id <id>', 'send in transactions with this id')
    .option(
      '--transaction-duration-ms <ms>',
      'commit a transaction after this long (default 3000 with a transactional id)',
      integer('--transaction-duration-ms', 1),
    )
    .option('--warmup-records <n>', 'leave the first n records out of a second, steady-state summary', integer('--warmup-records', 0), 0)
    .option('--bootstrap-server <servers>', `${BOOTSTRAP_HELP}; bootstrap.servers in --producer-props wins`)
    .option('--chart <file>', 'draw throughput and latency over the run (sampled every 500 ms) to an .svg or .html file')
    .addHelpText(
      'after',
      `\nOutput as Kafka's tool prints it: every 5 s "N records sent, R records/sec (M MB/sec), A ms avg latency,
X ms max latency." and at the end the same with the 50th, 95th, 99th and 99.9th latency percentiles.\n\n${EXIT_CODE_HELP}`,
    )
    .action(async (options: PerfTestOptions & { 'producer.config'?: string }) => {
      result.code = await runPerfTest(
        { ...options, producerConfig: options['producer.config'] },
        { out: context.stdout, err: context.stderr },
        context.interrupt,
      );
    });

  return program;
}

/** Runs the command line; resolves with the exit code. Prints one line for every error, never a stack trace. */
export async function main(argv: readonly string[], context: CliContext): Promise<ExitCodeValue> {
  const result: { code: ExitCodeValue } = { code: ExitCode.Ok };
  const program = createProgram(context, result);
  try {
    await program.parseAsync(argv as string[]);
    // The commands stop alike for either signal; the exit code tells which one it was.
    if (result.code === ExitCode.Interrupted && context.interrupt.reason === 'SIGTERM') return ExitCode.Terminated;
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help, help <command> and --version end with 0; a bad flag, or no command at all, with 2.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    if (error instanceof UsageError || error instanceof KafkaConfigError) {
      context.stderr.write(`ferrokafka: ${error.message}\n`);
      return ExitCode.Usage;
    }
    context.stderr.write(`ferrokafka: ${(error as Error)?.message ?? String(error)}\n`);
    return ExitCode.Fatal;
  }
}
