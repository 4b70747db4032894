import { setTimeout as sleep } from 'node:timers/promises';

import { Kafka, logLevel } from 'kafkajs';

import { Producer } from '../../lib/index.js';
import { startKafka, type KafkaCluster } from '../../lib/testing/index.js';
import { leaderOf, waitForFullIsr } from './cluster-metadata.js';
import { readSequences } from './read-sequences.js';
import { checkSequences, type SequenceCheck } from './sequence-check.js';

export interface KillRunOptions {
  /** numbered records to send (0..records-1, the number is the value) */
  records: number;
  /** how many times a partition leader is SIGKILLed and restarted */
  kills: number;
  partitions: number;
  /** how long a killed node stays down while records keep coming, ms */
  downMs: number;
  log: (line: string) => void;
}

export interface KillRecord {
  node: number;
  pid: number;
  partition: number;
  /** records sent but not yet acknowledged when the SIGKILL went out */
  inFlight: number;
}

export interface KillRunResult {
  check: SequenceCheck;
  kills: KillRecord[];
  /** records whose send() rejected, with the first few reasons */
  failed: number;
  failures: string[];
  /** 'error' events of the producer (e.g. the lost connection) */
  clientErrors: number;
  /** pids of the cluster's JVMs still alive after stop() (must be none) */
  survivors: number[];
  produceSeconds: number;
  readSeconds: number;
  totalSeconds: number;
}

const TOPIC = 'numbered';
const REPLICAS = 3;
const STEP_TIMEOUT_MS = 120_000;

/**
 * Starts a 3-node cluster of its own, sends `records` numbered records with an idempotent acks=all
 * producer to an RF 3 / min.insync.replicas 2 topic, SIGKILLs the current leader of a partition
 * (asked of the cluster each time) `kills` times while records are in flight, restarting it each
 * time, then reads the topic back with KafkaJS. Every JVM is stopped by pid, also on failure.
 */
export async function runKillTest(options: KillRunOptions): Promise<KillRunResult> {
  const { records, kills, partitions, downMs, log } = options;
  const started = Date.now();
  let cluster: KafkaCluster | undefined;
  let producer: Producer | undefined;
  const kafka = (servers: string): Kafka =>
    new Kafka({
      clientId: 'ferrokafka-kill-test',
      brokers: servers.split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 20, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
  let admin: ReturnType<Kafka['admin']> | undefined;
  const pids = new Set<number>();
  try {
    cluster = await startKafka({
      nodes: 3,
      // a killed broker is fenced after 6 s instead of 9 s: shorter leader moves, same path
      brokerProperties: { 'broker.session.timeout.ms': '6000', 'broker.heartbeat.interval.ms': '1000' },
    });
    for (const node of cluster.nodeIds) pids.add(cluster.pid(node) ?? -1);
    log(`3 nodes at ${cluster.bootstrapServers} after ${seconds(started)} s`);
    const client = kafka(cluster.bootstrapServers);
    admin = client.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: TOPIC, numPartitions: partitions, replicationFactor: REPLICAS, configEntries: [{ name: 'min.insync.replicas', value: '2' }] },
      ],
      // KafkaJS's own wait gives up when a node does not know the new topic yet; ours retries
      waitForLeaders: false,
    });
    await waitForFullIsr(admin, TOPIC, partitions, REPLICAS, STEP_TIMEOUT_MS);

    producer = new Producer({ bootstrapServers: cluster.bootstrapServers, idempotence: true, acks: 'all', lingerMs: 5, logger: () => undefined });
    let clientErrors = 0;
    producer.on('error', () => clientErrors++);
    const acked = new Set<number>();
    const failures: string[] = [];
    let failed = 0;
    const outcomes: Array<Promise<void>> = [];
    let next = 0;
    const sendUpTo = async (end: number): Promise<void> => {
      for (; next < end; next++) {
        const number = next;
        outcomes.push(
          (producer as Producer).send({ topic: TOPIC, key: `k${number % 1000}`, value: String(number) }).then(
            () => void acked.add(number),
            (error: Error) => {
              failed++;
              if (failures.length < 5) failures.push(`${number}: ${error.name}: ${error.message}`);
            },
          ),
        );
        // let the drain run now and then, so a long run does not pile up reports; never after the
        // last one, so the records sent since the last pause are surely still in flight
        if (number % 1_000 === 999 && number + 1 < end) await new Promise((resolve) => setImmediate(resolve));
      }
    };

    const produceStarted = Date.now();
    const chunk = Math.floor(records / (kills + 1));
    const killLog: KillRecord[] = [];
    for (let cycle = 0; cycle < kills; cycle++) {
      // the leader is asked first, then the records go out and the SIGKILL follows at once
      const partition = cycle % partitions;
      const node = await leaderOf(admin, TOPIC, partition, STEP_TIMEOUT_MS);
      const pid = cluster.pid(node) ?? -1;
      await sendUpTo(cycle * chunk + Math.floor(chunk / 2));
      const inFlight = producer.pending;
      await cluster.kill(node);
      killLog.push({ node, pid, partition, inFlight });
      const killedAt = Date.now();
      log(`kill ${cycle + 1}/${kills}: node ${node} (pid ${pid}), leader of partition ${partition}, ${inFlight} records in flight`);
      // more records while the node is down: its partitions must move to a new leader
      await sendUpTo((cycle + 1) * chunk);
      await sleep(Math.max(0, downMs - (Date.now() - killedAt)));
      await cluster.restart(node);
      const pidAfterRestart = cluster.pid(node);
      if (pidAfterRestart !== undefined) pids.add(pidAfterRestart);
      await waitForFullIsr(admin, TOPIC, partitions, REPLICAS, STEP_TIMEOUT_MS);
      log(`  node ${node} back (pid ${pidAfterRestart}) and in sync ${seconds(killedAt)} s after the kill; ${producer.pending} records in flight`);
    }
    await sendUpTo(records);
    await Promise.all(outcomes);
    await producer.close();
    const produceSeconds = seconds(produceStarted);
    log(`${acked.size} of ${records} records acknowledged in ${produceSeconds} s, ${failed} failed, ${clientErrors} client error events`);

    const readStarted = Date.now();
    const byPartition = await readSequences(client, TOPIC, records, 60_000 + records / 10);
    const readSeconds = seconds(readStarted);
    const check = checkSequences(acked, byPartition);
    await admin.disconnect();
    admin = undefined;
    const survivors = await stopCluster(cluster, pids);
    cluster = undefined;
    return { check, kills: killLog, failed, failures, clientErrors, survivors, produceSeconds, readSeconds, totalSeconds: seconds(started) };
  } finally {
    // on failure: nothing may stay behind
    await producer?.close({ timeoutMs: 5_000 }).catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
    if (cluster !== undefined) await stopCluster(cluster, pids);
  }
}

/** Stops every node (by pid) and returns the pids of those still alive afterwards. */
async function stopCluster(cluster: KafkaCluster, pids: ReadonlySet<number>): Promise<number[]> {
  await cluster.stop();
  return [...pids].filter(isAlive);
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 100) / 10;
}
