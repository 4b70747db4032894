import { startContainerCluster } from './container-cluster.js';
import { dockerEngineAnswers } from './docker-engine.js';
import { externalCluster } from './external-cluster.js';
import type { KafkaCluster, StartKafkaOptions } from './kafka-cluster.js';
import { DEFAULT_KAFKA_VERSION } from './kafka-jars.js';
import { startLocalCluster } from './local-cluster.js';
import { wantsSecurity } from './security-plan.js';

export type { KafkaCluster, KafkaListeners, KafkaSaslMechanism, KafkaSecurityOptions, StartKafkaOptions } from './kafka-cluster.js';
export { ensureKafkaJars, DEFAULT_KAFKA_VERSION, type EnsureKafkaJarsOptions, type KafkaJars } from './kafka-jars.js';
export { createUnsecuredJwt, type UnsecuredJwt, type UnsecuredJwtOptions } from './unsecured-jwt.js';

/**
 * A real Kafka cluster for tests. In order of preference:
 * 1. KAFKA_BOOTSTRAP_SERVERS is set: that cluster, as it is (it cannot be stopped, killed or restarted);
 * 2. a Docker engine answers and @testcontainers/kafka is installed: one node in Docker (`nodes: 1` only);
 * 3. otherwise 1 or 3 local JVMs from Kafka's jars on Maven Central (downloaded once into a cache).
 * With `security` (TLS / SASL listeners) always the local JVMs: 1 and 2 cannot provide them.
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaCluster> {
  const external = process.env.KAFKA_BOOTSTRAP_SERVERS ?? '';
  const secured = wantsSecurity(options.security);
  if (external !== '') {
    if (secured) {
      throw new Error(
        `startKafka({ security }) adds TLS/SASL listeners to a broker it starts itself, but KAFKA_BOOTSTRAP_SERVERS (${external}) points at an existing cluster; unset it to run the local broker`,
      );
    }
    options.log?.(`using the Kafka cluster at ${external} (KAFKA_BOOTSTRAP_SERVERS)`);
    return externalCluster(external);
  }
  // The container module offers PLAINTEXT only: secured listeners come from the local JVM broker.
  const wantsDefaultSingleNode = !secured && (options.nodes ?? 1) === 1 && (options.kafkaVersion ?? DEFAULT_KAFKA_VERSION) === DEFAULT_KAFKA_VERSION;
  if (wantsDefaultSingleNode && (await dockerEngineAnswers())) {
    const container = await startContainerCluster(options);
    if (container !== undefined) return container;
  }
  return startLocalCluster(options);
}
export {
  MockCluster,
  type MockBrokerError,
  type MockClusterOptions,
  type MockCoordinatorType,
  type MockTopicOptions,
  type MockTrackedRequest,
} from './mock-cluster.js';
export { MockClusterStoppedError } from './mock-cluster-stopped-error.js';
export type { MockApi, MockErrorCode } from './mock-names.js';
