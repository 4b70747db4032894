import { type ProducerConfig, Producer, serializers } from '../../../lib/index.js';
import { MockCluster } from '../../../lib/testing/index.js';
import { FaultRun } from './fault-run.js';

export interface FaultCase {
  mock: MockCluster;
  producer: Producer<string, string>;
  run: FaultRun;
  topic: string;
  /** Commits the transaction the records were sent in (a transactional case), else nothing. */
  commit(): Promise<void>;
  /** Closes the producer (if still open) and stops the mock; safe to call twice. */
  end(): Promise<void>;
}

export type CaseProducerConfig = Omit<ProducerConfig<string, string>, 'bootstrapServers' | 'keySerializer' | 'valueSerializer'>;

let transactions = 0;

/**
 * A mock cluster of `brokers` brokers with topic `faults` (`partitions` partitions, replicated on
 * every broker) and a producer on it. Short backoffs keep each case to a second or two.
 *
 * `transactional`: the records go in one transaction (`commit()` ends it). librdkafka 2.12.1's mock
 * checks sequence numbers only for transactional producers; without them it writes a batch that
 * skipped a lost one, and librdkafka then takes the lost batch as written (an "implicit ack":
 * delivered, offset -1001) although the mock never wrote it. A real broker refuses the gap
 * (OUT_OF_ORDER_SEQUENCE_NUMBER). Cases where connections drop with batches in flight use it.
 */
export async function startFaultCase(
  options: { brokers?: number; partitions?: number; producer?: CaseProducerConfig; transactional?: boolean } = {},
): Promise<FaultCase> {
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
    ...(options.transactional === true ? { transactionalId: `faults-${++transactions}` } : {}),
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
  if (options.transactional === true) {
    await producer.initTransactions();
    producer.beginTransaction();
  }
  const commit = async (): Promise<void> => {
    if (options.transactional === true) await producer.commitTransaction();
  };
  return { mock, producer, run: new FaultRun(producer, topic), topic, commit, end };
}
