import { fetchLiveBrokerIds } from './broker-probes.js';
import type { KafkaCluster } from './kafka-cluster.js';

const PROBE_TIMEOUT_MS = 3_000;

/**
 * A cluster run by someone else (KAFKA_BOOTSTRAP_SERVERS). It is used as it is: stop() does
 * nothing, and its nodes cannot be killed or restarted from here.
 */
export async function externalCluster(bootstrapServers: string): Promise<KafkaCluster> {
  const refuse =
    (what: string) =>
    async (nodeId: number): Promise<void> => {
      throw new Error(
        `cannot ${what} node ${nodeId}: the Kafka cluster at ${bootstrapServers} comes from KAFKA_BOOTSTRAP_SERVERS and is not controlled by this process`,
      );
    };
  return {
    bootstrapServers,
    listeners: { plaintext: bootstrapServers },
    nodeIds: await liveBrokerIdsOrNone(bootstrapServers),
    stop: async () => {},
    kill: refuse('kill'),
    restart: refuse('restart'),
    pid: () => undefined,
  };
}

/** Best effort: the ids a plaintext listener reports; [] when it cannot be asked (TLS, SASL, down). */
async function liveBrokerIdsOrNone(bootstrapServers: string): Promise<number[]> {
  const first = bootstrapServers.split(',')[0]?.trim() ?? '';
  const separator = first.lastIndexOf(':');
  const host = first.slice(0, separator).replace(/^\[(.*)\]$/, '$1');
  const port = Number(first.slice(separator + 1));
  if (separator <= 0 || !Number.isInteger(port)) return [];
  try {
    return await fetchLiveBrokerIds(host, port, PROBE_TIMEOUT_MS);
  } catch {
    return [];
  }
}
