import { KafkaError } from './kafka-errors.js';
import type { NativeProducer } from '../native/binding.js';

/**
 * librdkafka's fatal error, once the instance has one. librdkafka records it before it fails or
 * refuses any record because of it, while its error event may reach JS only afterwards: a record's
 * error asks here so that it says `fatal` from the first record on.
 */
export function nativeFatalError(native: NativeProducer): KafkaError | undefined {
  const info = native.fatalError();
  return info === null ? undefined : KafkaError.fromInfo(info, { fatal: true });
}
