#!/usr/bin/env node
// @ts-check
// Benchmark entry point: `node bench/run.mjs [--quick] [--only ferrokafka,raw] [--scenarios S1-100B]`.
// Installs what is missing, starts a broker (unless KAFKA_BOOTSTRAP_SERVERS is set), runs every
// (scenario, client) in its own process, writes results/latest.{json,md,svg}, and stops everything
// it started, also on failure.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startBroker } from './broker/broker.mjs';
import { connectAdmin } from './broker/topics.mjs';
import { aggregate } from './report/aggregate.mjs';
import { clientVersions, describeEnvironment } from './report/environment.mjs';
import { writeResults } from './report/write-results.mjs';
import { executeRun } from './runner/execute-run.mjs';
import { killLiveChildren } from './runner/spawn-run.mjs';
import { planRuns } from './scenarios/plan.mjs';
import { ensureNode24 } from './setup/node24.mjs';
import { ensurePeers } from './setup/peers.mjs';
import { pinProcess, planPinning } from './setup/pinning.mjs';
import { ensureSystemPackages } from './setup/system-packages.mjs';
import { ensureProductDist } from './setup/product-dist.mjs';
import { snapshotProduct } from './setup/product-snapshot.mjs';
import { buildRawBaseline } from './setup/raw-baseline.mjs';
import { buildJavaHarness } from './setup/java-harness.mjs';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    mode: { type: 'string' },
    only: { type: 'string' },
    scenarios: { type: 'string' },
    product: { type: 'string' },
    pin: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log(`usage: node bench/run.mjs [--quick | --mode quick|full] [--only raw,ferrokafka,...]
  --quick        a ~2 minute smoke run (1 run of S1-100B, S2-batch1000, S3, S4 at 10k/s)
  --mode full    every scenario, 3 runs each (default; ~30 minutes on 2 cores)
  --only LIST    only the clients whose id starts with one of these (e.g. raw,ferrokafka,kafkajs)
  --scenarios LIST  only these scenarios of the mode (e.g. S1-100B,S6-queued1M)
  --pin          broker on CPU 0, each client process on CPU 1 (taskset); writes results/pinned.*
  --product DIR  measure the ferrokafka build in DIR (package.json, dist/esm, native/*.node) instead
                 of a snapshot of this working tree: for comparing two builds
  KAFKA_BOOTSTRAP_SERVERS=host:port  use that broker instead of starting one`);
  process.exit(0);
}

const mode = flags.mode ?? (flags.quick ? 'quick' : 'full');
const LOGS = fileURLToPath(new URL('./.build/', import.meta.url));
mkdirSync(LOGS, { recursive: true });
const started = performance.now();
/** @type {import('./types.mjs').Log} */
const log = (line) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** @type {import('./types.mjs').Broker | undefined} */
let broker;
/** @type {import('./types.mjs').Admin | undefined} */
let admin;
/** @type {{ root: string, commit: string, dirtyFiles: number } | undefined} */
let product;
/** @type {Promise<void> | undefined} */
let cleaning;
const cleanup = () =>
  (cleaning ??= (async () => {
    killLiveChildren();
    await admin?.disconnect().catch(() => undefined);
    if (broker !== undefined) {
      log('stopping the broker ...');
      await broker.stop().catch((error) => log(`could not stop the broker: ${error.message}`));
    }
  })());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    cleanup().finally(() => process.exit(130));
  });
}

