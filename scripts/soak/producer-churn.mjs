#!/usr/bin/env node
// @ts-check
// Thousands of producers created and closed, and a thousand dropped (never closed) with records
// in flight: afterwards the process must be back to its threads and file descriptors, its RSS
// within a bound and flat over the second half of the producers, every record reported, every dropped producer collected, and all of it
// within a deadline (no hang).
//
//   npm run soak:producers                              2,000 closed + 1,000 dropped, own broker
//   npm run soak:producers -- --closed 200 --dropped 100
// With BROKERS set (the test suite's broker) it measures in this process; without, it starts
// a broker and measures in a child process, so the broker's pipes are not counted.
// Prints one JSON line with the figures; exits 1 when a check fails.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { closed: { type: 'string', default: '2000' }, dropped: { type: 'string', default: '1000' }, topic: { type: 'string' } },
});
const closedCount = Number(values.closed);
const droppedCount = Number(values.dropped);

if (!process.env.BROKERS) {
  const { createScriptTopic, startScriptBroker } = await import('../broker/script-broker.mjs');
  const cluster = await startScriptBroker();
  let status = 1;
  try {
    const topic = `churn-${Date.now()}`;
    await createScriptTopic(cluster.bootstrapServers, topic, { partitions: 3 });
    const args = [
      '--expose-gc',
      fileURLToPath(import.meta.url),
      '--closed',
      String(closedCount),
      '--dropped',
      String(droppedCount),
      '--topic',
      topic,
    ];
    status = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, BROKERS: cluster.bootstrapServers } }).status ?? 1;
  } finally {
    await cluster.stop();
  }
  process.exit(status);
}

const { Producer } = await import('ferrokafka');
const brokers = process.env.BROKERS;
const topic = values.topic ?? 'churn';
const gc = /** @type {() => void} */ (globalThis.gc);
if (typeof gc !== 'function') throw new Error('producer-churn.mjs must run with --expose-gc');
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const logger = () => undefined;
const threads = () => readdirSync('/proc/self/task').length;
const fds = () => readdirSync('/proc/self/fd').length;
const rssMb = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024);
const settle = async () => {
  for (let i = 0; i < 5; i++) {
    gc();
    await sleep(50);
  }
  return { threads: threads(), fds: fds(), rssMb: rssMb() };
};

const started = Date.now();
// No hang: the whole run has a deadline (about 4 times what the busy 2-core machine needed).
const deadlineS = 120 + 0.3 * (closedCount + droppedCount);
setTimeout(() => {
  console.log(JSON.stringify({ failed: [`not finished within ${deadlineS} s: a producer hung`] }));
  process.exit(1);
}, deadlineS * 1000).unref();
// The first producer starts what a process starts once (libuv's pool, OpenSSL, the addon).
await new Producer({ bootstrapServers: brokers, logger }).close();
const baseline = await settle();

// Created, used and closed, 10 at a time: each sends one record and closes.
let closedDelivered = 0;
/** @type {{ threads: number, fds: number, rssMb: number } | undefined} */
let halfClosed;
for (let i = 0; i < closedCount; i += 10) {
  if (i === Math.floor(closedCount / 20) * 10) halfClosed = await settle();
  await Promise.all(
    Array.from({ length: Math.min(10, closedCount - i) }, async () => {
      const producer = new Producer({ bootstrapServers: brokers, logger });
      await producer.send({ topic, value: 'closed' });
      closedDelivered++;
      const undelivered = await producer.close();
      if (undelivered.length > 0) throw new Error(`close() returned ${undelivered.length} undelivered records`);
    }),
  );
  if ((i + 10) % 500 === 0) console.log(`${i + 10} producers closed: threads ${threads()}, fds ${fds()}, RSS ${rssMb()} MB`);
}
const afterClosed = await settle();
const closedSeconds = (Date.now() - started) / 1000;

// Dropped in waves of 50 with 5 records each still lingering: each must report its records,
// then be collected with its librdkafka instance. Waves bound the threads alive at once.
const registry = new FinalizationRegistry(() => collected++);
let collected = 0;
let reported = 0;
let reportedErrors = 0;
/**
 * Creates producers `from` to `to` - 1, each with 5 records lingering, and returns without
 * keeping them: a function of its own, so no variable of the (suspended) caller's frame can
 * still point at the last one.
 *
 * @param {number} from
 * @param {number} to
 */
function dropWave(from, to) {
  for (let j = from; j < to; j++) {
    const producer = new Producer({ bootstrapServers: brokers, lingerMs: 200, logger });
    registry.register(producer, j);
    for (let r = 0; r < 5; r++) {
      producer.produce({ topic, value: `dropped ${j}.${r}` }, (error) => {
        reported++;
        if (error !== null) reportedErrors++;
      });
    }
  }
}
for (let i = 0; i < droppedCount; i += 50) {
  const to = Math.min(droppedCount, i + 50);
  dropWave(i, to);
  for (let k = 0; k < 600 && reported < to * 5; k++) await sleep(50);
  gc();
}
for (let k = 0; k < 600 && (collected < droppedCount || threads() > baseline.threads + 5); k++) {
  gc();
  await sleep(100);
}
const after = await settle();
const seconds = (Date.now() - started) / 1000;

const checks = [
  { what: 'closed producers delivered their records', ok: closedDelivered === closedCount },
  { what: 'every record of a dropped producer was reported once, delivered', ok: reported === droppedCount * 5 && reportedErrors === 0 },
  { what: 'every dropped producer was collected', ok: collected === droppedCount },
  { what: 'threads back to baseline (+5)', ok: afterClosed.threads <= baseline.threads + 5 && after.threads <= baseline.threads + 5 },
  { what: 'file descriptors back to baseline (+10)', ok: afterClosed.fds <= baseline.fds + 10 && after.fds <= baseline.fds + 10 },
  // RSS rises over the first few hundred producers and then levels off (allocator and V8 heap
  // high-water marks): +31 MB after 200, +50-60 after 500, +70 after 1,000, +71-77 after
  // 1,500, +80 after 2,000 closed and 1,000 dropped.
  { what: 'RSS within 128 MB of baseline', ok: after.rssMb - baseline.rssMb <= 128 },
  // From 1,000 producers on, the second half of them may add at most 16 KB each: a leaked
  // librdkafka instance holds far more (its buffers and threads' stacks).
  {
    what: 'RSS flat over the second half of the closed producers (16 KB per producer at most)',
    ok:
      closedCount < 1000 ||
      halfClosed === undefined ||
      (afterClosed.rssMb - halfClosed.rssMb) * 1024 <= 16 * (closedCount - Math.floor(closedCount / 20) * 10),
  },
];
const failed = checks.filter((c) => !c.ok).map((c) => c.what);
console.log(
  JSON.stringify({
    closed: closedCount,
    dropped: droppedCount,
    baseline,
    halfClosed,
    afterClosed,
    after,
    closedSeconds: Math.round(closedSeconds),
    seconds: Math.round(seconds),
    reported,
    collected,
    failed,
  }),
);
process.exit(failed.length === 0 ? 0 : 1);
