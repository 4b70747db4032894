import { describe } from '../errors/describe-value.js';
import { KafkaArgumentError, KafkaError, messageOf } from '../errors/kafka-errors.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Options of `send()`, `sendBatch()` and `produce()`. */
export interface SendOptions {
  /** Aborts the send while the record still waits for queue room (or for its async serializer); an aborted record is never sent. */
  signal?: AbortSignal;
}

/** Options of `flush()` and of the transaction calls. */
export interface FlushOptions {
  /** How long to wait, ms. Default 30000 (60000 for `initTransactions`, `commitTransaction` and `abortTransaction`). */
  timeoutMs?: number;
}

/** Options of `close()`. */
export interface CloseOptions {
  /** Time to deliver outstanding records before the rest are purged. Default 30000. */
  timeoutMs?: number;
}

/** Anything thrown while a call is checked (a getter, a revoked Proxy) becomes a typed error. */
export function asKafkaError(operation: string, error: unknown): KafkaError {
  return error instanceof KafkaError ? error : new KafkaArgumentError(`${operation}: ${messageOf(error)}`, error);
}

/** The AbortSignal of send()/sendBatch() options, checked: anything else would break the wait for room. */
export function signalOf(operation: string, options: SendOptions | undefined): AbortSignal | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object') {
    throw new KafkaArgumentError(`${operation}: options must be an object such as { signal }; got ${describe(options)}`);
  }
  const signal: unknown = options.signal;
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) {
    throw new KafkaArgumentError(`${operation}: options.signal must be an AbortSignal (e.g. new AbortController().signal); got ${describe(signal)}`);
  }
  return signal;
}

/** A timeout option: a positive integer of milliseconds, `fallback` when absent. */
export function checkTimeout(operation: string, timeoutMs: unknown, fallback = DEFAULT_TIMEOUT_MS): number {
  if (timeoutMs === undefined) return fallback;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw new KafkaArgumentError(`${operation}: timeoutMs must be a positive integer of milliseconds; got ${describe(timeoutMs)}`);
  }
  return timeoutMs;
}
