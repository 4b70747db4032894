import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { bootstrapServers, consumeAll, createTopic, recordCount } from '../helpers/kafka.js';
import { ANSI_ESCAPE, runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'ferrokafka-perf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The formats of Kafka 4.1's ProducerPerformance (its printf patterns).
const TOTAL_LINE =
  /^(\d+) records sent, \d+\.\d records\/sec \(\d+\.\d{2} MB\/sec\), \d+\.\d{2} ms avg latency, \d+\.\d{2} ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.$/;
const WINDOW_LINE = /^(\d+) records sent, \d+\.\d records\/sec \(\d+\.\d{2} MB\/sec\), \d+\.\d ms avg latency, \d+\.\d ms max latency\.$/;

describe('ferrokafka perf-test', () => {
  it("prints Kafka's summary line, every record lands, and --chart draws an SVG of the run", async () => {
    const topic = await createTopic(1, 'cli-perf');
    const chart = join(work, 'run.svg');
    const run = await runCli([
      'perf-test',
      '--topic',
      topic,
      '--num-records',
      '5000',
      '--record-size',
      '100',
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${bootstrapServers()}`,
      'acks=all',
      'linger.ms=5',
      '--chart',
      chart,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(TOTAL_LINE);
    expect(TOTAL_LINE.exec(lines.at(-1)!)![1]).toBe('5000');
    expect(run.stdout).not.toMatch(ANSI_ESCAPE);
    expect(await recordCount(topic)).toBe(5000);

    const svg = readFileSync(chart, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(3); // records/sec, avg latency, max latency
    for (const d of paths) {
      const points = d.split(' ');
      expect(points[0]).toMatch(/^M[\d.]+,[\d.]+$/);
      for (const point of points.slice(1)) expect(point).toMatch(/^L[\d.]+,[\d.]+$/);
    }
  });

  it('honours --throughput roughly and prints the 5-second window lines', async () => {
    const topic = await createTopic(1, 'cli-throttle');
    const run = await runCli([
      'perf-test',
      '--topic',
      topic,
      '--num-records',
      '600',
      '--payload-monotonic',
      '--throughput',
      '100',
      '--producer-props',
      `bootstrap.servers=${bootstrapServers()}`,
      '--print-metrics',
    ]);
    expect(run.code, run.stderr).toBe(0);
    // 600 records at 100/s: about 6 s, never much faster; slower only if the machine stalls.
    expect(run.ms).toBeGreaterThan(5500);
    expect(run.ms).toBeLessThan(30_000);
    const lines = run.stdout.split('\n');
    const windows = lines.filter((line) => WINDOW_LINE.test(line));
    expect(windows.length).toBeGreaterThanOrEqual(1);
    const windowRate = Number(/records sent, ([\d.]+) records\/sec/.exec(windows[0]!)![1]);
    expect(windowRate).toBeGreaterThan(50);
    expect(windowRate).toBeLessThan(150);
    const total = lines.find((line) => TOTAL_LINE.test(line));
    expect(TOTAL_LINE.exec(total!)![1]).toBe('600');
    // --print-metrics: Kafka's table layout, with the Java metric names.
    expect(run.stdout).toMatch(/^Metric Name\s+Value$/m);
    expect(run.stdout).toMatch(/^producer-metrics:record-send-total:\{client-id=perf-producer-client\}\s+: \d+\.\d{3}$/m);
    expect(await recordCount(topic)).toBe(600);
  });

  it("takes --producer.config, --payload-file and transactions as Kafka's tool does", async () => {
    const topic = await createTopic(1, 'cli-perf-tx');
    const config = join(work, 'producer.properties');
    writeFileSync(config, `# as for kafka-producer-perf-test\nbootstrap.servers=${bootstrapServers()}\nlinger.ms: 1\n`);
    const payloads = join(work, 'payloads.txt');
    writeFileSync(payloads, 'red|green|blue');
    const run = await runCli([
      'perf-test',
      '--topic',
      topic,
      '--num-records',
      '300',
      '--payload-file',
      payloads,
      '--payload-delimiter',
      '|',
      '--throughput',
      '1000',
      '--producer.config',
      config,
      '--transactional-id',
      `cli-perf-${topic}`,
      '--transaction-duration-ms',
      '100',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Reading payloads from: ${payloads}\nNumber of messages read: 3\n`);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(TOTAL_LINE);
    // Committed, so a read_committed consumer sees every record; each value is one of the payloads.
    const records = await consumeAll(topic, 300, { readCommitted: true });
    expect(records).toHaveLength(300);
    expect(new Set(records.map((r) => r.value?.toString()))).toEqual(new Set(['red', 'green', 'blue']));
  });
  it('--print-metrics prints the metrics of the run just made, even a run shorter than the statistics interval', async () => {
    const topic = await createTopic(1, 'cli-perf-metrics');
    const run = await runCli([
      'perf-test',
      '--topic',
      topic,
      '--num-records',
      '500',
      '--record-size',
      '100',
      '--throughput',
      '-1',
      '--bootstrap-server',
      bootstrapServers(),
      '--print-metrics',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const metric = (name: string): number =>
      Number(new RegExp(`^producer-metrics:${name}:\\{client-id=perf-producer-client\\} +: ([\\d.]+)$`, 'm').exec(run.stdout)?.[1]);
    expect(metric('record-send-total')).toBe(500);
    // These come from librdkafka's statistics: zeros meant none had arrived yet.
    expect(metric('batch-size-avg')).toBeGreaterThan(0);
    expect(metric('request-latency-avg')).toBeGreaterThan(0);
  });
});
