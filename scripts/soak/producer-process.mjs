// @ts-check
// The process under test in a soak run (forked by run.mjs, with --expose-gc): one producer
// sending records at a steady rate, and a sample of its own resources every interval, sent to
// the parent over IPC. Its own process, so the broker harness's child processes, pipes and
// timers do not count in its file descriptors, threads and handles.
// Env: BROKERS, TOPIC, RATE (records/s), RECORDS (total), SAMPLE_MS, INJECT_LEAK_BYTES (per
// 1,000 records, kept forever: the self-test that the growth check catches a leak).
import { readdirSync } from 'node:fs';

import { Producer } from 'ferrokafka';

const env = (/** @type {string} */ name) => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`producer-process.mjs needs ${name}`);
  return value;
};
const topic = env('TOPIC');
const rate = Number(env('RATE'));
const total = Number(env('RECORDS'));
const sampleMs = Number(env('SAMPLE_MS'));
const injectLeakBytes = Number(process.env.INJECT_LEAK_BYTES ?? '0');
const gc = /** @type {() => void} */ (globalThis.gc);
if (typeof gc !== 'function') throw new Error('producer-process.mjs must run with --expose-gc');
const send = (/** @type {object} */ message) => process.send?.(message);
// The parent gone (it failed or was interrupted): nothing would read the samples, stop.
process.once('disconnect', () => process.exit(1));

// Records that are not yet acknowledged, at most: a broker outage of this many seconds at the
// target rate queues without blocking the sender.
const maxInFlight = Math.max(10_000, rate * 60);
const producer = new Producer({
  bootstrapServers: env('BROKERS'),
  lingerMs: 5,
  queueMaxMessages: maxInFlight + 1000,
  logger: () => undefined,
});
/** @type {Record<string, number>} */
const clientErrors = {};
producer.on('error', (error) => {
  clientErrors[error.type] = (clientErrors[error.type] ?? 0) + 1;
});

const value = Buffer.alloc(200, 'v');
/** @type {Record<string, number>} */
const failures = {};
const leaked = [];
let sent = 0;
let delivered = 0;
let failed = 0;
/** @param {Error | null} error */
const onOutcome = (error) => {
  if (error === null) delivered++;
  else {
    failed++;
    const type = /** @type {{ type?: string }} */ (error).type ?? error.name;
    failures[type] = (failures[type] ?? 0) + 1;
  }
};

/** @param {boolean} closed whether the producer is closed (the last sample) */
function sample(closed = false) {
  gc();
  const memory = process.memoryUsage();
  send({
    kind: 'sample',
    sample: {
      ms: Date.now(),
      closed,
      sent,
      delivered,
      failed,
      inFlight: sent - delivered - failed,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      fds: readdirSync('/proc/self/fd').length,
      threads: readdirSync('/proc/self/task').length,
      handles: process.getActiveResourcesInfo().length,
    },
  });
}

const started = Date.now();
const sampler = setInterval(() => sample(), sampleMs);
sample();
// Every 10 ms, send what the rate allows so far (every 10th record through send()'s promise,
// the others through produce()'s callback), while fewer than maxInFlight are unacknowledged.
await new Promise((resolve) => {
  const pace = setInterval(() => {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
    while (sent < due && sent - delivered - failed < maxInFlight) {
      const record = { topic, key: `key-${sent % 1000}`, value };
      if (sent % 10 === 0) producer.send(record).then(() => onOutcome(null), onOutcome);
      else producer.produce(record, onOutcome);
      sent++;
      if (injectLeakBytes > 0 && sent % 1000 === 0) leaked.push(Buffer.alloc(injectLeakBytes, 1));
    }
    if (sent >= total) {
      clearInterval(pace);
      resolve(undefined);
    }
  }, 10);
});
// Sampling stops while close() runs: it flushes on a thread of its own, which is not a leak.
clearInterval(sampler);
const undelivered = await producer.close({ timeoutMs: 120_000 });
// Outcomes of send() arrive on promise jobs after close resolves.
await new Promise((resolve) => setTimeout(resolve, 100));
sample(true);
send({ kind: 'done', sent, delivered, failed, failures, undelivered: undelivered.length, clientErrors, leakedBuffers: leaked.length });
process.removeAllListeners('disconnect');
process.disconnect?.();
