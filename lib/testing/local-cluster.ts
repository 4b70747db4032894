import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchLiveBrokerIds } from './broker-probes.js';
import type { KafkaCluster, KafkaListeners, StartKafkaOptions } from './kafka-cluster.js';
import { ensureKafkaJars } from './kafka-jars.js';
import { KraftNode } from './kraft-node.js';
import type { KraftNodeAddress, SecuredListener } from './kraft-properties.js';
import { writeLog4jConfig } from './log4j-config.js';
import { pickFreePorts } from './ports.js';
import { cancelRemoveAtExit, removeAtExit } from './process-reaper.js';
import { planSecurity, type SecuredListenerName, type SecurityPlan } from './security-plan.js';
import { scramFormatArguments, securityProperties } from './security-properties.js';
import { createTlsCertificates, type TlsCertificates } from './tls-certificates.js';

const DEFAULT_STARTUP_TIMEOUT_MS = 120_000;
const GRACEFUL_STOP_MS = 10_000;
const PROBE_TIMEOUT_MS = 2_000;
const LISTENER_KEYS: Readonly<Record<SecuredListenerName, keyof KafkaListeners>> = {
  SSL: 'ssl',
  SASL_PLAINTEXT: 'saslPlaintext',
  SASL_SSL: 'saslSsl',
};

/**
 * Starts 1 or 3 Kafka JVMs from the cached jars, each a combined broker+controller with its own
 * folder under one fresh temp folder, and waits until every node serves and sees all the others.
 */
