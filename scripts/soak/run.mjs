#!/usr/bin/env node
// @ts-check
// Soak test: one producer sends millions of records over many minutes to a real Kafka cluster
// while faults are injected periodically (faults.mjs); its RSS, heap, file descriptors, threads
// and handles are sampled over time, written as CSV, JSON and an SVG chart, and judged
// (growth.mjs): the run fails when a resource grows after warm-up, or when any record did not
// get exactly one outcome, was not delivered, or is not on the broker.
//
//   npm run soak                  10 minutes, 6,000,000 records, 3 brokers (crash = kill + restart)
//   npm run soak -- --short       100 s, 1,000,000 records, 1 broker, stalls only (CI: a
//                                 broker restart alone takes up to 90 s on a busy 2-core machine)
//   options: --duration <s> --records <n> --nodes 1|3 --faults stall,crash --fault-every <s>
//            --sample-every <ms>
//            --out <folder> --inject-leak <bytes per 1,000 records> (proves the check fails)
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { Kafka, logLevel } from 'kafkajs';

import { createScriptTopic, startScriptBroker } from '../broker/script-broker.mjs';
import { FAULT_KINDS, startFaults } from './faults.mjs';
import { checkGrowth } from './growth.mjs';
import { renderLineChart } from './line-chart.mjs';

const { values } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    duration: { type: 'string' },
    records: { type: 'string' },
    nodes: { type: 'string' },
    faults: { type: 'string' },
    'fault-every': { type: 'string' },
    'sample-every': { type: 'string' },
    out: { type: 'string' },
    'inject-leak': { type: 'string', default: '0' },
  },
});
const preset = values.short
  ? { duration: 100, records: 1_000_000, nodes: 1, faults: 'stall', faultEvery: 15, sampleEvery: 1000 }
  : { duration: 600, records: 6_000_000, nodes: 3, faults: 'stall,crash', faultEvery: 40, sampleEvery: 2000 };
const durationS = Number(values.duration ?? preset.duration);
const records = Number(values.records ?? preset.records);
const nodes = Number(values.nodes ?? preset.nodes);
const faultEveryS = Number(values['fault-every'] ?? preset.faultEvery);
const sampleMs = Number(values['sample-every'] ?? preset.sampleEvery);
const injectLeak = Number(values['inject-leak']);
const faultKinds = (values.faults ?? preset.faults).split(',').map((kind) => {
  const known = FAULT_KINDS.find((k) => k === kind.trim());
  if (known === undefined) throw new Error(`--faults takes ${FAULT_KINDS.join(', ')} (comma-separated); got '${kind}'`);
  return known;
});
if (nodes !== 1 && nodes !== 3) throw new Error(`--nodes must be 1 or 3; got ${nodes}`);
for (const [name, value] of Object.entries({ durationS, records, faultEveryS, sampleMs })) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`soak: ${name} must be a positive number; got ${value}`);
}
const rate = Math.ceil(records / durationS);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = values.out ?? join(tmpdir(), `ferrokafka-soak-${stamp}`);
mkdirSync(out, { recursive: true });
const log = (/** @type {string} */ line) => console.log(`soak: ${line}`);

