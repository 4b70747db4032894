#!/usr/bin/env node
// @ts-check
// What ferrokafka/otel costs per record: produce() and send() throughput with tracing off, on but
// not sampled (AlwaysOff sampler), and on and sampled (every span ended into a BatchSpanProcessor
// with an exporter that drops them), with the messaging metrics recorded in every "on" mode.
// Each (run, mode) is a child process of its own against librdkafka's mock cluster (in that
// process, no broker needed) or, with --bootstrap, a real broker.
//
//   node bench/otel-overhead.mjs [--records 200000] [--runs 3] [--modes off,unsampled,sampled]
//                                [--baseline path/to/other/dist/esm/index.js] [--bootstrap host:port]
//
// --baseline also runs mode "off" with another build (e.g. the main branch's dist): the A/B of
// the unobserved hot path. Prints the median of the runs per mode, in records per second.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '3' },
    modes: { type: 'string', default: 'off,unsampled,sampled' },
    baseline: { type: 'string' },
    bootstrap: { type: 'string' },
    child: { type: 'string' },
    dist: { type: 'string' },
  },
});
const ownDist = fileURLToPath(new URL('../dist/esm/index.js', import.meta.url));

if (flags.child !== undefined) {
  console.log(JSON.stringify(await measure(flags.child, flags.dist ?? ownDist, Number(flags.records), flags.bootstrap)));
} else {
  await compare();
}

/** Runs every mode `runs` times, interleaved (so drift hits all alike), and prints the medians. */
async function compare() {
  /** @type {Array<{ label: string, mode: string, dist: string }>} */
  const variants = (flags.modes ?? '').split(',').map((mode) => ({ label: mode, mode, dist: ownDist }));
  if (flags.baseline !== undefined) variants.unshift({ label: 'off (baseline build)', mode: 'off', dist: resolve(flags.baseline) });
  /** @type {Map<string, Array<{ produce: number, send: number, produceMicros: number, sendMicros: number }>>} */
  const results = new Map(variants.map((variant) => [variant.label, []]));
  for (let run = 0; run < Number(flags.runs); run++) {
    for (const variant of variants) {
      const args = [fileURLToPath(import.meta.url), '--child', variant.mode, '--dist', variant.dist, '--records', String(flags.records)];
      if (flags.bootstrap !== undefined) args.push('--bootstrap', flags.bootstrap);
      const child = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 300_000 });
      if (child.status !== 0) throw new Error(`${variant.label} failed:\n${child.stderr}`);
      const measured = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
      results.get(variant.label)?.push(measured);
      console.error(
        `run ${run + 1} ${variant.label}: produce ${measured.produce.toFixed(0)}/s ${measured.produceMicros.toFixed(2)} µs, send ${measured.send.toFixed(0)}/s ${measured.sendMicros.toFixed(2)} µs`,
      );
    }
  }
  const reference = median(results.get('off')?.map((r) => r.produce) ?? []);
  const referenceSend = median(results.get('off')?.map((r) => r.send) ?? []);
  console.log(`records per mode and API: ${flags.records}; runs: ${flags.runs}; medians: records/s (vs "off"), process CPU µs per record`);
  console.log('| mode | produce() records/s | produce() CPU µs/record | send() records/s | send() CPU µs/record |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [label, runs] of results) {
    const produce = median(runs.map((r) => r.produce));
    const send = median(runs.map((r) => r.send));
    const produceMicros = median(runs.map((r) => r.produceMicros)).toFixed(2);
    const sendMicros = median(runs.map((r) => r.sendMicros)).toFixed(2);
    console.log(`| ${label} | ${format(produce, reference)} | ${produceMicros} | ${format(send, referenceSend)} | ${sendMicros} |`);
  }
}

/**
 * @param {number} value
 * @param {number} reference
 */
function format(value, reference) {
  const ratio = reference > 0 ? ` (${((value / reference - 1) * 100).toFixed(1)}%)` : '';
  return `${Math.round(value).toLocaleString('en-US')}${ratio}`;
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : ((sorted[(sorted.length - 1) >> 1] ?? 0) + (sorted[sorted.length >> 1] ?? 0)) / 2;
}

/**
 * One child: `records` records through produce(), then through send(), in the given mode.
 * @param {string} mode
 * @param {string} dist
 * @param {number} records
 * @param {string | undefined} bootstrap
 */
async function measure(mode, dist, records, bootstrap) {
  const { Producer } = await import(pathToFileURL(dist).href);
  const { MockCluster } = await import(pathToFileURL(resolve(dist, '../testing/index.js')).href);
  const mock = bootstrap === undefined ? await MockCluster.start({ brokers: 1 }) : undefined;
  const topic = `otel-overhead-${randomUUID().slice(0, 8)}`;
  if (mock !== undefined) await mock.createTopic(topic, { partitions: 3 });
  const producer = new Producer({ bootstrapServers: bootstrap ?? mock.bootstrapServers, logger: () => undefined });
  const stop = mode === 'off' ? () => undefined : await instrument(producer, mode);
  try {
    const value = Buffer.alloc(100, 'x');
    // Warm up (metadata, JIT), then measure.
    await Promise.all(Array.from({ length: 2_000 }, () => producer.send({ topic, value })));
    const produceCpu = process.cpuUsage();
    const produceStart = performance.now();
    await new Promise((done, fail) => {
      let left = records;
      /** @param {Error | null} error */
      const onOutcome = (error) => {
        if (error) fail(error);
        else if (--left === 0) done(undefined);
      };
      for (let i = 0; i < records; i++) producer.produce({ topic, value }, onOutcome);
    });
    const produce = records / ((performance.now() - produceStart) / 1000);
    const produceMicros = cpuMicros(process.cpuUsage(produceCpu)) / records;
    const sendCpu = process.cpuUsage();
    const sendStart = performance.now();
    const sends = new Array(records);
    for (let i = 0; i < records; i++) sends[i] = producer.send({ topic, value });
    await Promise.all(sends);
    const send = records / ((performance.now() - sendStart) / 1000);
    const sendMicros = cpuMicros(process.cpuUsage(sendCpu)) / records;
    return { produce, send, produceMicros, sendMicros };
  } finally {
    stop();
    await producer.close();
    await mock?.stop();
  }
}

/**
 * The process's CPU time (every thread: JS, librdkafka's and the mock cluster's), µs.
 * @param {NodeJS.CpuUsage} usage
 */
function cpuMicros(usage) {
  return usage.user + usage.system;
}

/**
 * Sets up the OpenTelemetry SDK as an application would, and ferrokafka/otel on the producer.
 * @param {object} producer
 * @param {string} mode
 * @returns {Promise<() => void>}
 */
async function instrument(producer, mode) {
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { W3CTraceContextPropagator } = await import('@opentelemetry/core');
  const { AlwaysOffSampler, AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
  const { instrumentProducer } = await import(pathToFileURL(fileURLToPath(new URL('../dist/esm/otel/index.js', import.meta.url))).href);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  /** @type {import('@opentelemetry/sdk-trace-base').SpanExporter} */
  const dropping = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => undefined };
  const tracerProvider = new BasicTracerProvider({
    sampler: mode === 'sampled' ? new AlwaysOnSampler() : new AlwaysOffSampler(),
    spanProcessors: [new BatchSpanProcessor(dropping)],
  });
  class Reader extends MetricReader {
    async onShutdown() {}
    async onForceFlush() {}
  }
  const meterProvider = new MeterProvider({ readers: [new Reader()] });
  const handle = instrumentProducer(producer, { tracerProvider, meterProvider, propagator: new W3CTraceContextPropagator() });
  return () => handle.disable();
}
