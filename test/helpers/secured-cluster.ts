import { afterAll, afterEach, beforeAll } from 'vitest';

import type { ProducerConfig } from '../../lib/index.js';
import { startKafka, type KafkaCluster, type StartKafkaOptions } from '../../lib/testing/index.js';
import { watchedProducer, type WatchedProducer } from './secured-kafka.js';

/** A broker of a describe's own (with TLS / SASL listeners) and the producers its current test made. */
export interface SecuredCluster {
  /** The running broker; there from the describe's beforeAll on. */
  readonly cluster: KafkaCluster;
  /** The CA that signed the broker's certificate ('' without TLS). */
  readonly caPem: string;
  /** A watched producer (lingerMs 1 unless set), closed after the test that made it. */
  producer(config: ProducerConfig): WatchedProducer;
  /** Closes the current test's producers now, e.g. to check everything they reported in the end. */
  closeProducers(): Promise<void>;
}

/**
 * Call inside a describe: starts a broker with `options` before its tests (the shared broker of
 * global-setup is PLAINTEXT only), closes each test's producers after it (one that cannot connect
 * or log in would retry until closed) and stops the broker after the last test.
 */
export function setUpSecuredCluster(options: StartKafkaOptions): SecuredCluster {
  let cluster: KafkaCluster | undefined;
  const watched: WatchedProducer[] = [];
  const closeProducers = async (): Promise<void> => {
    // bounded: a producer that never reached the broker must not stall the hook
    await Promise.all(watched.splice(0).map(({ producer }) => producer.close({ timeoutMs: 5_000 })));
  };

  beforeAll(async () => {
    cluster = await startKafka(options);
  });
  afterEach(closeProducers);
  afterAll(async () => {
    await cluster?.stop();
  });

  return {
    get cluster(): KafkaCluster {
      if (cluster === undefined) throw new Error('the secured cluster starts in beforeAll: use it inside a test');
      return cluster;
    },
    get caPem(): string {
      return cluster?.tls?.caPem ?? '';
    },
    producer: (config) => {
      // lingerMs 1: each test sends a few records and waits for them, so send them right away
      const created = watchedProducer({ lingerMs: 1, ...config });
      watched.push(created);
      return created;
    },
    closeProducers,
  };
}
