import { KafkaArgumentError } from '../errors/kafka-errors.js';
import { describeError, errorCodeOfName, mockApiKey, mockApiName, mockApiNames } from '../native/binding.js';

/**
 * A Kafka protocol API, by name as librdkafka or Kafka's protocol documentation spells it
 * (`'Produce'`, `'InitProducerId'`, `'EndTxn'`, `'ApiVersions'`), or by its numeric key.
 */
export type MockApi = string | number;

/**
 * An error code, by name as `KafkaError.type` gives it (`'NOT_LEADER_OR_FOLLOWER'`,
 * `'REQUEST_TIMED_OUT'`, `'TRANSPORT'` for librdkafka's local `_TRANSPORT`), as librdkafka
 * spells it (`'_TRANSPORT'`, `'NOT_LEADER_FOR_PARTITION'`), or by its number (`ErrorCode`).
 */
export type MockErrorCode = string | number;

/** The API key of `api`; a KafkaArgumentError names an API librdkafka does not know. */
export function apiKeyOf(api: MockApi): number {
  if (typeof api === 'number') {
    // Checked as an int16 first: the addon's int32 conversion would wrap 2 ** 32 to 0 (Produce).
    if (Number.isInteger(api) && api >= 0 && api <= 0x7fff && mockApiName(api) !== null) return api;
    throw new KafkaArgumentError(`${String(api)} is not a Kafka API key librdkafka knows (0 to 73, e.g. 0 for Produce)`);
  }
  if (typeof api === 'string') {
    const key = mockApiKey(api);
    if (key !== null) return key;
    const near = mockApiNames().find((name) => name.toLowerCase() === api.toLowerCase());
    const hint = near === undefined ? `known names: ${mockApiNames().join(', ')}` : `did you mean '${near}'?`;
    throw new KafkaArgumentError(`'${api}' is not a Kafka API name librdkafka knows; ${hint}`);
  }
  throw new KafkaArgumentError(`an API is a name such as 'Produce' or a numeric key, not ${typeof api}`);
}

/** The API's name as librdkafka spells it (`'Produce'`), for a key it knows. */
export function apiNameOf(key: number): string {
  return mockApiName(key) ?? `ApiKey${key}`;
}

/** The numeric code of `error`; a KafkaArgumentError names an error librdkafka does not know. */
export function errorCodeOf(error: MockErrorCode): number {
  if (typeof error === 'number') {
    // A code librdkafka knows is one whose name leads back to it (unknown ones are all named UNKNOWN, -1).
    if (Number.isInteger(error) && errorCodeOfName(describeError(error).name) === error) return error;
    throw new KafkaArgumentError(`${String(error)} is not an error code librdkafka knows`);
  }
  if (typeof error === 'string') {
    const code = errorCodeOfName(error);
    if (code !== null) return code;
    const upper = errorCodeOfName(error.toUpperCase());
    const hint =
      upper === null ? 'use a name as KafkaError.type gives it, e.g. NOT_LEADER_OR_FOLLOWER, or a number' : `did you mean '${error.toUpperCase()}'?`;
    throw new KafkaArgumentError(`'${error}' is not an error name librdkafka knows; ${hint}`);
  }
  throw new KafkaArgumentError(`an error is a name such as 'REQUEST_TIMED_OUT' or a numeric code, not ${typeof error}`);
}
