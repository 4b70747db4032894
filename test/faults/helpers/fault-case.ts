import { type ProducerConfig, Producer, serializers } from '../../../lib/index.js';
import { MockCluster } from '../../../lib/testing/index.js';
import { FaultRun } from './fault-run.js';

export interface FaultCase {
  mock: MockCluster;
  producer: Producer<string, string>;
  run: FaultRun;
  topic: string;
  /** Closes the producer (if still open) and stops the mock; safe to call twice. */
  end(): Promise<void>;
}

export type CaseProducerConfig = Omit<ProducerConfig<string, string>, 'bootstrapServers' | 'keySerializer' | 'valueSerializer'>;

/**
 * A mock cluster of `brokers` brokers with topic `faults` (`partitions` partitions, replicated on
 * every broker) and a producer on it. Short backoffs keep each case to a second or two.
 */
export async function startFaultCase(options: { brokers?: number; partitions?: number; producer?: CaseProducerConfig } = {}): Promise<FaultCase> {
  const brokers = options.brokers ?? 3;
  const topic = 'faults';
  const mock = await MockCluster.start({ brokers });
  await mock.createTopic(topic, { partitions: options.partitions ?? 3, replicationFactor: brokers });
  const producer = new Producer<string, string>({
    bootstrapServers: mock.bootstrapServers,
    keySerializer: serializers.string,
    valueSerializer: serializers.string,
    lingerMs: 5,
    retryBackoffMs: 20,
    logger: () => undefined,
    ...options.producer,
    librdkafka: { 'retry.backoff.max.ms': 200, 'reconnect.backoff.ms': 20, 'reconnect.backoff.max.ms': 200, ...options.producer?.librdkafka },
  });
  const end = async (): Promise<void> => {
    try {
      if (producer.isOpen) await producer.close({ timeoutMs: 5_000 });
    } finally {
      await mock.stop();
    }
  };
  return { mock, producer, run: new FaultRun(producer, topic), topic, end };
}
