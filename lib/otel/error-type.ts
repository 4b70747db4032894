import { KafkaError } from '../errors/kafka-errors.js';

/**
 * `error.type` for a failure: the KafkaError's symbolic code (`MSG_SIZE_TOO_LARGE`,
 * `UNKNOWN_PARTITION`, `MSG_TIMED_OUT`, `INVALID_RECORD`, `VALUE_SERIALIZATION`, ...), a small set;
 * `_OTHER` for anything else (the conventions' fallback).
 */
export function errorType(error: unknown): string {
  return error instanceof KafkaError && error.type !== '' ? error.type : '_OTHER';
}

/** A failure's message for a span status. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
