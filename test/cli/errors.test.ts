import { describe, expect, it } from 'vitest';

import { pickFreePorts } from '../../lib/testing/ports.js';
import { ANSI_ESCAPE, runCli, STACK_FRAME } from './run-cli.js';

describe('ferrokafka usage and failures', () => {
  it('has --help for the program and for each command, naming the default broker and the exit codes', async () => {
    const [main, produce, perf, helpCommand] = await Promise.all([
      runCli(['--help']),
      runCli(['produce', '--help']),
      runCli(['perf-test', '--help']),
      runCli(['help', 'perf-test']),
    ]);
    expect(helpCommand.stdout).toBe(perf.stdout);
    for (const run of [main, produce, perf, helpCommand]) {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Exit codes:');
      expect(run.stdout).toMatch(/^ {2}3 {4}no Kafka broker was reachable, or the broker refused authentication$/m);
      expect(run.stdout).not.toMatch(ANSI_ESCAPE);
    }
    expect(main.stdout).toMatch(/produce \[options\]/);
    expect(main.stdout).toMatch(/perf-test \[options\]/);
    for (const flag of ['--topic', '--bootstrap-server', '--file', '--format', '--key-field', '--producer-property'])
      expect(produce.stdout).toContain(flag);
    expect(produce.stdout.replace(/\s+/g, ' ')).toContain('(default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092)');
    for (const flag of [
      '--topic',
      '--num-records',
      '--record-size',
      '--throughput',
      '--producer-props',
      '--producer.config',
      '--payload-file',
      '--payload-delimiter',
      '--print-metrics',
      '--transactional-id',
      '--transaction-duration-ms',
      '--chart',
    ]) {
      expect(perf.stdout).toContain(flag);
    }
  });

  it("gives commander's error and exit code 2 for bad flags", async () => {
    const [unknown, missing, notANumber] = await Promise.all([
      runCli(['produce', '--topic', 't', '--colour']),
      runCli(['perf-test', '--num-records', '10', '--throughput', '-1', '--record-size', '10']),
      runCli(['perf-test', '--topic', 't', '--num-records', 'many', '--throughput', '-1', '--record-size', '10']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown option '--colour'/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: required option '--topic <topic>' not specified/);
    expect(notANumber.code).toBe(2);
    expect(notANumber.stderr).toMatch(/^error: option '--num-records <n>' argument 'many' is invalid/);
    for (const run of [unknown, missing, notANumber]) expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('says in one line, within a bounded time, that no broker is reachable (exit code 3)', async () => {
    const [port] = await pickFreePorts(1);
    const address = `127.0.0.1:${port}`;
    const [produce, perf] = await Promise.all([
      runCli(['produce', '--topic', 't'], { input: 'one\ntwo\n', env: { KAFKA_BOOTSTRAP_SERVERS: address } }),
      runCli([
        'perf-test',
        '--topic',
        't',
        '--num-records',
        '50',
        '--record-size',
        '10',
        '--throughput',
        '-1',
        '--producer-props',
        `bootstrap.servers=${address}`,
      ]),
    ]);
    expect(produce.stderr).toBe(
      `ferrokafka: cannot reach the Kafka broker at ${address} (connection refused) after 10 s; check --bootstrap-server\n`,
    );
    expect(perf.stderr).toBe(
      `ferrokafka: cannot reach the Kafka broker at ${address} (connection refused) after 10 s; check bootstrap.servers in --producer-props\n`,
    );
    for (const run of [produce, perf]) {
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.ms).toBeLessThan(25_000);
    }
  }, 40_000);
  it('refuses an unwritable --chart and an impossible --record-size before sending anything (exit code 2)', async () => {
    const [port] = await pickFreePorts(1);
    const common = ['perf-test', '--topic', 't', '--num-records', '5', '--throughput', '-1', '--bootstrap-server', `127.0.0.1:${port}`];
    const [chart, size] = await Promise.all([
      runCli([...common, '--record-size', '10', '--chart', '/nonexistent-directory/run.svg']),
      runCli([...common, '--record-size', '5000000000']),
    ]);
    expect(chart.stderr).toBe(
      "ferrokafka: cannot write --chart /nonexistent-directory/run.svg: ENOENT: no such file or directory, open '/nonexistent-directory/run.svg'\n",
    );
    expect(size.stderr).toMatch(
      /^error: option '--record-size <bytes>' argument '5000000000' is invalid. --record-size must be a whole number from 1 to 1000000000./,
    );
    for (const run of [chart, size]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      // Checked before connecting: no 10 s wait for the (absent) broker.
      expect(run.ms).toBeLessThan(8000);
    }
  });
  it('refuses an invalid --topic before reading or sending anything (exit code 2)', async () => {
    const [produce, perf] = await Promise.all([
      runCli(['produce', '--topic', 'bad topic!', '--bootstrap-server', '127.0.0.1:1'], { input: 'one\ntwo\n' }),
      runCli([
        'perf-test',
        '--topic',
        'bad topic!',
        '--num-records',
        '5',
        '--throughput',
        '-1',
        '--record-size',
        '10',
        '--bootstrap-server',
        '127.0.0.1:1',
      ]),
    ]);
    for (const run of [produce, perf]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^error: option '--topic <topic>' argument 'bad topic!' is invalid. invalid topic "bad topic!": a topic name is 1 to 249 characters/,
      );
    }
  });
});
