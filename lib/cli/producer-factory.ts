import type { ProducerConfig } from '../config/options.js';
import { KafkaConfigError } from '../errors/kafka-errors.js';
import { Producer } from '../producer/producer.js';
import { UsageError } from './exit-codes.js';

/**
 * A producer for a command line run. A configuration the producer refuses is a usage error (its
 * message names the property and what is accepted). librdkafka's own log lines are not printed:
 * the run reports connection trouble in one line (broker-check.ts) and each failed record itself.
 */
export function createCliProducer(config: ProducerConfig): Producer {
  try {
    return new Producer({ ...config, logger: () => undefined });
  } catch (error) {
    if (error instanceof KafkaConfigError) throw new UsageError(error.message);
    throw error;
  }
}
