// @ts-check
// The `mock` broker kind: librdkafka's mock cluster (no JVM, no disk) in its own process
// (mock-host.mjs), so that the broker side costs the client under test nothing in its own CPU
// accounting and very little of the shared cores. Stopped by pid, like the Kafka broker.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HARNESS = new URL('../../dist/esm/testing/index.js', import.meta.url);
const HOST = fileURLToPath(new URL('./mock-host.mjs', import.meta.url));
/** One broker, as the Kafka kind: the same topology (3 partitions, one leader, RF 1). */
const BROKERS = 1;
const START_TIMEOUT_MS = 30_000;
const COMMAND_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;

/**
 * @param {import('../types.mjs').Log} log
 * @returns {Promise<import('../types.mjs').Broker>}
 */
export async function startMockBroker(log) {
  if (!existsSync(HARNESS)) throw new Error(`${HARNESS.pathname} is missing: run \`npm run build:ts\` in the repo root`);
  const host = spawn(process.execPath, [HOST, HARNESS.href, String(BROKERS)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = host.pid;
  if (pid === undefined) throw new Error('could not start the mock cluster host process');
  let stderr = '';
  host.stderr.setEncoding('utf8').on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => host.once('exit', (code, signal) => resolve(signal ?? code)));

  /** @type {Map<number, (answer: { ok: boolean, error?: string }) => void>} */
  const pending = new Map();
  /** @type {(line: { bootstrapServers: string }) => void} */
  let onReady = () => undefined;
  const ready = new Promise((resolve) => (onReady = resolve));
  createInterface({ input: host.stdout }).on('line', (line) => {
    const message = JSON.parse(line);
    if (typeof message.bootstrapServers === 'string') onReady(message);
    else pending.get(message.id)?.(message);
  });

  const stop = async () => {
    if (host.exitCode !== null || host.signalCode !== null) return;
    const peak = peakRssMb(pid);
    if (peak !== null) log(`mock cluster host: peak RSS ${peak.toFixed(0)} MB (its topics are never deleted)`);
    process.kill(pid, 'SIGTERM');
    const gone = await Promise.race([exited.then(() => true), delay(STOP_GRACE_MS).then(() => false)]);
    if (!gone) process.kill(pid, 'SIGKILL');
  };
  const started = await Promise.race([
    ready,
    exited.then((how) => new Error(`the mock cluster host exited (${how}) before it was ready: ${stderr.trim()}`)),
    delay(START_TIMEOUT_MS).then(() => new Error(`the mock cluster host was not ready within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`)),
  ]);
  if (started instanceof Error) {
    await stop();
    throw started;
  }
  log(`mock cluster (librdkafka, ${BROKERS} broker) up in process ${pid} at ${started.bootstrapServers}`);

  let nextId = 0;
  return {
    kind: 'mock',
    version: 'librdkafka mock cluster',
    bootstrapServers: started.bootstrapServers,
    pid,
    external: false,
    stop,
    /**
     * @param {string} topic
     * @param {number} partitions
     */
    async createTopic(topic, partitions) {
      const id = nextId++;
      const answer = new Promise((resolve) => pending.set(id, resolve));
      host.stdin.write(`${JSON.stringify({ id, op: 'createTopic', topic, partitions })}\n`);
      const outcome = await Promise.race([answer, delay(COMMAND_TIMEOUT_MS).then(() => ({ ok: false, error: 'no answer from the mock host' }))]);
      pending.delete(id);
      if (!outcome.ok) throw new Error(`mock cluster: could not create topic ${topic}: ${outcome.error}`);
    },
  };
}

/**
 * VmHWM of a process, from /proc.
 *
 * @param {number} pid
 */
function peakRssMb(pid) {
  try {
    const kib = /VmHWM:\s*(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? null : Number(kib) / 1024;
  } catch {
    return null;
  }
}

/** @param {number} ms */
function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
