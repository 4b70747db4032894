// @ts-check
// One run end to end: fresh topic, the client's own process, verification against end offsets,
// topic deleted. Returns the run's record for the results file.
import { fileURLToPath } from 'node:url';

import { processCpuUs } from '../broker/process-cpu.mjs';
import { COMMON_SETTINGS } from '../scenarios/settings.mjs';
import { onCpu } from '../setup/pinning.mjs';
import { runProcess } from './spawn-run.mjs';
import { verifyRun } from './verify.mjs';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));
const OPEN_AND_DRAIN_ALLOWANCE_MS = 120_000;

/**
 * @param {import('../types.mjs').PlannedRun} run
 * @param {import('../types.mjs').RunContext} context
 * @returns {Promise<import('../types.mjs').RunRecord>}
 */
export async function executeRun(run, { bootstrapServers, brokerKind, brokerPid, admin, tools }) {
  const { scenario, contender } = run;
  const record = { scenario: scenario.id, contender: contender.id, rep: run.rep };
  if (contender.client === 'raw-librdkafka' && tools.rawBinary === null) {
    return { ...record, status: 'not-run', reason: tools.rawUnavailable };
  }
  if (contender.client === 'java' && brokerKind === 'mock') {
    // Seen in a thread dump: KafkaProducer.send() blocks in waitOnMetadata until its timeout.
    return { ...record, status: 'not-run', reason: "kafka-clients never gets the metadata it waits for from librdkafka's mock cluster" };
  }
  if (contender.client === 'java' && !tools.java) {
    return { ...record, status: 'not-run', reason: tools.javaUnavailable ?? 'the Java harness was not built' };
  }
  const topic = await admin.createTopic(`${scenario.id}-${contender.id}`);
  try {
    /** @type {import('../types.mjs').RunSpec} */
    const spec = {
      client: contender.client,
      api: contender.api,
      bootstrapServers,
      topic,
      acks: COMMON_SETTINGS.acks,
      idempotence: COMMON_SETTINGS.idempotence,
      lingerMs: scenario.lingerMs,
      compression: scenario.compression,
      load: scenario.load,
      size: scenario.size,
      window: scenario.window,
      rate: scenario.rate,
      batchSize: scenario.batchSize,
      count: scenario.count,
      queueMessages: scenario.queueMessages,
      warmupMs: Math.max(scenario.warmupMs, contender.minWarmupMs ?? 0),
      durationMs: scenario.durationMs,
      latency: scenario.latency,
      productRoot: tools.productRoot,
    };
    const [program, programArgs] =
      // (a raw or Java run without its program returned above)
      contender.client === 'raw-librdkafka' && tools.rawBinary !== null
        ? [tools.rawBinary, specFlags(spec)]
        : contender.client === 'java' && tools.java
          ? [tools.java.command, [...tools.java.args, ...specFlags(spec)]]
          : [tools.node, [...profiling(), CHILD, JSON.stringify(spec)]];
    const [command, args] = tools.clientCpu === undefined ? [program, programArgs] : onCpu(tools.clientCpu, program, programArgs);
    const timeoutMs = spec.warmupMs + scenario.durationMs + OPEN_AND_DRAIN_ALLOWANCE_MS;
    const brokerCpuBefore = processCpuUs(brokerPid);
    const outcome = await runProcess(command, args, { timeoutMs });
    const brokerCpuAfter = processCpuUs(brokerPid);
    const result = outcome.result;
    const wallMs = Math.round(outcome.wallMs);
    if (outcome.timedOut) return { ...record, status: 'failed', reason: `killed after ${timeoutMs} ms`, wallMs };
    if (result === null) {
      return { ...record, status: 'failed', reason: `exit ${outcome.exitCode}, no result: ${outcome.stderrTail.slice(-600)}`, wallMs };
    }
    if (result.notRun) return { ...record, status: 'not-run', reason: result.notRun, wallMs };
    if (!result.ok) return { ...record, status: 'failed', reason: result.error, wallMs };
    const endOffsetDelta = await admin.endOffsetTotal(topic);
    const { measured } = result;
    return {
      ...record,
      ...verifyRun(result, endOffsetDelta),
      wallMs,
      msgPerSec: measured.seconds > 0 ? measured.acked / measured.seconds : 0,
      mbPerSec: measured.seconds > 0 ? (measured.acked * scenario.size) / measured.seconds / 1e6 : 0,
      cpuUsPerMsg: measured.acked > 0 ? measured.cpuUs / measured.acked : null,
      // Over the client process's whole life (warm-up included), so per record of the whole run.
      brokerCpuUsPerMsg:
        brokerCpuBefore !== null && brokerCpuAfter !== null && result.acked > 0 ? (brokerCpuAfter - brokerCpuBefore) / result.acked : null,
      peakRssMb: result.peakRssMb,
      idleRssMb: result.idleRssMb,
      latencyMs: result.latencyMs,
      eventLoopDelayP99Ms: result.eventLoopDelayP99Ms,
      saturated: result.saturated ?? false,
      counts: { submitted: result.submitted, acked: result.acked, failed: result.failed, endOffsetDelta, measuredAcked: measured.acked },
      versions: result.versions ?? { client: null, librdkafka: result.librdkafkaVersion ?? null },
    };
  } finally {
    await admin.deleteTopic(topic);
  }
}

/** BENCH_CPU_PROF=<dir>: the Node client processes write V8 CPU profiles there. */
function profiling() {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
}

/**
 * The run spec as `--name value` flags, for the programs that are not Node: the raw baseline (which
 * ignores acks and idempotence: it always sets acks=all and idempotence) and the Java harness.
 *
 * @param {import('../types.mjs').RunSpec} spec
 * @returns {string[]}
 */
function specFlags(spec) {
  const args = {
    bootstrap: spec.bootstrapServers,
    topic: spec.topic,
    mode: spec.load,
    size: spec.size,
    acks: spec.acks,
    idempotence: spec.idempotence,
    compression: spec.compression,
    'linger-ms': spec.lingerMs,
    'warmup-ms': spec.warmupMs,
    'duration-ms': spec.durationMs,
    window: spec.window,
    rate: spec.rate,
    count: spec.count,
    'queue-messages': spec.queueMessages,
    latency: spec.latency,
  };
  return Object.entries(args)
    .filter(([, value]) => value !== undefined)
    .flatMap(([name, value]) => [`--${name}`, String(value)]);
}
