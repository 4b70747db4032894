/** librdkafka's local error codes this library uses for its own errors. */
export const ErrorCode = {
  /** librdkafka received a malformed response. */
  BAD_MSG: -199,
  /** The producer is being destroyed. */
  DESTROY: -197,
  /** A generic local failure. */
  FAIL: -196,
  /** A broker connection failed. */
  TRANSPORT: -195,
  /** A broker's host name did not resolve. */
  RESOLVE: -193,
  /** The record was not acknowledged within `deliveryTimeoutMs`. */
  MSG_TIMED_OUT: -192,
  /** The record's partition does not exist in its topic. */
  UNKNOWN_PARTITION: -190,
  /** The topic does not exist (and the broker does not create topics by itself). */
  UNKNOWN_TOPIC: -188,
  /** No broker is reachable. */
  ALL_BROKERS_DOWN: -187,
  /** An invalid option, record or argument. */
  INVALID_ARG: -186,
  /** A call (`flush()`, a transaction step) ran out of time. */
  TIMED_OUT: -185,
  /** librdkafka's local queue is full (`send()` waits instead of failing). */
  QUEUE_FULL: -184,
  /** A TLS failure (certificate verification, handshake). */
  SSL: -181,
  /** The call is not valid in the producer's state (closed, no transaction, fatal). */
  STATE: -172,
  /** SASL authentication failed. */
  AUTHENTICATION: -169,
  /** The operation was interrupted (an AbortSignal fired). */
  INTR: -163,
  /** The key serializer failed. */
  KEY_SERIALIZATION: -162,
  /** The value serializer failed. */
  VALUE_SERIALIZATION: -161,
  /** Purged by `close()` before it was sent: not written. */
  PURGE_QUEUE: -152,
  /** Purged by `close()` while in flight: possibly written. */
  PURGE_INFLIGHT: -151,
  /** A fatal error (e.g. idempotence sequence lost, producer fenced): the producer must be recreated. */
  FATAL: -150,
  /** Success. */
  NO_ERROR: 0,
  /** Broker: the record is larger than the topic's or broker's limit. */
  MSG_SIZE_TOO_LARGE: 10,
  /** Broker: unknown topic or partition. */
  UNKNOWN_TOPIC_OR_PART: 3,
  /** Broker: the partition has no leader right now (an election is under way). */
  LEADER_NOT_AVAILABLE: 5,
  /** Broker: this broker no longer leads the partition. */
  NOT_LEADER_FOR_PARTITION: 6,
  /** Broker: the request timed out on the broker (e.g. waiting for replicas). */
  REQUEST_TIMED_OUT: 7,
  /** Broker: the connection broke. */
  NETWORK_EXCEPTION: 13,
  /** Broker: the transaction or group coordinator is still loading. */
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  /** Broker: no coordinator is available. */
  COORDINATOR_NOT_AVAILABLE: 15,
  /** Broker: this broker is not the coordinator. */
  NOT_COORDINATOR: 16,
  /** Broker: fewer in-sync replicas than `min.insync.replicas`; not written. */
  NOT_ENOUGH_REPLICAS: 19,
  /** Broker: written, but fewer in-sync replicas than required acknowledged it. */
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 20,
  /** Broker: the principal may not write to the topic. */
  TOPIC_AUTHORIZATION_FAILED: 29,
  /** Broker: another transaction of this transactional id is still completing. */
  CONCURRENT_TRANSACTIONS: 51,
  /** Broker: a disk error on the broker. */
  KAFKA_STORAGE_ERROR: 56,
  /** Broker: the client's leader epoch is stale. */
  FENCED_LEADER_EPOCH: 74,
  /** Broker: the leader epoch is newer than the broker knows. */
  UNKNOWN_LEADER_EPOCH: 75,
} as const;

/**
 * Codes after which sending the same record again may succeed (the Java client's
 * RetriableException family, plus librdkafka's local transient errors).
 */
export const RETRIABLE_CODES: ReadonlySet<number> = new Set([
  ErrorCode.TRANSPORT,
  ErrorCode.MSG_TIMED_OUT,
  ErrorCode.ALL_BROKERS_DOWN,
  ErrorCode.TIMED_OUT,
  ErrorCode.QUEUE_FULL,
  ErrorCode.UNKNOWN_TOPIC_OR_PART,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.NOT_LEADER_FOR_PARTITION,
  ErrorCode.REQUEST_TIMED_OUT,
  ErrorCode.NETWORK_EXCEPTION,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.NOT_ENOUGH_REPLICAS,
  ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
  ErrorCode.CONCURRENT_TRANSACTIONS,
  ErrorCode.KAFKA_STORAGE_ERROR,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
]);
