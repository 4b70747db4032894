import { describeError } from '../native/binding.js';

/**
 * Where librdkafka's short names for Kafka protocol errors differ from the protocol's own names
 * (which KafkaJS uses as `type`). A unit test checks every code against KafkaJS's table.
 */
const PROTOCOL_NAMES: ReadonlyMap<number, string> = new Map([
  [2, 'CORRUPT_MESSAGE'],
  [3, 'UNKNOWN_TOPIC_OR_PARTITION'],
  [4, 'INVALID_FETCH_SIZE'],
  [10, 'MESSAGE_TOO_LARGE'],
  [11, 'STALE_CONTROLLER_EPOCH'],
  [14, 'GROUP_LOAD_IN_PROGRESS'],
  [15, 'GROUP_COORDINATOR_NOT_AVAILABLE'],
  [16, 'NOT_COORDINATOR_FOR_GROUP'],
  [17, 'INVALID_TOPIC_EXCEPTION'],
]);

/** The codes the Kafka protocol marks retriable (KafkaJS's `retriable` for a protocol error). */
const RETRIABLE_PROTOCOL_CODES: ReadonlySet<number> = new Set([
  2, 3, 5, 6, 7, 9, 13, 14, 15, 16, 19, 20, 41, 51, 56, 70, 71, 72, 74, 75, 78, 80, 83, 84, 88,
]);

/** A Kafka protocol error code's name and whether it is retriable, as KafkaJS reports them. */
export interface ProtocolErrorName {
  type: string;
  retriable: boolean;
}

/** The protocol name of a broker error code (0 and up), e.g. 10 → `MESSAGE_TOO_LARGE`. */
export function protocolErrorName(code: number): ProtocolErrorName {
  const type = PROTOCOL_NAMES.get(code) ?? describeError(code).name.replace(/^_/, '');
  return { type, retriable: RETRIABLE_PROTOCOL_CODES.has(code) };
}
