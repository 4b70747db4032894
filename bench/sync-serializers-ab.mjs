// @ts-check
// A/B check that synchronous serializers keep their speed: two builds of ferrokafka (A and B, each a
// package root holding dist/ and native/) run the same workload, each run in a child process of its
// own against librdkafka's in-process mock cluster, alternating A and B, and the medians are
// compared. The workload: `produce()` with a callback, then `send()`, of 100-byte string values
// with `serializers.string` as key and value serializer.
//
//   node bench/sync-serializers-ab.mjs <rootA> <rootB> [--runs 5] [--records 300000]
//
// Per API: the hand-over alone (the synchronous calls: checks, serialization, staging, the native
// enqueue; no broker reachable, so librdkafka's threads stay idle), the fastest of 10 trials as CPU
// and wall time per record (the fastest trial is the least disturbed by other load on the
// machine), and end to end against the mock (until every record was acknowledged, records/s: the
// noisiest figure). Compare A and B within one run.
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  await child(/** @type {string} */ (process.argv[3]), Number(process.argv[4]));
} else {
  await parent(process.argv.slice(2));
}

/** @param {string[]} args */
async function parent(args) {
  const [rootA, rootB] = args;
  if (rootA === undefined || rootB === undefined) {
    console.error('usage: node bench/sync-serializers-ab.mjs <rootA> <rootB> [--runs 5] [--records 300000]');
    process.exit(2);
  }
  const option = (/** @type {string} */ name, /** @type {number} */ fallback) => {
    const at = args.indexOf(name);
    return at < 0 ? fallback : Number(args[at + 1]);
  };
  const runs = option('--runs', 5);
  const records = option('--records', 300_000);
  /** @type {Record<string, Array<Record<string, number>>>} */
  const results = { A: [], B: [] };
  for (let run = 0; run < runs; run++) {
    // Alternate which goes first, so a drift in the machine's load hits both alike.
    const order = run % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const variant of order) {
      const root = variant === 'A' ? rootA : rootB;
      const result = await runChild(root, records);
      /** @type {Array<Record<string, number>>} */ (results[variant]).push(result);
      console.error(`run ${run + 1}/${runs} ${variant}: ${JSON.stringify(result)}`);
    }
  }
  const metrics = Object.keys(/** @type {Record<string, number>} */ (results.A?.[0]));
  console.log(`| metric (median of ${runs}, ${records} records) | A | B | B/A |`);
  console.log('| --- | ---: | ---: | ---: |');
  for (const metric of metrics) {
    const a = median((results.A ?? []).map((result) => /** @type {number} */ (result[metric])));
    const b = median((results.B ?? []).map((result) => /** @type {number} */ (result[metric])));
    console.log(`| ${metric} | ${Math.round(a).toLocaleString('en')} | ${Math.round(b).toLocaleString('en')} | ${(b / a).toFixed(3)} |`);
  }
}

/** @param {string} root @param {number} records @returns {Promise<Record<string, number>>} */
function runChild(root, records) {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, ['--expose-gc', self, '--child', root, String(records)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    process_.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
    });
    process_.once('error', reject);
    process_.once('close', (code) => {
      if (code !== 0) reject(new Error(`the child for ${root} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
    });
  });
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? /** @type {number} */ (sorted[middle])
    : /** @type {number} */ (sorted[middle - 1] + /** @type {number} */ (sorted[middle])) / 2;
}

/** One measurement of the build at `root`; prints one JSON line. @param {string} root @param {number} records */
async function child(root, records) {
  const api = await import(pathToFileURL(`${root}/dist/esm/index.js`).href);
  const testing = await import(pathToFileURL(`${root}/dist/esm/testing/index.js`).href);
  const topic = 'ab';
  const value = 'v'.repeat(100);
  const keys = Array.from({ length: 100 }, (_, i) => `key-${i}`);
  /** @type {Record<string, number>} */
  const result = {};
  /** @param {string} bootstrapServers */
  const newProducer = (bootstrapServers) =>
    new api.Producer({
      bootstrapServers,
      keySerializer: api.serializers.string,
      valueSerializer: api.serializers.string,
      lingerMs: 5,
      queueMaxMessages: 2_000_000,
      queueMaxKbytes: 2_000_000,
      logger: () => undefined,
    });

  // 1. The hand-over alone: no broker is reachable, so librdkafka only queues the records and its
  //    threads stay idle; the loop's CPU time is the JS path and the native enqueue.
  const unreachable = newProducer('127.0.0.1:1');
  const trials = 10;
  const perTrial = Math.floor(records / trials);
  for (const apiName of ['produce', 'send']) {
    // A warm-up trial (JIT), then the measured ones; the fastest trial is the one least disturbed by other load.
    let bestWall = Number.POSITIVE_INFINITY;
    let bestCpu = Number.POSITIVE_INFINITY;
    for (let trial = -1; trial < trials; trial++) {
      globalThis.gc?.();
      const cpu = process.cpuUsage();
      const started = performance.now();
      if (apiName === 'produce') {
        for (let i = 0; i < perTrial; i++) unreachable.produce({ topic, key: keys[i % 100], value });
      } else {
        for (let i = 0; i < perTrial; i++) unreachable.send({ topic, key: keys[i % 100], value }).catch(() => undefined);
      }
      const elapsed = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (trial < 0) continue;
      bestWall = Math.min(bestWall, (elapsed * 1e6) / perTrial);
      bestCpu = Math.min(bestCpu, ((used.user + used.system) * 1000) / perTrial);
    }
    result[`${apiName} hand-over, best CPU ns/record`] = bestCpu;
    result[`${apiName} hand-over, best wall ns/record`] = bestWall;
  }
  await unreachable.close({ timeoutMs: 1 });

  // 2. End to end against librdkafka's in-process mock cluster, until every record was acknowledged.
  const mock = await testing.MockCluster.start({ brokers: 1 });
  await mock.createTopic(topic, { partitions: 3 });
  const producer = newProducer(mock.bootstrapServers);
  try {
    await producer.send({ topic, value: 'warm-up' });
    for (const apiName of ['produce', 'send']) {
      for (const measured of [false, true]) {
        const count = measured ? records : Math.floor(records / 5);
        globalThis.gc?.();
        let done = 0;
        /** @type {() => void} */
        let allDone = () => undefined;
        const finished = new Promise((resolve) => {
          allDone = () => resolve(undefined);
        });
        const onOutcome = () => {
          if (++done === count) allDone();
        };
        const started = performance.now();
        if (apiName === 'produce') {
          for (let i = 0; i < count; i++) producer.produce({ topic, key: keys[i % 100], value }, onOutcome);
        } else {
          for (let i = 0; i < count; i++) producer.send({ topic, key: keys[i % 100], value }).then(onOutcome, onOutcome);
        }
        await finished;
        if (measured) result[`${apiName} end to end (mock), records/s`] = count / ((performance.now() - started) / 1000);
      }
    }
  } finally {
    await producer.close({ timeoutMs: 10_000 });
    await mock.stop();
  }
  console.log(JSON.stringify(result));
}
