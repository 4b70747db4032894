export { Producer } from './producer.js';
export type {
  SendOptions,
  FlushOptions,
  CloseOptions,
  UndeliveredRecord,
  DeliveryReport,
  ProducerEvents,
} from './producer.js';
export type {
  ProducerConfig,
  Acks,
  CompressionCodec,
  PartitionerName,
  PartitionerFunction,
  TlsConfig,
  SaslConfig,
  OAuthBearerToken,
} from './config.js';
export type { ProducerRecord, RecordMetadata } from './record.js';
export type { SentRecord } from './sent-record.js';
export type { BatchFailure, FailedBatchRecord, RecordOutcome } from './batch-outcome.js';
export type { RecordHeaders, HeaderValue } from './headers.js';
export { serializers } from './serializers.js';
export type { Serializer, RawBytes } from './serializers.js';
export type { DeliveryCallback } from './slot-table.js';
export type { OffsetsToCommit } from './transactions.js';
export type { ProducerMetrics } from './metrics.js';
export type { LibrdkafkaStatistics } from './statistics.js';
export type { LogEntry } from './log.js';
export {
  KafkaError,
  KafkaConfigError,
  KafkaRecordError,
  KafkaSerializationError,
  KafkaClosedError,
  KafkaAbortError,
  KafkaArgumentError,
  KafkaTimeoutError,
} from './errors.js';
export type { Persistence, KafkaErrorDetails } from './errors.js';
export { ErrorCode } from './error-codes.js';
export { librdkafkaVersion, librdkafkaFeatures } from './native.js';
