// @ts-check
// The `kafka` broker kind (the default): KAFKA_BOOTSTRAP_SERVERS when set, otherwise a local Kafka
// started by the product's own test harness (bound to 127.0.0.1).
import { existsSync } from 'node:fs';

const HARNESS = new URL('../../dist/esm/testing/index.js', import.meta.url);

/**
 * @param {import('../types.mjs').Log} log
 * @returns {Promise<import('../types.mjs').Broker>}
 */
export async function startBroker(log) {
  if (!existsSync(HARNESS)) throw new Error(`${HARNESS.pathname} is missing: run \`npm run build:ts\` in the repo root`);
  /** @type {typeof import('../../lib/testing/index.js')} the compiled lib/testing */
  const { startKafka, DEFAULT_KAFKA_VERSION } = await import(HARNESS.href);
  const external = (process.env.KAFKA_BOOTSTRAP_SERVERS ?? '') !== '';
  const cluster = await startKafka({
    nodes: 1,
    log: (line) => {
      // The harness's progress lines matter; the broker's own log lines are noise here.
      if (!line.startsWith('[')) log(line);
    },
  });
  const nodeId = cluster.nodeIds[0];
  return {
    kind: 'kafka',
    version: external ? 'external' : DEFAULT_KAFKA_VERSION,
    bootstrapServers: cluster.bootstrapServers,
    pid: nodeId === undefined ? undefined : cluster.pid(nodeId),
    external,
    stop: () => cluster.stop(),
  };
}
