import { ErrorCode } from '../errors/codes.js';
import { KafkaError } from '../errors/kafka-errors.js';

/** A `MockCluster` was used after `stop()`. */
export class MockClusterStoppedError extends KafkaError {
  override name = 'MockClusterStoppedError';
  constructor(operation: string) {
    super({
      code: ErrorCode.STATE,
      type: 'MOCK_CLUSTER_STOPPED',
      message: `${operation}: the mock cluster is stopped`,
      retriable: false,
      persistence: 'not-persisted',
    });
  }
}
