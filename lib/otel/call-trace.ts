import type { KafkaError } from '../errors/kafka-errors.js';
import type { RecordMetadata } from '../send/record.js';

/** The spans and timings of one announced call, until each of its records has its outcome. */
export interface CallTrace {
  /** Record `index` got its outcome; returns true when it was the call's last. */
  outcome(index: number, error: KafkaError | null, metadata: RecordMetadata | null): boolean;
}
