import type { ProducerRecord } from '../send/record.js';
import type { RawBytes } from '../send/serializers.js';
import { describe } from '../errors/describe-value.js';
import { KafkaJSNonRetriableError } from './errors.js';
import type { Message, TopicMessages } from './types.js';

/** A ferrokafka record of raw bytes (KafkaJS messages hold Buffers or strings). */
export type FerrokafkaRecord = ProducerRecord<RawBytes, RawBytes>;

/**
 * KafkaJS's checks of a `sendBatch()` (with its messages), then one ferrokafka record per message,
 * in order. Topics named twice are sent in the order given (KafkaJS merges them; the result is the same).
 */
export function toRecords(topicMessages: unknown): FerrokafkaRecord[] {
  if (!Array.isArray(topicMessages)) {
    throw new KafkaJSNonRetriableError(`topicMessages must be an array of { topic, messages }; got ${describe(topicMessages)}`);
  }
  const entries = topicMessages as Array<Partial<TopicMessages> | null | undefined>;
  if (entries.some((entry) => !entry?.topic)) throw new KafkaJSNonRetriableError('Invalid topic');
  let count = 0;
  for (const entry of entries as TopicMessages[]) {
    const { topic, messages } = entry;
    if (!Array.isArray(messages)) {
      throw new KafkaJSNonRetriableError(`Invalid messages array [${String(messages)}] for topic "${topic}"`);
    }
    const withoutValue = (messages as Array<Partial<Message> | null>).find((message) => message?.value === undefined);
    if (withoutValue !== undefined) {
      throw new KafkaJSNonRetriableError(`Invalid message without value for topic "${topic}": ${JSON.stringify(withoutValue)}`);
    }
    count += messages.length;
  }
  const records = new Array<FerrokafkaRecord>(count);
  let index = 0;
  for (const { topic, messages } of entries as TopicMessages[]) {
    for (const message of messages) records[index++] = toRecord(topic, message);
  }
  return records;
}

/** Only the fields ferrokafka knows are copied (KafkaJS ignores any others). */
function toRecord(topic: string, message: Message): FerrokafkaRecord {
  const record: FerrokafkaRecord = { topic, key: message.key ?? null, value: message.value };
  if (message.partition !== undefined && message.partition !== null) record.partition = partitionOf(message.partition);
  if (message.headers !== undefined && message.headers !== null) record.headers = headersOf(topic, message.headers);
  if (message.timestamp !== undefined && message.timestamp !== null) record.timestamp = timestampOf(topic, message.timestamp);
  return record;
}

/**
 * A partition number as a decimal string ("3", e.g. read from the environment), in a message or
 * returned by a partitioner, works in KafkaJS: the number is sent.
 */
export function partitionOf(partition: unknown): number {
  // Anything else is left to ferrokafka's record check, which names the partition.
  return typeof partition === 'string' && /^(0|[1-9][0-9]{0,9})$/.test(partition) ? Number(partition) : (partition as number);
}

/** KafkaJS skips headers whose value is undefined; ferrokafka would refuse them. */
function headersOf(topic: string, headers: Message['headers']): FerrokafkaRecord['headers'] {
  if (typeof headers !== 'object') {
    throw new KafkaJSNonRetriableError(`Invalid headers for topic "${topic}": headers must be an object; got ${describe(headers)}`);
  }
  const defined: Record<string, Buffer | string | Array<Buffer | string>> = {};
  for (const [name, value] of Object.entries(headers as object)) {
    if (value !== undefined) defined[name] = value as Buffer | string | Array<Buffer | string>;
  }
  return defined;
}

/** KafkaJS takes the create time as a string of milliseconds. */
function timestampOf(topic: string, timestamp: unknown): number {
  const ms = typeof timestamp === 'string' && timestamp.trim() !== '' ? Number(timestamp) : timestamp;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms <= 0) {
    throw new KafkaJSNonRetriableError(
      `Invalid timestamp for topic "${topic}": it must be milliseconds since the epoch (a string or number); got ${describe(timestamp)}`,
    );
  }
  return ms;
}
