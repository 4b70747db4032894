import { closestName } from '../config/suggestion.js';
import { describe } from '../errors/describe-value.js';
import { KafkaArgumentError, KafkaError, messageOf } from '../errors/kafka-errors.js';
import { validateTopic } from '../send/record.js';

/** Options of `producer.writable()`. */
export interface WritableOptions {
  /** The topic of every record that does not name its own. Without it, every record must name one. */
  topic?: string | undefined;
  /**
   * Records the stream buffers before `write()` returns false, and the most it hands to
   * librdkafka in one burst. Default 1024, and at most the producer's `queueMaxMessages`
   * (librdkafka's queue; 100,000 unless set): a burst must fit in the queue it waits for.
   */
  highWaterMark?: number | undefined;
  /** Aborts the stream: it is destroyed with a `KafkaAbortError`; records not yet handed over are not sent. */
  signal?: AbortSignal | undefined;
}

/** The checked options, with their defaults. */
export interface CheckedWritableOptions {
  topic: string | undefined;
  highWaterMark: number;
  signal: AbortSignal | undefined;
}

/** One staging batch of the hand-over: bigger bursts gain nothing and buffer more. */
export const DEFAULT_HIGH_WATER_MARK = 1024;
const KNOWN_OPTIONS = ['topic', 'highWaterMark', 'signal'];

/** Checks `producer.writable()`'s options; `queueCapacity` is librdkafka's `queue.buffering.max.messages`. */
export function checkWritableOptions(options: unknown, queueCapacity: number): CheckedWritableOptions {
  if (options === undefined) return { topic: undefined, highWaterMark: Math.min(DEFAULT_HIGH_WATER_MARK, queueCapacity), signal: undefined };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new KafkaArgumentError(`writable: options must be an object such as { topic }; got ${describe(options)}`);
  }
  try {
    return checkedOptions(options, queueCapacity);
  } catch (error) {
    // A getter or a Proxy that throws is a bad option too.
    throw error instanceof KafkaError ? error : new KafkaArgumentError(`writable: options: ${messageOf(error)}`, error);
  }
}

function checkedOptions(options: object, queueCapacity: number): CheckedWritableOptions {
  for (const name of Object.keys(options)) {
    if (KNOWN_OPTIONS.includes(name)) continue;
    const hint = closestName(name, KNOWN_OPTIONS);
    throw new KafkaArgumentError(
      `writable: unknown option '${name}'${hint === undefined ? '' : ` (did you mean '${hint}'?)`}; the options are ${KNOWN_OPTIONS.join(', ')}`,
    );
  }
  const { topic, highWaterMark, signal } = options as WritableOptions;
  return {
    topic: topicOf(topic),
    highWaterMark: highWaterMarkOf(highWaterMark, queueCapacity),
    signal: signalOf(signal),
  };
}

function topicOf(topic: unknown): string | undefined {
  if (topic === undefined) return undefined;
  try {
    return validateTopic(topic);
  } catch (error) {
    throw new KafkaArgumentError(`writable: options.topic: ${(error as KafkaError).message}`);
  }
}

function highWaterMarkOf(highWaterMark: unknown, queueCapacity: number): number {
  if (highWaterMark === undefined) return Math.min(DEFAULT_HIGH_WATER_MARK, queueCapacity);
  if (typeof highWaterMark !== 'number' || !Number.isInteger(highWaterMark) || highWaterMark < 1 || highWaterMark > queueCapacity) {
    throw new KafkaArgumentError(
      `writable: options.highWaterMark must be an integer number of records from 1 to the producer's queueMaxMessages (${queueCapacity}); got ${describe(highWaterMark)}`,
    );
  }
  return highWaterMark;
}

function signalOf(signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) {
    throw new KafkaArgumentError(`writable: options.signal must be an AbortSignal (e.g. new AbortController().signal); got ${describe(signal)}`);
  }
  return signal;
}