export async function startLocalCluster(options: StartKafkaOptions): Promise<KafkaCluster> {
  const nodeCount = options.nodes ?? 1;
  const timeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
  const log = options.log;
  const security = planSecurity(options.security); // checked before any download
  const jars = await ensureKafkaJars({
    ...(options.kafkaVersion === undefined ? {} : { kafkaVersion: options.kafkaVersion }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    ...(log === undefined ? {} : { log }),
  });
  const started = Date.now();
  const rootDir = await mkdtemp(join(tmpdir(), 'ferrokafka-kafka-'));
  removeAtExit(rootDir);
  const nodes: KraftNode[] = [];
  let certificates: TlsCertificates | undefined;
  let voters: KraftNodeAddress[] = [];
  try {
    const log4jConfigPath = join(rootDir, 'log4j2.properties');
    await writeLog4jConfig(log4jConfigPath);
    const portsPerNode = 2 + security.listenerNames.length;
    voters = nodeAddresses(nodeCount, security.listenerNames, await pickFreePorts(portsPerNode * nodeCount));
    if (security.subjectAltNames !== undefined) {
      certificates = await createTlsCertificates(join(rootDir, 'tls'), security.subjectAltNames, timeoutMs);
    }
    const secured = securedNodeOptions(security, certificates);
    for (const self of voters) {
      const dir = join(rootDir, `node-${self.nodeId}`);
      await mkdir(dir);
      nodes.push(
        new KraftNode({
          self,
          voters,
          dir,
          jars,
          log4jConfigPath,
          ...secured,
          ...(options.brokerProperties === undefined ? {} : { brokerProperties: options.brokerProperties }),
          ...(log === undefined ? {} : { log }),
        }),
      );
    }
    log?.(`starting ${nodeCount} Kafka ${jars.version} node(s) in ${rootDir}`);
    const clusterId = randomClusterId();
    await settleAll(nodes.map((node) => node.format(clusterId, timeoutMs)));
    // together: a multi-node quorum needs a majority of voters up before any node can start
    await settleAll(nodes.map((node) => node.start(timeoutMs)));
    await waitForLiveBrokers(nodes, started + timeoutMs);
    log?.(`Kafka ready at ${bootstrapServers(nodes)} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await Promise.all(nodes.map((node) => node.kill()));
    await rm(rootDir, { recursive: true, force: true });
    cancelRemoveAtExit(rootDir);
    throw error;
  }
  const listeners = clientListeners(voters);
  if (security.listenerNames.length > 0) log?.(`secured listeners: ${JSON.stringify(listeners)}`);
  const secured = { listeners, ...(certificates === undefined ? {} : { tls: { caPem: certificates.caPem } }) };
  return new LocalKafkaCluster(nodes, secured, rootDir, timeoutMs);
}

class LocalKafkaCluster implements KafkaCluster {
  readonly bootstrapServers: string;
  readonly listeners: KafkaListeners;
  readonly tls?: { caPem: string };
  readonly nodeIds: number[];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly nodes: readonly KraftNode[],
    security: Pick<KafkaCluster, 'listeners' | 'tls'>,
    private readonly rootDir: string,
    private readonly startupTimeoutMs: number,
  ) {
    this.bootstrapServers = bootstrapServers(nodes);
    this.listeners = security.listeners;
    if (security.tls !== undefined) this.tls = security.tls;
    this.nodeIds = nodes.map((node) => node.nodeId);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all(this.nodes.map((node) => node.stop(GRACEFUL_STOP_MS)));
      await rm(this.rootDir, { recursive: true, force: true });
      cancelRemoveAtExit(this.rootDir);
    })();
    return this.stopping;
  }

  async kill(nodeId: number): Promise<void> {
    await this.node(nodeId).kill();
  }

  async restart(nodeId: number): Promise<void> {
    const node = this.node(nodeId);
    await node.stop(GRACEFUL_STOP_MS);
    const deadline = Date.now() + this.startupTimeoutMs;
    await node.start(this.startupTimeoutMs);
    await waitForLiveBrokers(
      this.nodes.filter((n) => n.isRunning),
      deadline,
    );
  }

  pid(nodeId: number): number | undefined {
    return this.nodes.find((node) => node.nodeId === nodeId)?.pid;
  }

  private node(nodeId: number): KraftNode {
    if (this.stopping !== undefined) throw new Error('this Kafka cluster has been stopped');
    const node = this.nodes.find((n) => n.nodeId === nodeId);
    if (node === undefined) throw new Error(`no Kafka node ${nodeId}; the node ids are ${this.nodeIds.join(', ')}`);
    return node;
  }
}

/** Waits until every node's Metadata lists every one of `nodes` as a live broker. */
async function waitForLiveBrokers(nodes: readonly KraftNode[], deadline: number): Promise<void> {
  const expected = nodes.map((node) => node.nodeId);
  for (;;) {
    const problems = await Promise.all(
      nodes.map(async (node) => {
        try {
          const live = await fetchLiveBrokerIds('127.0.0.1', node.port, PROBE_TIMEOUT_MS);
          const missing = expected.filter((id) => !live.includes(id));
          return missing.length === 0 ? undefined : `node ${node.nodeId} does not list broker(s) ${missing.join(', ')}`;
        } catch (error) {
          return `node ${node.nodeId}: ${(error as Error).message}`;
        }
      }),
    );
    const problem = problems.filter((p) => p !== undefined).join('; ');
    if (problem === '') return;
    if (Date.now() > deadline) throw new Error(`the Kafka nodes did not all see each other in time: ${problem}`);
    await sleep(250);
  }
}

function nodeAddresses(count: number, securedListenerNames: readonly SecuredListenerName[], ports: readonly number[]): KraftNodeAddress[] {
  const perNode = 2 + securedListenerNames.length;
  return Array.from({ length: count }, (_, index) => {
    const [port, controllerPort, ...securedPorts] = ports.slice(perNode * index, perNode * (index + 1));
    if (port === undefined || controllerPort === undefined || securedPorts.length !== securedListenerNames.length) {
      throw new Error('not enough free ports were picked');
    }
    const address: KraftNodeAddress = { nodeId: index + 1, port, controllerPort };
    if (securedListenerNames.length > 0) {
      address.securedListeners = securedListenerNames.map((name, i): SecuredListener => {
        const securedPort = securedPorts[i];
        if (securedPort === undefined) throw new Error('not enough free ports were picked');
        return { name, port: securedPort };
      });
    }
    return address;
  });
}

/** The KraftNode options for the TLS/SASL listeners; none without `security`. */
function securedNodeOptions(
  security: SecurityPlan,
  certificates: TlsCertificates | undefined,
): { securityProperties?: Record<string, string>; formatArguments?: string[] } {
  if (security.listenerNames.length === 0) return {};
  return { securityProperties: securityProperties(security, certificates), formatArguments: scramFormatArguments(security) };
}

/** Each listener's bootstrap servers: "127.0.0.1:port" of every node, comma-separated. */
function clientListeners(addresses: readonly KraftNodeAddress[]): KafkaListeners {
  const hostPorts = (ports: readonly number[]): string => ports.map((port) => `127.0.0.1:${port}`).join(',');
  const listeners: KafkaListeners = { plaintext: hostPorts(addresses.map((address) => address.port)) };
  for (const name of Object.keys(LISTENER_KEYS) as SecuredListenerName[]) {
    const ports = addresses.flatMap((address) => address.securedListeners?.filter((l) => l.name === name).map((l) => l.port) ?? []);
    if (ports.length > 0) listeners[LISTENER_KEYS[name]] = hostPorts(ports);
  }
  return listeners;
}

function bootstrapServers(nodes: readonly KraftNode[]): string {
  return nodes.map((node) => `127.0.0.1:${node.port}`).join(',');
}

/** Kafka's Uuid format: 16 random bytes, base64url without padding, never starting with '-'. */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Like Promise.all, but waits for every promise before throwing the first failure. */
async function settleAll(promises: readonly Promise<void>[]): Promise<void> {
  const failure = (await Promise.allSettled(promises)).find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}
