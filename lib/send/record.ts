import { closestName } from '../config/suggestion.js';
import { describe } from '../errors/describe-value.js';
import { KafkaError, KafkaRecordError, KafkaSerializationError, messageOf } from '../errors/kafka-errors.js';
import { packHeaders, type RecordHeaders } from './headers.js';
import { ignoreOutcome, isThenable, PendingPart, PendingRecord } from './pending-record.js';
import type { Serializer } from './serializers.js';

/** A record to send. Any other field is refused with a `KafkaRecordError`. */
export interface ProducerRecord<K = unknown, V = unknown> {
  /** The topic to write to. */
  topic: string;
  /** Records with the same key go to the same partition (unless `partition` is given). */
  key?: K | undefined;
  /** The value, turned into bytes by `valueSerializer`; null writes a tombstone. */
  value: V;
  /** Headers, in order; a name may repeat. */
  headers?: RecordHeaders | undefined;
  /** An explicit partition; otherwise the partitioner chooses. */
  partition?: number | undefined;
  /** Create time in ms since the epoch (or a Date). Default: now. */
  timestamp?: number | Date | undefined;
}

/** Where a record landed, from the broker's acknowledgement. */
export interface RecordMetadata {
  /** The topic it was written to. */
  topic: string;
  /** The partition it was written to. */
  partition: number;
  /**
   * The record's offset in its partition; -1 when acks is 0 (the broker sends no answer);
   * -1001 when librdkafka knows the record was written but not where (an earlier answer was lost
   * and a later batch's acknowledgement implies it).
   */
  offset: number;
  /** The record's timestamp as stored (create time, or the broker's log-append time). -1 if unknown. */
  timestamp: number;
}

/** A record after serialization and validation, ready for the native layer. */
export interface PreparedRecord {
  topic: string;
  /** The native topic handle's id. */
  topicId: number;
  partition: number;
  /** Strings are passed on as they are: the native layer encodes them as UTF-8 without a Buffer. */
  key: Uint8Array | string | null;
  value: Uint8Array | string | null;
  timestamp: number;
  headers: Buffer | undefined;
}

const TOPIC_PATTERN = /^[a-zA-Z0-9._-]{1,249}$/;
const UNASSIGNED_PARTITION = -1;

export function validateTopic(topic: unknown): string {
  if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic) || topic === '.' || topic === '..') {
    throw new KafkaRecordError(
      `invalid topic ${describe(topic)}: a topic name is 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' or '-' (and not "." or "..")`,
    );
  }
  return topic;
}

/** Resolves a topic name to its native handle id, validating names it has not seen. */
export interface TopicIds {
  idOf(topic: unknown): number;
}

/**
 * Checks and serializes a record. A serializer that returned a promise makes it a `PendingRecord`
 * (everything else still checked now); the synchronous path pays nothing for that.
 */
export function prepareRecord<K, V>(
  record: ProducerRecord<K, V>,
  topics: TopicIds,
  keySerializer: Serializer<K> | undefined,
  valueSerializer: Serializer<V> | undefined,
  fallbackTopic?: string,
): PreparedRecord | PendingRecord {
  if (record === null || typeof record !== 'object') {
    throw new KafkaRecordError(`a record must be an object like { topic, key, value }; got ${describe(record)}`);
  }
  // Outside the try: an async value serializer's record continues from the key already serialized.
  let key: Uint8Array | string | null = null;
  try {
    checkFields(record);
    // A writable stream's records may leave the topic to the stream's options.
    const topic = record.topic === undefined && fallbackTopic !== undefined ? fallbackTopic : record.topic;
    const topicId = topics.idOf(topic);
    const partition = partitionOf(record.partition);
    key = serialize('key', record.key as K, keySerializer, topic);
    return {
      topic,
      topicId,
      partition,
      key,
      value: serialize('value', record.value, valueSerializer, topic),
      timestamp: timestampOf(record.timestamp),
      headers: record.headers === undefined || record.headers === null ? undefined : packHeaders(record.headers),
    };
  } catch (error) {
    // One call: what the synchronous path inlines stays small.
    return afterThrow(error, record, topics, valueSerializer, fallbackTopic, key);
  }
}

/** A record's preparation threw: a serializer's promise continues it as a PendingRecord; anything else is its error. */
function afterThrow<K, V>(
  error: unknown,
  record: ProducerRecord<K, V>,
  topics: TopicIds,
  valueSerializer: Serializer<V> | undefined,
  fallbackTopic: string | undefined,
  syncKey: Uint8Array | string | null,
): PendingRecord {
  if (error instanceof PendingPart) return preparePending(record, topics, valueSerializer, fallbackTopic, syncKey, error);
  throw asRecordError(error);
}

/** A getter on the caller's record may throw anything: it becomes a KafkaRecordError. */
function asRecordError(error: unknown): KafkaError {
  if (error instanceof KafkaError) return error;
  return new KafkaRecordError(`reading the record failed: ${messageOf(error)}`, error);
}

/**
 * The rest of a record whose `pending` part's serializer returned a promise: the other part (the
 * value serializer is called here if the key was the async one), timestamp and headers. A check
 * failing now discards the promises (their outcomes must not go unhandled).
 */