log(
  `${records.toLocaleString('en')} records at ${rate.toLocaleString('en')}/s over ${durationS} s, ${nodes} broker(s), a fault (${faultKinds.join(' / ')}) every ${faultEveryS} s`,
);
const cluster = await startScriptBroker({ nodes: /** @type {1 | 3} */ (nodes) });
let passed = false;
try {
  const topic = `soak-${stamp}`;
  // Three replicas on three nodes (min.insync.replicas 2): a node down loses no acknowledged record.
  await createScriptTopic(cluster.bootstrapServers, topic, { partitions: 3, replicationFactor: nodes });
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = fork(join(root, 'scripts/soak/producer-process.mjs'), [], {
    cwd: root,
    execArgv: ['--expose-gc'],
    env: {
      ...process.env,
      BROKERS: cluster.bootstrapServers,
      TOPIC: topic,
      RATE: String(rate),
      RECORDS: String(records),
      SAMPLE_MS: String(sampleMs),
      INJECT_LEAK_BYTES: String(injectLeak),
    },
  });
  /** @type {import('./growth.mjs').Sample[]} */
  const samples = [];
  /** @type {any} */
  let result;
  child.on('message', (/** @type {any} */ message) => {
    if (message.kind === 'sample') {
      samples.push(message.sample);
      const last = message.sample;
      if (samples.length % Math.max(1, Math.round(10_000 / sampleMs)) === 0) {
        log(
          `${Math.round((last.ms - samples[0].ms) / 1000)} s: ${last.delivered.toLocaleString('en')} delivered, ${last.inFlight} in flight, RSS ${mb(last.rss)} MB, heap ${mb(last.heapUsed)} MB, fds ${last.fds}, threads ${last.threads}`,
        );
      }
    } else if (message.kind === 'done') result = message;
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const faults = startFaults(cluster, { kinds: faultKinds, everyMs: faultEveryS * 1000, stallMs: 4000, downMs: 5000, log });
  // No fault starts in the last fifth: the run ends on a settled cluster.
  const stopFaults = setTimeout(() => faults.stop(), durationS * 800);
  const status = await exited;
  clearTimeout(stopFaults);
  const injected = await faults.stop();
  if (status !== 0 || result === undefined) throw new Error(`the producer process exited with ${status} before reporting`);

  const onBroker = await recordsOnBroker(cluster.bootstrapServers, topic);
  const start = samples[0]?.ms ?? 0;
  const warmupUntilMs = start + (durationS * 1000) / 2;
  const growth = checkGrowth(samples, { warmupUntilMs, faults: injected, steadyInFlight: Math.max(1000, rate) });
  const outcomes = [
    {
      what: 'every record got one outcome',
      ok: result.delivered + result.failed === result.sent,
      detail: `${result.sent} sent, ${result.delivered} delivered, ${result.failed} failed`,
    },
    {
      what: 'every record was delivered',
      ok: result.failed === 0 && result.undelivered === 0,
      detail: `failures ${JSON.stringify(result.failures)}, ${result.undelivered} returned by close()`,
    },
    { what: 'the broker holds each delivered record once', ok: onBroker === result.delivered, detail: `${onBroker} on the broker` },
  ];

  const summary = {
    options: { durationS, records, rate, nodes, faultKinds, faultEveryS, sampleMs, injectLeak },
    producer: result,
    faults: injected.map((f) => ({ ...f, atS: Math.round((f.startMs - start) / 1000), seconds: (f.endMs - f.startMs) / 1000 })),
    elapsedS: Math.round(((samples.at(-1)?.ms ?? start) - start) / 1000),
    growth,
    outcomes,
  };
  writeFileSync(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(out, 'samples.json'), `${JSON.stringify(samples)}\n`);
  const columns = /** @type {const} */ ([
    'ms',
    'sent',
    'delivered',
    'failed',
    'inFlight',
    'rss',
    'heapUsed',
    'external',
    'arrayBuffers',
    'fds',
    'threads',
    'handles',
  ]);
  writeFileSync(join(out, 'samples.csv'), `${[columns.join(','), ...samples.map((s) => columns.map((c) => s[c]).join(','))].join('\n')}\n`);
  writeFileSync(join(out, 'soak.svg'), chart(samples, injected, warmupUntilMs, summary));

  log(
    `${result.sent.toLocaleString('en')} records in ${summary.elapsedS} s, ${injected.length} faults (${injected.map((f) => f.kind).join(', ')}), client errors ${JSON.stringify(result.clientErrors)}`,
  );
  for (const o of outcomes) log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.what}: ${o.detail}`);
  if (growth.problem) log(`FAIL ${growth.problem}`);
  for (const c of growth.checks)
    log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.metric}: ${c.value.toFixed(c.unit === 'bytes/record' ? 3 : 0)} ${c.unit} (limit ${c.limit})`);
  log(`${growth.steadySamples} steady samples after warm-up; results in ${out} (summary.json, samples.csv, soak.svg)`);
  passed = outcomes.every((o) => o.ok) && growth.ok;
  log(passed ? 'passed' : 'FAILED');
} finally {
  await cluster.stop();
}
process.exit(passed ? 0 : 1);

/** @param {number} bytes */
function mb(bytes) {
  return (bytes / 1048576).toFixed(1);
}

/**
 * Sum of the topic's end offsets (kafkajs, an independent client).
 *
 * @param {string} brokers
 * @param {string} topic
 */
async function recordsOnBroker(brokers, topic) {
  const admin = new Kafka({ clientId: 'ferrokafka-soak', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((total, p) => total + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * @param {import('./growth.mjs').Sample[]} samples
 * @param {import('./faults.mjs').Fault[]} faults
 * @param {number} warmupUntilMs
 * @param {{ options: { records: number, nodes: number }, producer: { sent: number } }} summary
 */
function chart(samples, faults, warmupUntilMs, summary) {
  const start = samples[0]?.ms ?? 0;
  const minutes = (/** @type {number} */ ms) => (ms - start) / 60_000;
  const series = (/** @type {string} */ name, /** @type {(s: import('./growth.mjs').Sample) => number} */ read) => ({
    name,
    points: samples.map((s) => /** @type {[number, number]} */ ([minutes(s.ms), read(s)])),
  });
  const rates = samples.slice(1).map((s, i) => {
    const previous = /** @type {import('./growth.mjs').Sample} */ (samples[i]);
    return /** @type {[number, number]} */ ([minutes(s.ms), ((s.delivered - previous.delivered) * 1000) / Math.max(1, s.ms - previous.ms)]);
  });
  return renderLineChart({
    title: `ferrokafka soak: ${summary.producer.sent.toLocaleString('en')} records, ${summary.options.nodes} broker(s), ${faults.length} faults`,
    xLabel: 'minutes',
    marker: { at: minutes(warmupUntilMs), label: 'end of warm-up' },
    bands: faults.map((f) => ({ from: minutes(f.startMs), to: minutes(f.endMs), label: `${f.kind} of node ${f.nodeId}` })),
    panels: [
      {
        title: 'Memory',
        unit: 'MB; heap after a full GC',
        series: [
          series('RSS', (s) => s.rss / 1048576),
          series('heap used', (s) => s.heapUsed / 1048576),
          series('external', (s) => s.external / 1048576),
          series('array buffers', (s) => s.arrayBuffers / 1048576),
        ],
      },
      {
        title: 'Handles',
        unit: 'count',
        series: [series('file descriptors', (s) => s.fds), series('threads', (s) => s.threads), series('active handles', (s) => s.handles)],
      },
      {
        title: 'Records',
        unit: 'records/s acknowledged; in flight',
        series: [{ name: 'delivered/s', points: rates }, series('in flight', (s) => s.inFlight), series('failed', (s) => s.failed)],
      },
    ],
  });
}
