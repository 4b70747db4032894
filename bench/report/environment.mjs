// @ts-check
// What the numbers were measured on: machine, Node, broker and the librdkafka inside each client.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';

/**
 * @param {{ node: string, broker: import('../types.mjs').Broker, mode: string, pinned: boolean }} what
 * @returns {Omit<import('../types.mjs').Environment, 'ferrokafka'>}
 */
export function describeEnvironment({ node, broker, mode, pinned }) {
  const cpuInfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuInfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return {
    date: new Date().toISOString(),
    mode,
    cpuModel: model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    nodeForClients: execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(),
    nodeForOrchestrator: process.version,
    brokerKind: broker.kind,
    kafka: { version: broker.version, bootstrapServers: broker.bootstrapServers, external: broker.external, partitions: 3, replicationFactor: 1 },
    pinned,
    note: [
      pinned
        ? 'Pinned: the broker runs on CPU 0 and each client process (all its threads) on CPU 1, so a client is limited by its own CPU cost.'
        : 'The broker shares the 2 cores with the client under test.',
      broker.kind === 'mock'
        ? "The broker is librdkafka's mock cluster in a process of its own: no JVM, no disk, no replication, so it costs far less CPU than Kafka and the client's own cost decides the numbers."
        : '',
      'The machine is shared with other work: expect noise; compare ratios within one run.',
    ]
      .filter(Boolean)
      .join(' '),
  };
}

/**
 * Client and librdkafka versions as each client reported them in its runs.
 *
 * @param {import('../types.mjs').RunRecord[]} runs
 * @param {import('../types.mjs').Contender[]} contenders
 * @returns {Record<string, import('../types.mjs').Versions>}
 */
export function clientVersions(runs, contenders) {
  /** @type {Record<string, import('../types.mjs').Versions>} */
  const versions = {};
  for (const run of runs) {
    if (!run.versions) continue;
    const client = contenders.find((c) => c.id === run.contender)?.client ?? run.contender;
    versions[client] ??= run.versions;
  }
  return versions;
}
