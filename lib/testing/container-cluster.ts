import type { KafkaCluster, StartKafkaOptions } from './kafka-cluster.js';

// @testcontainers/kafka drives Confluent's image (it starts /etc/confluent/docker/run and does not
// support apache/kafka). Confluent Platform 8.1 ships Apache Kafka 4.1, the version of the jar path.
export const CONTAINER_IMAGE = 'confluentinc/cp-kafka:8.1.1';
const CONTAINER_KAFKA_PORT = 9093; // the module's PLAINTEXT listener for the host
const MODULE_NAME = '@testcontainers/kafka';

// The few members of the optional @testcontainers/kafka module used here.
interface StartedKafkaContainer {
  getHost(): string;
  getMappedPort(port: number): number;
  stop(): Promise<unknown>;
}
interface KafkaContainer {
  withKraft(): KafkaContainer;
  withEnvironment(environment: Record<string, string>): KafkaContainer;
  start(): Promise<StartedKafkaContainer>;
}
type KafkaContainerClass = new (image: string) => KafkaContainer;

/**
 * One Kafka node in Docker through testcontainers, or undefined if @testcontainers/kafka is not
 * installed. kill/restart are not offered: use `nodes: 3` (the local JVM broker) for fault tests.
 */
export async function startContainerCluster(options: StartKafkaOptions): Promise<KafkaCluster | undefined> {
  const KafkaContainer = await loadKafkaContainerClass();
  if (KafkaContainer === undefined) {
    options.log?.(`Docker looks available but ${MODULE_NAME} is not installed: using the local JVM broker`);
    return undefined;
  }
  options.log?.(`starting ${CONTAINER_IMAGE} with testcontainers`);
  const container = await new KafkaContainer(CONTAINER_IMAGE)
    .withKraft()
    .withEnvironment(confluentEnvironment(options.brokerProperties ?? {}))
    .start();
  const refuse =
    (what: string) =>
    async (nodeId: number): Promise<void> => {
      throw new Error(`cannot ${what} node ${nodeId}: the single-node Docker cluster does not support it; start with { nodes: 3 } for fault tests`);
    };
  let stopping: Promise<void> | undefined;
  const bootstrapServers = `${container.getHost()}:${container.getMappedPort(CONTAINER_KAFKA_PORT)}`;
  return {
    bootstrapServers,
    listeners: { plaintext: bootstrapServers },
    nodeIds: [1],
    stop: () => (stopping ??= container.stop().then(() => undefined)),
    kill: refuse('kill'),
    restart: refuse('restart'),
    pid: () => undefined,
  };
}

async function loadKafkaContainerClass(): Promise<KafkaContainerClass | undefined> {
  try {
    // A variable specifier keeps the optional module out of type checking and bundling.
    const moduleName: string = MODULE_NAME;
    const loaded = (await import(moduleName)) as { KafkaContainer?: KafkaContainerClass };
    return loaded.KafkaContainer;
  } catch {
    return undefined;
  }
}

/** server.properties entries as the cp-kafka image's KAFKA_* variables: '_'→'__', '.'→'_', '-'→'___' */
function confluentEnvironment(properties: Readonly<Record<string, string>>): Record<string, string> {
  const environment: Record<string, string> = { KAFKA_NUM_PARTITIONS: '1' };
  for (const [key, value] of Object.entries(properties)) {
    const name = key.replaceAll('_', '__').replaceAll('.', '_').replaceAll('-', '___').toUpperCase();
    environment[`KAFKA_${name}`] = value;
  }
  return environment;
}
