import { Buffer } from 'node:buffer';

import { ErrorCode } from './codes.js';
import { KafkaError, type Persistence } from './kafka-errors.js';
import type { PreparedRecord } from '../send/record.js';

/** What is known about a failed record when its error is built. */
export interface RecordErrorContext {
  persistence: Persistence;
  topic: string;
  /** -1 when no partition was chosen yet. */
  partition: number;
  /** Its bytes (key, value and headers), when the record is at hand. */
  size?: number | undefined;
  /** The producer's librdkafka properties, `[key, value, ...]`, for the limits that applied. */
  pairs: readonly string[];
  /** The last client-level error (authentication, TLS, brokers down), for timed-out records. */
  clientError?: KafkaError | undefined;
  /** The producer's fatal error, once it hit one: a record failing after it is marked `fatal`. */
  fatalError?: KafkaError | undefined;
}

/** librdkafka's defaults for the limits named in messages, when the producer did not set them. */
const LIBRDKAFKA_DEFAULTS: Readonly<Record<string, string>> = {
  'message.max.bytes': '1000000',
  'batch.size': '1000000',
  'delivery.timeout.ms': '300000',
};

/**
 * A record's error with what a user needs to act on it: the topic and partition, the size
 * and the limit that applied, and the option that governs it. librdkafka's own text
 * ("Broker: Message size too large") stays at the front, for searching.
 */
export function recordError(code: number, context: RecordErrorContext): KafkaError {
  const base = KafkaError.fromCode(code);
  const where = context.partition >= 0 ? `topic '${context.topic}', partition ${context.partition}` : `topic '${context.topic}'`;
  const hint = hintFor(code, context);
  const clientError = context.clientError;
  const last = clientError === undefined ? '' : `; the last client error was ${clientError.type}: ${clientError.message}`;
  const fatalError = context.fatalError;
  const fatal = fatalError === undefined ? '' : `; the producer hit a fatal error and must be recreated: ${fatalError.message}`;
  const cause = fatalError ?? clientError;
  return KafkaError.fromCode(code, {
    persistence: context.persistence,
    message: `${base.message} (${where})${hint === '' ? '' : `: ${hint}`}${last}${fatal}`,
    ...(fatalError === undefined ? {} : { fatal: true }),
    ...(cause === undefined ? {} : { cause }),
  });
}

function hintFor(code: number, context: RecordErrorContext): string {
  switch (code) {
    case ErrorCode.MSG_SIZE_TOO_LARGE: {
      const limit = property(context.pairs, 'message.max.bytes');
      if (context.size !== undefined) {
        return `the record is ${context.size} bytes (key, value and headers) and the limit is ${limit} bytes, set by messageMaxBytes (librdkafka \`message.max.bytes\`); raise it, and the topic's max.message.bytes on the broker`;
      }
      return `the broker refused the batch holding this record as larger than the topic's max.message.bytes; raise that topic setting, or lower batchSize (librdkafka \`batch.size\`, now ${property(context.pairs, 'batch.size')} bytes) and messageMaxBytes (now ${limit} bytes)`;
    }
    case ErrorCode.UNKNOWN_PARTITION:
      return `the topic has no partition ${context.partition}: partitions are numbered from 0 to the topic's partition count minus 1`;
    case ErrorCode.UNKNOWN_TOPIC:
    case ErrorCode.UNKNOWN_TOPIC_OR_PART:
      return 'the topic does not exist (and the broker does not create topics automatically), or the partition does not: create the topic first';
    case ErrorCode.TOPIC_AUTHORIZATION_FAILED:
      return "the client's principal may not write to this topic: grant it WRITE on the topic";
    case ErrorCode.MSG_TIMED_OUT:
      return `not acknowledged within deliveryTimeoutMs (librdkafka \`delivery.timeout.ms\`, ${property(context.pairs, 'delivery.timeout.ms')} ms)`;
    default:
      return '';
  }
}

function property(pairs: readonly string[], key: string): string {
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) return pairs[i + 1] as string;
  return LIBRDKAFKA_DEFAULTS[key] ?? 'unknown';
}

/** A prepared record's bytes: key, value and packed headers. */
export function sizeOf(record: PreparedRecord): number {
  return partSize(record.key) + partSize(record.value) + (record.headers?.length ?? 0);
}

function partSize(part: Uint8Array | string | null): number {
  if (part === null) return 0;
  return typeof part === 'string' ? Buffer.byteLength(part) : part.length;
}
