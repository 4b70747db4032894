import type { SecuredListenerName } from './security-plan.js';

export interface KraftNodeAddress {
  nodeId: number;
  /** client (PLAINTEXT) port */
  port: number;
  controllerPort: number;
  /** extra client listeners (TLS, SASL), each named after its security protocol */
  securedListeners?: readonly SecuredListener[];
}

export interface SecuredListener {
  name: SecuredListenerName;
  port: number;
}

export interface KraftPropertiesInput {
  self: KraftNodeAddress;
  /** every node of the cluster (all are controllers), including `self` */
  voters: readonly KraftNodeAddress[];
  dataDir: string;
  /** settings of the secured listeners (see security-properties.ts) */
  security?: Readonly<Record<string, string>>;
  overrides?: Readonly<Record<string, string>>;
}

const HOST = '127.0.0.1';

/**
 * server.properties for a combined broker+controller node with a static quorum, bound to 127.0.0.1.
 * With 3 nodes, every topic (internal ones too) gets RF 3 / min ISR 2, so one node can be lost.
 */
export function kraftNodeProperties(input: KraftPropertiesInput): Record<string, string> {
  const { self, voters } = input;
  const replicationFactor = String(Math.min(voters.length, 3));
  const minInSyncReplicas = voters.length >= 3 ? '2' : '1';
  // PLAINTEXT first: it stays the inter-broker listener and the one the harness probes
  const clientListeners = [{ name: 'PLAINTEXT', port: self.port }, ...(self.securedListeners ?? [])];
  const clientEndpoints = clientListeners.map((listener) => `${listener.name}://${HOST}:${listener.port}`);
  return {
    'process.roles': 'broker,controller',
    'node.id': String(self.nodeId),
    'controller.quorum.voters': voters.map((v) => `${v.nodeId}@${HOST}:${v.controllerPort}`).join(','),
    listeners: [...clientEndpoints, `CONTROLLER://${HOST}:${self.controllerPort}`].join(','),
    'advertised.listeners': clientEndpoints.join(','),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': ['CONTROLLER:PLAINTEXT', ...clientListeners.map(({ name }) => `${name}:${name}`)].join(','),
    'log.dirs': input.dataDir,
    'num.partitions': '1',
    'default.replication.factor': replicationFactor,
    'min.insync.replicas': minInSyncReplicas,
    'offsets.topic.replication.factor': replicationFactor,
    'transaction.state.log.replication.factor': replicationFactor,
    'transaction.state.log.min.isr': minInSyncReplicas,
    'share.coordinator.state.topic.replication.factor': replicationFactor,
    'share.coordinator.state.topic.min.isr': minInSyncReplicas,
    // tests want consumers to join at once
    'group.initial.rebalance.delay.ms': '0',
    // the 128 MiB default is allocated on the heap at start
    'log.cleaner.dedupe.buffer.size': String(16 * 1024 * 1024),
    // the machine is small and shared by several nodes
    'num.network.threads': '2',
    'num.io.threads': '2',
    ...input.security,
    ...input.overrides,
  };
}

/** Java .properties text (keys are plain; backslashes and line breaks in values are escaped). */
export function propertiesText(properties: Readonly<Record<string, string>>): string {
  return Object.entries(properties)
    .map(([key, value]) => `${key}=${value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}\n`)
    .join('');
}
