#!/usr/bin/env node
// @ts-check
// Benchmark entry point: `node bench/run.mjs [--quick] [--broker kafka|mock|both] [--only ferrokafka,raw]
// [--scenarios S1-100B]`. Installs what is missing; for each broker kind, starts the broker (a Kafka
// broker unless KAFKA_BOOTSTRAP_SERVERS is set, or librdkafka's mock cluster), runs every (scenario,
// client) in its own process, writes results/latest.* (kafka) or results/mock.*, and stops the broker;
// stops everything it started, also on failure.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startBroker } from './broker/broker.mjs';
import { startMockBroker } from './broker/mock-broker.mjs';
import { connectAdmin } from './broker/topics.mjs';
import { aggregate } from './report/aggregate.mjs';
import { clientVersions, describeEnvironment } from './report/environment.mjs';
import { resultsName, writeResults } from './report/write-results.mjs';
import { executeRun } from './runner/execute-run.mjs';
import { runPlan } from './runner/run-plan.mjs';
import { killLiveChildren } from './runner/spawn-run.mjs';
import { planRuns } from './scenarios/plan.mjs';
import { ensureNode24 } from './setup/node24.mjs';
import { ensurePeers } from './setup/peers.mjs';
import { pinProcess, planPinning } from './setup/pinning.mjs';
import { ensureSystemPackages } from './setup/system-packages.mjs';
import { ensureProductDist } from './setup/product-dist.mjs';
import { snapshotProduct } from './setup/product-snapshot.mjs';
import { buildRawBaseline } from './setup/raw-baseline.mjs';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    mode: { type: 'string' },
    only: { type: 'string' },
    scenarios: { type: 'string' },
    product: { type: 'string' },
    pin: { type: 'boolean', default: false },
    broker: { type: 'string', default: 'kafka' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log(`usage: node bench/run.mjs [--quick | --mode quick|full] [--only raw,ferrokafka,...]
  --quick        a ~2 minute smoke run (1 run of S1-100B, S2-batch1000, S3, S4 at 10k/s)
  --mode full    every scenario, 3 runs each (default; ~30 minutes on 2 cores)
  --only LIST    only the clients whose id starts with one of these (e.g. raw,ferrokafka,kafkajs)
  --scenarios LIST  only these scenarios of the mode (e.g. S1-100B,S6-queued1M)
  --broker KIND  kafka (default: a local Kafka broker, results/latest.*), mock (librdkafka's mock
                 cluster in its own process: the client's own cost, results/mock.*) or both
  --pin          broker on CPU 0, each client process on CPU 1 (taskset); writes results/pinned.*
                 (results/pinned-mock.* for the mock)
  --product DIR  measure the ferrokafka build in DIR (package.json, dist/esm, native/*.node) instead
                 of a snapshot of this working tree: for comparing two builds
  KAFKA_BOOTSTRAP_SERVERS=host:port  use that broker instead of starting one (kafka kind)`);
  process.exit(0);
}

const mode = flags.mode ?? (flags.quick ? 'quick' : 'full');
/** @type {import('./types.mjs').BrokerKind[]} */
const brokerKinds = flags.broker === 'both' ? ['kafka', 'mock'] : flags.broker === 'kafka' || flags.broker === 'mock' ? [flags.broker] : [];
if (brokerKinds.length === 0) {
  console.error(`--broker is kafka, mock or both, not ${JSON.stringify(flags.broker)}`);
  process.exit(2);
}
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
const stopBroker = async () => {
  const [stopping, disconnecting] = [broker, admin];
  [broker, admin] = [undefined, undefined];
  await disconnecting?.disconnect().catch(() => undefined);
  if (stopping !== undefined) {
    log(`stopping the ${stopping.kind} broker ...`);
    await stopping.stop().catch((error) => log(`could not stop the ${stopping.kind} broker: ${error.message}`));
  }
};
const cleanup = () =>
  (cleaning ??= (async () => {
    killLiveChildren();
    await stopBroker();
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
  product =
    flags.product === undefined ? snapshotProduct() : { root: `${resolve(flags.product)}/`, commit: `build in ${flags.product}`, dirtyFiles: 0 };
  log(
    `ferrokafka under test: commit ${product.commit}${product.dirtyFiles > 0 ? ` + ${product.dirtyFiles} uncommitted file(s)` : ''} (frozen copy in ${product.root})`,
  );
  /** @type {import('./types.mjs').Tools} */
  const tools = { node, rawBinary: raw.binary, rawUnavailable: raw.reason, productRoot: product.root };

  for (const kind of brokerKinds) {
    log(`starting the ${kind} broker ...`);
    broker = kind === 'mock' ? await startMockBroker(log) : await startBroker(log);
    if (flags.pin) {
      const pinning = planPinning();
      if (pinning === null || broker.pid === undefined) throw new Error('--pin needs 2 CPUs, taskset and a broker started here');
      pinProcess(broker.pid, pinning.brokerCpu);
      tools.clientCpu = pinning.clientCpu;
      log(`pinned: broker on CPU ${pinning.brokerCpu}, clients on CPU ${pinning.clientCpu}`);
    }
    admin = await connectAdmin(broker);
    const context = {
      bootstrapServers: broker.bootstrapServers,
      brokerKind: kind,
      brokerPid: broker.external ? undefined : broker.pid,
      admin,
      tools,
    };

    // The first producer on a fresh broker waits for the transaction coordinator (idempotence):
    // one discarded run lets that happen before anything is measured.
    log('warming up the broker ...');
    const warmup = plan.runs.find((run) => run.contender.id === 'ferrokafka-produce') ?? plan.runs[0];
    await executeRun({ ...warmup, scenario: { ...warmup.scenario, warmupMs: 500, durationMs: 1000 } }, context);

    log(`${plan.runs.length} runs on the ${kind} broker (${mode} mode, ${plan.repetitions} per cell)`);
    const sessionStarted = performance.now();
    const records = await runPlan(plan.runs, context, log);
    /** @type {import('./types.mjs').Results} */
    const results = {
      environment: {
        ...describeEnvironment({ node, broker, mode, pinned: tools.clientCpu !== undefined }),
        ferrokafka: { commit: product.commit, uncommittedFiles: product.dirtyFiles },
      },
      elapsedSeconds: (performance.now() - sessionStarted) / 1000,
      plan: { mode, repetitions: plan.repetitions, scenarios: plan.scenarios, contenders: plan.contenders.map((c) => c.id) },
      versions: clientVersions(records, plan.contenders),
      cells: aggregate(records),
      runs: records,
    };
    const written = writeResults(results, resultsName(kind, flags.pin));
    log(`wrote ${written.markdown}, ${written.json} and ${written.svg}`);
    await stopBroker();
  }
} catch (error) {
  log(`failed: ${/** @type {Error} */ (error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  log(`done in ${Math.round((performance.now() - started) / 1000)} s`);
}