function preparePending<K, V>(
  record: ProducerRecord<K, V>,
  topics: TopicIds,
  valueSerializer: Serializer<V> | undefined,
  fallbackTopic: string | undefined,
  syncKey: Uint8Array | string | null,
  pending: PendingPart,
): PendingRecord {
  let keyPromise: PromiseLike<unknown> | undefined;
  let valuePromise: PromiseLike<unknown> | undefined;
  try {
    const topic = record.topic === undefined && fallbackTopic !== undefined ? fallbackTopic : record.topic;
    let key = syncKey;
    let value: Uint8Array | string | null = null;
    if (pending.part === 'key') {
      keyPromise = pending.promise;
      key = null;
      try {
        value = serialize('value', record.value, valueSerializer, topic);
      } catch (error) {
        if (!(error instanceof PendingPart)) throw error;
        valuePromise = error.promise;
      }
    } else {
      valuePromise = pending.promise;
    }
    // The same shape, field for field, as a synchronous record's: the hand-over's code stays monomorphic.
    const prepared: PreparedRecord = {
      topic,
      topicId: topics.idOf(topic),
      partition: partitionOf(record.partition),
      key,
      value,
      timestamp: timestampOf(record.timestamp),
      headers: record.headers === undefined || record.headers === null ? undefined : packHeaders(record.headers),
    };
    return new PendingRecord(prepared, keyPromise, valuePromise);
  } catch (error) {
    ignoreOutcome(keyPromise);
    ignoreOutcome(valuePromise);
    throw asRecordError(error);
  }
}

const RECORD_FIELDS = ['topic', 'key', 'value', 'headers', 'partition', 'timestamp'];

/** Fields of other clients' calls, and where they belong here. */
const FOREIGN_FIELDS: Readonly<Record<string, string>> = {
  messages:
    "this looks like KafkaJS's send({ topic, messages }): give each message its own { topic, key, value } record and send them with producer.sendBatch(records), or keep KafkaJS's API with import { Kafka } from 'ferrokafka/kafkajs'",
  acks: "acks is a producer option here: new Producer({ acks: 'all' })",
  compression: "compression is a producer option here: new Producer({ compression: 'zstd' })",
  timeout: 'the delivery timeout is a producer option here: new Producer({ deliveryTimeoutMs })',
  topicMessages:
    "this looks like KafkaJS's sendBatch({ topicMessages }): use producer.sendBatch(records), one { topic, key, value } record per message, or keep KafkaJS's API with import { Kafka } from 'ferrokafka/kafkajs'",
};

/**
 * A field we do not know would be dropped silently (a KafkaJS-shaped call would write an empty
 * record), so it is an error. for-in over a record's few own fields is cheap next to the send.
 */
function checkFields(record: object): void {
  for (const field in record) {
    switch (field) {
      case 'topic':
      case 'key':
      case 'value':
      case 'headers':
      case 'partition':
      case 'timestamp':
        continue;
      default:
        throw unknownField(field);
    }
  }
}

function unknownField(field: string): KafkaRecordError {
  const foreign = Object.hasOwn(FOREIGN_FIELDS, field) ? FOREIGN_FIELDS[field] : undefined;
  if (foreign !== undefined) return new KafkaRecordError(`a record has no field '${field}': ${foreign}`);
  const hint = closestName(field, RECORD_FIELDS);
  const known = RECORD_FIELDS.join(', ');
  return new KafkaRecordError(`a record has no field '${field}'${hint === undefined ? '' : ` (did you mean '${hint}'?)`}; its fields are ${known}`);
}

function partitionOf(partition: unknown): number {
  if (partition === undefined || partition === null) return UNASSIGNED_PARTITION;
  if (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0 || partition > 0x7fffffff) {
    throw new KafkaRecordError(`partition must be a non-negative integer; got ${describe(partition)}`);
  }
  return partition;
}

function timestampOf(timestamp: unknown): number {
  if (timestamp === undefined || timestamp === null) return 0;
  const ms = timestamp instanceof Date ? timestamp.getTime() : timestamp;
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms <= 0) {
    throw new KafkaRecordError(`timestamp must be a positive integer of ms since the epoch, or a valid Date; got ${describe(timestamp)}`);
  }
  return ms;
}

function serialize<T>(part: 'key' | 'value', data: T, serializer: Serializer<T> | undefined, topic: string): Uint8Array | string | null {
  let bytes: unknown = data;
  if (serializer !== undefined) {
    try {
      bytes = serializer(data, topic);
    } catch (error) {
      throw new KafkaSerializationError(part, `the ${part} serializer threw: ${messageOf(error)}`, error);
    }
  }
  if (bytes === null || bytes === undefined) return null;
  if (typeof bytes === 'string' || bytes instanceof Uint8Array) return bytes;
  throw notBytes(part, bytes, serializer);
}

/**
 * What `serialize` throws for a result that is not bytes: a `PendingPart` for a serializer's
 * promise (the record waits for it, see pending-record.ts), a KafkaSerializationError otherwise.
 * Out of line, so the synchronous path's inlined code stays small.
 */
function notBytes<T>(part: 'key' | 'value', bytes: unknown, serializer: Serializer<T> | undefined): PendingPart | KafkaSerializationError {
  if (serializer !== undefined && isThenableResult(part, bytes)) return new PendingPart(part, bytes as PromiseLike<unknown>);
  const fix =
    serializer === undefined
      ? `give the producer a ${part}Serializer (e.g. serializers.json)`
      : `the ${part} serializer must return a Buffer, Uint8Array, string or null`;
  return new KafkaSerializationError(part, `cannot send a ${part} of type ${describe(bytes)} as bytes: ${fix}`);
}

/** Whether a serializer returned a promise; a `then` getter that throws is the serializer's failure. */
function isThenableResult(part: 'key' | 'value', bytes: unknown): boolean {
  try {
    return isThenable(bytes);
  } catch (error) {
    throw new KafkaSerializationError(part, `the ${part} serializer returned an object whose 'then' could not be read: ${messageOf(error)}`, error);
  }
}