try {
  const list = (/** @type {string | undefined} */ text) => text?.split(',').map((name) => name.trim());
  const plan = planRuns(mode, { only: list(flags.only), scenarios: list(flags.scenarios) });
  await ensureProductDist(log, `${LOGS}build-ts.log`);
  const node = await ensureNode24(log, `${LOGS}node24.log`);
  await ensureSystemPackages(log, `${LOGS}install.log`);
  // node-rdkafka, confluent, platformatic and kafka-crab-js are bench/package.json's optional dependencies.
  const optionalPeers = plan.contenders.some((c) => c.role === 'peer' && c.client !== 'kafkajs');
  await ensurePeers(node, log, `${LOGS}install.log`, optionalPeers);
  const raw = plan.contenders.some((c) => c.client === 'raw-librdkafka')
    ? await buildRawBaseline(log, `${LOGS}raw-build.log`)
    : { binary: null, reason: 'not selected' };
  if (raw.binary === null) log(`raw baseline unavailable: ${raw.reason}`);
  const java = plan.contenders.some((c) => c.client === 'java')
    ? await buildJavaHarness(log, `${LOGS}java-build.log`)
    : { java: null, reason: 'not selected' };
  if (java.java === null) log(`Java producer unavailable: ${java.reason}`);
  product =
    flags.product === undefined ? snapshotProduct() : { root: `${resolve(flags.product)}/`, commit: `build in ${flags.product}`, dirtyFiles: 0 };
  log(
    `ferrokafka under test: commit ${product.commit}${product.dirtyFiles > 0 ? ` + ${product.dirtyFiles} uncommitted file(s)` : ''} (frozen copy in ${product.root})`,
  );
  /** @type {import('./types.mjs').Tools} */
  const tools = { node, rawBinary: raw.binary, rawUnavailable: raw.reason, java: java.java, javaUnavailable: java.reason, productRoot: product.root };

  log('starting the broker ...');
  broker = await startBroker(log);
  if (flags.pin) {
    const pinning = planPinning();
    if (pinning === null || broker.pid === undefined) throw new Error('--pin needs 2 CPUs, taskset and a broker started here');
    pinProcess(broker.pid, pinning.brokerCpu);
    tools.clientCpu = pinning.clientCpu;
    log(`pinned: broker on CPU ${pinning.brokerCpu}, clients on CPU ${pinning.clientCpu}`);
  }
  admin = await connectAdmin(broker.bootstrapServers);
  const context = { bootstrapServers: broker.bootstrapServers, admin, tools };

  // The first producer on a fresh broker waits for the transaction coordinator (idempotence):
  // one discarded run lets that happen before anything is measured.
  log('warming up the broker ...');
  const warmup = plan.runs.find((run) => run.contender.id === 'ferrokafka-produce') ?? plan.runs[0];
  await executeRun({ ...warmup, scenario: { ...warmup.scenario, warmupMs: 500, durationMs: 1000 } }, context);

  log(`${plan.runs.length} runs (${mode} mode, ${plan.repetitions} per cell)`);
  const records = [];
  for (const [index, run] of plan.runs.entries()) {
    /** @type {import('./types.mjs').RunRecord | undefined} */
    let record;
    for (let attempt = 1; record === undefined; attempt++) {
      try {
        record = await executeRun(run, context);
      } catch (error) {
        // The harness (topic admin), not the client, failed: try once more before recording it.
        const failure = /** @type {Error} */ (error);
        if (attempt < 2) {
          log(`harness error, retrying the run: ${failure.message}`);
          await new Promise((resolve) => setTimeout(resolve, 1000));
          continue;
        }
        record = { scenario: run.scenario.id, contender: run.contender.id, rep: run.rep, status: 'failed', reason: `harness: ${failure.message}` };
      }
    }
    records.push(record);
    const what =
      record.status === 'ok'
        ? `${Math.round(record.msgPerSec)} msg/s${record.latencyMs ? `, p99 ${record.latencyMs.p99.toFixed(2)} ms` : ''}${record.saturated ? ' (saturated)' : ''}`
        : `${record.status.toUpperCase()}: ${record.reason}`;
    log(
      `[${index + 1}/${plan.runs.length}] ${run.scenario.id} ${run.contender.id} #${run.rep}: ${what} (${((record.wallMs ?? 0) / 1000).toFixed(1)} s)`,
    );
  }

  /** @type {typeof import('../lib/testing/index.js')} the compiled lib/testing */
  const { DEFAULT_KAFKA_VERSION } = await import(new URL('../dist/esm/testing/index.js', import.meta.url).href);
  /** @type {import('./types.mjs').Results} */
  const results = {
    environment: {
      ...describeEnvironment({
        node,
        kafkaVersion: broker.external ? 'external' : DEFAULT_KAFKA_VERSION,
        broker,
        mode,
        pinned: tools.clientCpu !== undefined,
      }),
      ferrokafka: { commit: product.commit, uncommittedFiles: product.dirtyFiles },
    },
    elapsedSeconds: (performance.now() - started) / 1000,
    plan: { mode, repetitions: plan.repetitions, scenarios: plan.scenarios, contenders: plan.contenders.map((c) => c.id) },
    versions: clientVersions(records, plan.contenders),
    cells: aggregate(records),
    runs: records,
  };
  const written = writeResults(results, flags.pin ? 'pinned' : 'latest');
  log(`wrote ${written.markdown}, ${written.json} and ${written.svg}`);
} catch (error) {
  log(`failed: ${/** @type {Error} */ (error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  log(`done in ${Math.round((performance.now() - started) / 1000)} s`);
}
