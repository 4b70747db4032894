import type { TestProject } from 'vitest/node';

import { startKafka, type KafkaCluster } from '../lib/testing/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    bootstrapServers: string;
  }
}

/** One real Kafka broker for the whole run, stopped (by pid) when the run ends or fails. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster: KafkaCluster = await startKafka({ nodes: 1 });
  project.provide('bootstrapServers', cluster.bootstrapServers);
  return () => cluster.stop();
}
