import { isInstanceOf, KafkaJSConnectionError, KafkaJSError, KafkaJSNonRetriableError, KafkaJSProtocolError, KafkaJSTimeout } from './errors.js';

// KafkaJS's error classes that only its consumer and admin client raise. ferrokafka never throws
// them; they are here so that a program importing them from 'ferrokafka/kafkajs' loads, and so that
// `instanceof` recognises the errors of the consumer and admin client that kafkajs raises.

/** A fetch response ended mid-message. */
export class KafkaJSPartialMessageError extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSPartialMessageError';
}

/** No broker with the id asked for. */
export class KafkaJSBrokerNotFound extends KafkaJSError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSBrokerNotFound';
}

/** The broker closed the connection. */
export class KafkaJSConnectionClosedError extends KafkaJSConnectionError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSConnectionClosedError';
}

/** A consumer's offset is outside the partition's log. */
export class KafkaJSOffsetOutOfRange extends KafkaJSProtocolError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSOffsetOutOfRange';
}

/** The group coordinator asks the member to rejoin with a member id. */
export class KafkaJSMemberIdRequired extends KafkaJSProtocolError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSMemberIdRequired';
}

/** No group coordinator could be found. */
export class KafkaJSGroupCoordinatorNotFound extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSGroupCoordinatorNotFound';
}

/** Cluster metadata was not loaded yet. */
export class KafkaJSMetadataNotLoaded extends KafkaJSError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSMetadataNotLoaded';
}

/** A topic's metadata was not loaded yet. */
export class KafkaJSTopicMetadataNotLoaded extends KafkaJSMetadataNotLoaded {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSTopicMetadataNotLoaded';
}

/** A consumer was assigned partitions its metadata does not know. */
export class KafkaJSStaleTopicMetadataAssignment extends KafkaJSError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSStaleTopicMetadataAssignment';
}

/** `admin.deleteGroups()` failed for some groups. */
export class KafkaJSDeleteGroupsError extends KafkaJSError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSDeleteGroupsError';
}

/** The broker does not support an API the call needs. */
export class KafkaJSServerDoesNotSupportApiKey extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSServerDoesNotSupportApiKey';
}

/** A lock was not acquired in time. */
export class KafkaJSLockTimeout extends KafkaJSTimeout {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSLockTimeout';
}

/** A message set of an unsupported format. */
export class KafkaJSUnsupportedMagicByteInMessageSet extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSUnsupportedMagicByteInMessageSet';
}

/** `admin.deleteTopicRecords()` failed for some partitions. */
export class KafkaJSDeleteTopicRecordsError extends KafkaJSError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSDeleteTopicRecordsError';
}

/** An internal invariant of kafkajs was broken. */
export class KafkaJSInvariantViolation extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSInvariantViolation';
}

/** A malformed variable-length integer. */
export class KafkaJSInvalidVarIntError extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSInvalidVarIntError';
}

/** A malformed 64-bit integer. */
export class KafkaJSInvalidLongError extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSInvalidLongError';
}

/** `admin.createTopics()` failed for a topic. */
export class KafkaJSCreateTopicError extends KafkaJSProtocolError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSCreateTopicError';
}

/** `admin.alterPartitionReassignments()` failed for a partition. */
export class KafkaJSAlterPartitionReassignmentsError extends KafkaJSProtocolError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSAlterPartitionReassignmentsError';
}

/** No broker is available. */
export class KafkaJSNoBrokerAvailableError extends KafkaJSError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSNoBrokerAvailableError';
}

/** Several errors at once (KafkaJS derives it from Error, not KafkaJSError). */
export class KafkaJSAggregateError extends Error {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSAggregateError';
  /** The errors. */
  readonly errors: unknown[];
  constructor(message: string, errors: unknown[] = []) {
    super(message);
    this.errors = errors;
  }
  /** Also true for kafkajs's own instances. */
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return isInstanceOf(KafkaJSAggregateError, instance);
  }
}

/** A fetch was interrupted by a rebalance (KafkaJS derives it from Error). */
export class KafkaJSFetcherRebalanceError extends Error {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSFetcherRebalanceError';
  /** Also true for kafkajs's own instances. */
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return isInstanceOf(KafkaJSFetcherRebalanceError, instance);
  }
}
