import { describe, expect, it } from 'vitest';

import { ErrorCode } from '../../lib/errors/codes.js';
import { KafkaError, KafkaRecordError, KafkaSerializationError, messageOf, withContext } from '../../lib/errors/kafka-errors.js';
import { recordError } from '../../lib/errors/record-errors.js';

describe('errors', () => {
  it('map librdkafka codes to types, retriability and persistence', () => {
    const timedOut = KafkaError.fromCode(ErrorCode.MSG_TIMED_OUT, { persistence: 'possibly-persisted' });
    expect(timedOut).toMatchObject({ type: 'MSG_TIMED_OUT', retriable: true, fatal: false, possiblyPersisted: true });
    expect(KafkaError.fromCode(ErrorCode.NOT_ENOUGH_REPLICAS)).toMatchObject({ type: 'NOT_ENOUGH_REPLICAS', retriable: true });
    expect(KafkaError.fromCode(ErrorCode.MSG_SIZE_TOO_LARGE)).toMatchObject({ type: 'MSG_SIZE_TOO_LARGE', retriable: false });
  });

  it('withContext keeps the class and flags, wraps anything else, and never mutates the original', () => {
    const original = Object.freeze(new KafkaSerializationError('value', 'bad value'));
    const wrapped = withContext(original, 'record 3: ', ' (none sent)', (m, c) => new KafkaRecordError(m, c));
    expect(wrapped).toBeInstanceOf(KafkaSerializationError);
    expect(wrapped).toMatchObject({ name: 'KafkaSerializationError', type: 'VALUE_SERIALIZATION', message: 'record 3: bad value (none sent)' });
    expect(wrapped.cause).toBe(original);
    expect(original.message).toBe('bad value');
    const fromString = withContext('boom', 'record 0: ', '', (m, c) => new KafkaRecordError(m, c));
    expect(fromString).toBeInstanceOf(KafkaRecordError);
    expect(fromString.message).toBe('record 0: boom');
    expect(messageOf(Symbol('s'))).toBe('Symbol(s)');
  });

  it('a record error names topic, partition, size, limit and option', () => {
    const pairs = ['message.max.bytes', '10000'];
    const tooLarge = recordError(ErrorCode.MSG_SIZE_TOO_LARGE, { persistence: 'not-persisted', topic: 'orders', partition: 1, size: 20_000, pairs });
    expect(tooLarge.message).toBe(
      "Broker: Message size too large (topic 'orders', partition 1): the record is 20000 bytes (key, value and headers) and the limit is 10000 bytes, set by messageMaxBytes (librdkafka `message.max.bytes`); raise it, and the topic's max.message.bytes on the broker",
    );
    expect(tooLarge.persistence).toBe('not-persisted');
    const fromBroker = recordError(ErrorCode.MSG_SIZE_TOO_LARGE, { persistence: 'not-persisted', topic: 'orders', partition: 0, pairs: [] });
    expect(fromBroker.message).toContain('now 1000000 bytes');
    const unknown = recordError(ErrorCode.UNKNOWN_PARTITION, { persistence: 'not-persisted', topic: 'orders', partition: 9, pairs });
    expect(unknown.message).toContain("(topic 'orders', partition 9): the topic has no partition 9");
    const client = new KafkaError({ code: ErrorCode.AUTHENTICATION, type: 'AUTHENTICATION', message: 'bad password' });
    const timedOut = recordError(ErrorCode.MSG_TIMED_OUT, {
      persistence: 'possibly-persisted',
      topic: 'orders',
      partition: -1,
      pairs: ['delivery.timeout.ms', '120000'],
      clientError: client,
    });
    expect(timedOut.message).toBe(
      "Local: Message timed out (topic 'orders'): not acknowledged within deliveryTimeoutMs (librdkafka `delivery.timeout.ms`, 120000 ms); the last client error was AUTHENTICATION: bad password",
    );
    expect(timedOut.cause).toBe(client);
  });
});
