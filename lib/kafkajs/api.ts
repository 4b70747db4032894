// Everything `ferrokafka/kafkajs` exports by name (index.ts adds the default export).
export { Kafka } from './kafka.js';
export { Producer } from './producer.js';
export type { Transaction } from './transaction.js';
export type { RecordMetadata } from './record-metadata.js';
export { CompressionTypes, CompressionCodecs } from './compression.js';
export type { CompressionType } from './compression.js';
export { Partitioners, DefaultPartitioner, LegacyPartitioner } from './partitioners.js';
export type { ICustomPartitioner, PartitionerArgs, PartitionMetadata, PartitionerMessage } from './partitioners.js';
export type { PartitionKey } from './murmur2.js';
export { logLevel, defaultLogCreator } from './logger.js';
export type { LogLevel, LogEntry, Logger, logCreator } from './logger.js';
export { PRODUCER_EVENTS } from './events.js';
export type { InstrumentationEvent, ProducerEventName, RemoveInstrumentationEventListener } from './events.js';
export {
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSProtocolError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSConnectionError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
  KafkaJSTimeout,
  KafkaJSNotImplemented,
  isKafkaJSError,
} from './errors.js';
export type { KafkaJSErrorSource, KafkaJSErrorOptions, ProtocolErrorSource } from './errors.js';
export {
  KafkaJSPartialMessageError,
  KafkaJSBrokerNotFound,
  KafkaJSConnectionClosedError,
  KafkaJSOffsetOutOfRange,
  KafkaJSMemberIdRequired,
  KafkaJSGroupCoordinatorNotFound,
  KafkaJSMetadataNotLoaded,
  KafkaJSTopicMetadataNotLoaded,
  KafkaJSStaleTopicMetadataAssignment,
  KafkaJSDeleteGroupsError,
  KafkaJSServerDoesNotSupportApiKey,
  KafkaJSLockTimeout,
  KafkaJSUnsupportedMagicByteInMessageSet,
  KafkaJSDeleteTopicRecordsError,
  KafkaJSInvariantViolation,
  KafkaJSInvalidVarIntError,
  KafkaJSInvalidLongError,
  KafkaJSCreateTopicError,
  KafkaJSAlterPartitionReassignmentsError,
  KafkaJSNoBrokerAvailableError,
  KafkaJSAggregateError,
  KafkaJSFetcherRebalanceError,
} from './consumer-admin-errors.js';
export {
  ConfigResourceTypes,
  ConfigSource,
  AclResourceTypes,
  AclOperationTypes,
  AclPermissionTypes,
  ResourcePatternTypes,
  PartitionAssigners,
  AssignerProtocol,
} from './admin-constants.js';
export type {
  KafkaConfig,
  ProducerConfig,
  ProducerRecord,
  ProducerBatch,
  TopicMessages,
  Message,
  IHeaders,
  RetryOptions,
  KafkaJSTlsOptions,
  KafkaJSSaslOptions,
  OauthbearerProviderResponse,
  TxnOffsets,
} from './types.js';
export type { UndeliveredRecord } from '../delivery/outcomes.js';
