export { Producer } from './producer/producer.js';
export type {
  SendOptions,
  FlushOptions,
  CloseOptions,
  UndeliveredRecord,
  DeliveryReport,
  ProducerEvents,
} from './producer/producer.js';
export type {
  ProducerConfig,
  Acks,
  CompressionCodec,
  PartitionerName,
  PartitionerFunction,
  TlsConfig,
  SaslConfig,
  OAuthBearerToken,
} from './config/options.js';
export type { ProducerRecord, RecordMetadata } from './send/record.js';
export type { RecordWritable, WritableRecord, WritableFailure } from './stream/record-writable.js';
export type { WritableOptions } from './stream/writable-options.js';
export type { SentRecord } from './delivery/sent-record.js';
export type { BatchFailure, FailedBatchRecord, RecordOutcome } from './delivery/batch-outcome.js';
export type { RecordHeaders, HeaderValue } from './send/headers.js';
export { serializers } from './send/serializers.js';
export type { Serializer, SerializedBytes, RawBytes } from './send/serializers.js';
export type { DeliveryCallback } from './delivery/slot-table.js';
export type { OffsetsToCommit } from './producer/transactions.js';
export type { ProducerMetrics } from './observability/metrics.js';
export type { LibrdkafkaStatistics, BrokerStatistics, TopicStatistics, WindowStats } from './observability/statistics.js';
export type { LogEntry } from './observability/log.js';
export {
  KafkaError,
  KafkaConfigError,
  KafkaRecordError,
  KafkaSerializationError,
  KafkaClosedError,
  KafkaAbortError,
  KafkaArgumentError,
  KafkaTimeoutError,
} from './errors/kafka-errors.js';
export type { Persistence, KafkaErrorDetails } from './errors/kafka-errors.js';
export { ErrorCode } from './errors/codes.js';
export { librdkafkaVersion, librdkafkaFeatures } from './native/binding.js';
export type {
  SendStartMessage,
  SendOutcomeMessage,
  SendOperation,
  ProducerIdentity,
  TransactionMessage,
  TransactionOperation,
} from './observability/send-announcements.js';
