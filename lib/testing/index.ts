import { startContainerCluster } from './container-cluster.js';
import { dockerEngineAnswers } from './docker-engine.js';
import { externalCluster } from './external-cluster.js';
import type { KafkaCluster, StartKafkaOptions } from './kafka-cluster.js';
import { DEFAULT_KAFKA_VERSION } from './kafka-jars.js';
import { startLocalCluster } from './local-cluster.js';

export type { KafkaCluster, StartKafkaOptions } from './kafka-cluster.js';
export { ensureKafkaJars, DEFAULT_KAFKA_VERSION, type EnsureKafkaJarsOptions, type KafkaJars } from './kafka-jars.js';

/**
 * A real Kafka cluster for tests. In order of preference:
 * 1. KAFKA_BOOTSTRAP_SERVERS is set: that cluster, as it is (it cannot be stopped, killed or restarted);
 * 2. a Docker engine answers and @testcontainers/kafka is installed: one node in Docker (`nodes: 1` only);
 * 3. otherwise 1 or 3 local JVMs from Kafka's jars on Maven Central (downloaded once into a cache).
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaCluster> {
  const external = process.env['KAFKA_BOOTSTRAP_SERVERS'] ?? '';
  if (external !== '') {
    options.log?.(`using the Kafka cluster at ${external} (KAFKA_BOOTSTRAP_SERVERS)`);
    return externalCluster(external);
  }
  const wantsDefaultSingleNode =
    (options.nodes ?? 1) === 1 && (options.kafkaVersion ?? DEFAULT_KAFKA_VERSION) === DEFAULT_KAFKA_VERSION;
  if (wantsDefaultSingleNode && (await dockerEngineAnswers())) {
    const container = await startContainerCluster(options);
    if (container !== undefined) return container;
  }
  return startLocalCluster(options);
}
