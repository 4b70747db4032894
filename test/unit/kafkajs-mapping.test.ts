import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

import { ErrorCode } from '../../lib/errors/codes.js';
import { KafkaClosedError, KafkaError, KafkaRecordError, KafkaTimeoutError } from '../../lib/errors/kafka-errors.js';
import { deliveryTimeoutOf, mapProducerConfig, DEFAULT_PROFILE } from '../../lib/kafkajs/config-mapping.js';
import { toKafkaJSError } from '../../lib/kafkajs/error-mapping.js';
import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
  KafkaJSTimeout,
  LegacyPartitioner,
  Partitioners,
  isKafkaJSError,
  type LogEntry,
  logLevel,
} from '../../lib/kafkajs/index.js';
import { InstrumentationEvents, PRODUCER_EVENTS } from '../../lib/kafkajs/events.js';
import { createLogger, kafkajsLevelOf } from '../../lib/kafkajs/logger.js';
import { toRecords } from '../../lib/kafkajs/messages.js';
import { protocolErrorName } from '../../lib/kafkajs/protocol-errors.js';
import { toRecordMetadata } from '../../lib/kafkajs/record-metadata.js';
import { resolveConfig } from '../../lib/config/resolve.js';

const require = createRequire(import.meta.url);
const { errorCodes } = require('kafkajs/src/protocol/error.js') as { errorCodes: Array<{ type: string; code: number; retriable: boolean }> };

const silent = createLogger(logLevel.NOTHING, () => () => undefined);
const budget = { retries: 5, deliveryTimeoutMs: 189_300 };

function mapped(kafka: object = {}, producer: object = {}, profile = DEFAULT_PROFILE, transactional = false) {
  return mapProducerConfig({ brokers: ['b:9092'], ...kafka }, producer, ['b:9092'], profile, transactional, silent);
}

describe('KafkaJS options → ferrokafka options', () => {
  it("maps the client's and producer's options, with KafkaJS's defaults", () => {
    const { config, budget: retryBudget } = mapped();
    expect(config).toMatchObject({
      bootstrapServers: ['b:9092'],
      clientId: 'kafkajs',
      acks: 'all',
      idempotence: false,
      compression: 'none',
      requestTimeoutMs: 30_000,
      retries: 5,
      retryBackoffMs: 300,
      lingerMs: 1,
      partitioner: 'murmur2_random',
      librdkafka: { 'allow.auto.create.topics': true, 'retry.backoff.max.ms': 30_000 },
    });
    // KafkaJS's worst case for 5 retries: 6 requests of 30 s and back-offs of 0.3 + 0.6 + 1.2 + 2.4 + 4.8 s.
    expect(config.deliveryTimeoutMs).toBe(6 * 30_000 + 9_300);
    expect(retryBudget).toEqual({ retries: 5, deliveryTimeoutMs: 189_300 });
    // Everything it produces is a valid ferrokafka configuration.
    expect(() => resolveConfig(config as never)).not.toThrow();
  });

  it('maps every option a KafkaJS program may set', () => {
    const { config } = mapped(
      { clientId: 'app', connectionTimeout: 3000, requestTimeout: 45_000, retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 } },
      { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, metadataMaxAge: 60_000 },
      { acks: -1, compression: 'zstd', timeout: 5000 },
    );
    expect(config).toMatchObject({
      clientId: 'app',
      idempotence: true,
      maxInFlight: 1,
      compression: 'zstd',
      requestTimeoutMs: 5000,
      retries: 2,
      retryBackoffMs: 100,
      deliveryTimeoutMs: 3 * 5000 + 100 + 200,
      librdkafka: {
        'allow.auto.create.topics': false,
        // A missing topic fails once KafkaJS's back-offs (0.1 + 0.2 s) passed, but not before 1 s.
        'topic.metadata.propagation.max.ms': 1000,
        'socket.timeout.ms': 45_000,
        'socket.connection.setup.timeout.ms': 3000,
        'metadata.max.age.ms': 60_000,
        'retry.backoff.max.ms': 1000,
      },
    });
    expect(() => resolveConfig(config as never)).not.toThrow();
  });

  it('an idempotent producer retries without limit (ferrokafka bounds it at 120 s), and refuses retries: 0', () => {
    expect(mapped({}, { idempotent: true }).config).toMatchObject({ retries: 2_147_483_647, deliveryTimeoutMs: 120_000 });
    expect(mapped({}, { allowAutoTopicCreation: false }).config.librdkafka).toMatchObject({ 'topic.metadata.propagation.max.ms': 9300 });
    expect(() => mapped({}, { idempotent: true, retry: { retries: 0 } })).toThrow(
      'Idempotent producer must allow retries to protect against transient errors',
    );
    expect(deliveryTimeoutOf({ retries: 0, initialRetryTime: 300, maxRetryTime: 30_000 }, 1000)).toBe(1000);
  });

  it('a transactional producer: transactional id, timeout, and records that time out within the transaction', () => {
    const { config } = mapped({}, { transactionalId: 'tx', transactionTimeout: 10_000 }, DEFAULT_PROFILE, true);
    expect(config).toMatchObject({ transactionalId: 'tx', transactionTimeoutMs: 10_000, idempotence: true, deliveryTimeoutMs: 10_000 });
    expect(() => resolveConfig(config as never)).not.toThrow();
  });

  it('TLS: ssl true, CA lists, client certificates, rejectUnauthorized; other tls options are named and refused', () => {
    expect(mapped({ ssl: true }).config.tls).toBe(true);
    expect(mapped({ ssl: { ca: ['A', Buffer.from('B')], cert: 'C', key: 'K', passphrase: 'P' } }).config.tls).toEqual({
      ca: 'A\nB',
      cert: 'C',
      key: 'K',
      keyPassword: 'P',
    });
    expect(mapped({ ssl: { rejectUnauthorized: false } }).config.tls).toEqual({ rejectUnauthorized: false, checkHostname: false });
    expect(() => mapped({ ssl: { servername: 'x' } })).toThrow(/ssl.servername is not supported .* while certificates are verified/);
    // KafkaJS's own example: servername with verification off, where nothing is checked against it.
    expect(mapped({ ssl: { servername: 'localhost', rejectUnauthorized: false, ca: ['A'] } }).config.tls).toEqual({
      ca: 'A',
      rejectUnauthorized: false,
      checkHostname: false,
    });
    expect(() => mapped({ ssl: { minVersion: 'TLSv1.2' } })).toThrow(
      /ssl.minVersion is not supported.*ca, cert, key, passphrase, rejectUnauthorized/,
    );
    expect(() => mapped({ ssl: { cert: ['a', 'b'] } })).toThrow('ssl.cert holds 2 entries');
  });

  it('SASL: plain and SCRAM in any case, OAUTHBEARER through the provider; aws is refused with what to use', async () => {
    expect(mapped({ sasl: { mechanism: 'SCRAM-SHA-256', username: 'u', password: 'p' } }).config.sasl).toEqual({
      mechanism: 'scram-sha-256',
      username: 'u',
      password: 'p',
    });
    expect(mapped({ sasl: { mechanism: 'plain', username: 'u', password: 'p' } }).config.sasl).toEqual({
      mechanism: 'plain',
      username: 'u',
      password: 'p',
    });
    const claims = Buffer.from(JSON.stringify({ sub: 'alice', exp: 2_000_000_000 })).toString('base64url');
    const sasl = mapped({ sasl: { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: `h.${claims}.s` }) } }).config.sasl as {
      oauthBearerProvider: () => Promise<object>;
    };
    expect(await sasl.oauthBearerProvider()).toEqual({ value: `h.${claims}.s`, expiresAtMs: 2_000_000_000_000, principal: 'alice' });
    expect(() => mapped({ sasl: { mechanism: 'aws', authorizationIdentity: 'x' } })).toThrow(/'aws'.*not supported.*oauthbearer/);
    expect(() => mapped({ sasl: { mechanism: 'gssapi' } })).toThrow(/sasl.mechanism must be one of/);
  });

  it('partitioners: the default runs in librdkafka, any other in JS with the partition count', () => {
    expect(mapped({}, { createPartitioner: Partitioners.DefaultPartitioner }).config.partitioner).toBe('murmur2_random');
    const legacy = mapped({}, { createPartitioner: LegacyPartitioner }).config.partitioner as (
      key: Buffer | null,
      count: number,
      topic: string,
    ) => number;
    expect(typeof legacy).toBe('function');
    expect(legacy(Buffer.from('key-1'), 10, 't')).toBe(
      LegacyPartitioner()({
        topic: 't',
        partitionMetadata: Array.from({ length: 10 }, (_, i) => ({ partitionErrorCode: 0, partitionId: i, leader: 0, replicas: [], isr: [] })),
        message: { key: 'key-1' },
      }),
    );
    const seen: unknown[] = [];
    const custom = mapped(
      {},
      {
        createPartitioner: () => (args: unknown) => {
          seen.push(args);
          return 1;
        },
      },
    ).config.partitioner as (key: Buffer | null, count: number, topic: string) => number;
    expect(custom(null, 3, 'orders')).toBe(1);
    expect(seen[0]).toMatchObject({ topic: 'orders', message: { key: null } });
    expect((seen[0] as { partitionMetadata: unknown[] }).partitionMetadata).toHaveLength(3);
    expect(() => mapped({}, { createPartitioner: 'murmur2' })).toThrow('createPartitioner must be a function');
  });
});

describe('ferrokafka errors → KafkaJS errors', () => {
  it("names every protocol error as KafkaJS does, with the protocol's retriability", () => {
    for (const { type, code, retriable } of errorCodes) {
      if (code < 0) continue;
      expect(protocolErrorName(code), `code ${code}`).toEqual({ type, retriable });
    }
  });

  it('a non-retriable broker error is a KafkaJSProtocolError; a retriable one outlived its retries', () => {
    const tooLarge = toKafkaJSError(KafkaError.fromCode(ErrorCode.MSG_SIZE_TOO_LARGE), budget);
    expect(tooLarge).toBeInstanceOf(KafkaJSProtocolError);
    expect(tooLarge).toMatchObject({ name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false });
    expect(tooLarge.cause).toBeInstanceOf(KafkaError);
    const notEnough = toKafkaJSError(KafkaError.fromCode(ErrorCode.NOT_ENOUGH_REPLICAS), budget);
    expect(notEnough).toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    expect(notEnough).toMatchObject({ retriable: false, retryCount: 5, retryTime: 189_300 });
    expect(notEnough.cause).toMatchObject({ name: 'KafkaJSProtocolError', type: 'NOT_ENOUGH_REPLICAS', retriable: true });
    const unknownTopic = toKafkaJSError(KafkaError.fromCode(ErrorCode.UNKNOWN_TOPIC), budget);
    expect(unknownTopic.cause).toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3 });
  });

  it('local failures: timeouts, connections, authentication, input, disconnection', () => {
    const timedOut = toKafkaJSError(KafkaError.fromCode(ErrorCode.MSG_TIMED_OUT), budget);
    expect(timedOut).toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    expect(timedOut.cause).toBeInstanceOf(KafkaJSRequestTimeoutError);
    expect(toKafkaJSError(KafkaError.fromCode(ErrorCode.ALL_BROKERS_DOWN), budget).cause).toBeInstanceOf(KafkaJSConnectionError);
    expect(toKafkaJSError(KafkaError.fromCode(ErrorCode.AUTHENTICATION), budget)).toBeInstanceOf(KafkaJSSASLAuthenticationError);
    const record = toKafkaJSError(new KafkaRecordError('bad header'), budget);
    expect(record).toBeInstanceOf(KafkaJSNonRetriableError);
    expect(record.message).toBe('bad header');
    const closed = toKafkaJSError(new KafkaClosedError(), budget);
    expect(closed).toMatchObject({ name: 'KafkaJSError', message: 'The producer is disconnected', retriable: true });
    const fatal = toKafkaJSError(new KafkaClosedError('fenced', KafkaError.fromCode(ErrorCode.FATAL)), budget);
    expect(fatal).toBeInstanceOf(KafkaJSNonRetriableError);
    expect(toKafkaJSError(new KafkaTimeoutError('flush', 3), budget)).toBeInstanceOf(KafkaJSTimeout);
    const thrown = toKafkaJSError(new TypeError('user code'), budget);
    expect(thrown).toBeInstanceOf(KafkaJSNonRetriableError);
    expect(isKafkaJSError(thrown)).toBe(true);
    expect(isKafkaJSError(new Error('x'))).toBe(false);
    expect(new KafkaJSError('x')).toMatchObject({ retriable: true, name: 'KafkaJSError' });
  });
});

describe('KafkaJS messages and results', () => {
  it('turns topicMessages into records in order, keeping only known fields', () => {
    const records = toRecords([
      {
        topic: 'a',
        messages: [{ key: 'k', value: 'v', partition: 1, headers: { h: 'x', skipped: undefined }, timestamp: '1700000000000', extra: 1 }],
      },
      { topic: 'b', messages: [{ value: null }] },
    ]);
    expect(records).toEqual([
      { topic: 'a', key: 'k', value: 'v', partition: 1, headers: { h: 'x' }, timestamp: 1_700_000_000_000 },
      { topic: 'b', key: null, value: null },
    ]);
    expect(() => toRecords([{ topic: 'a', messages: [{ value: 'v', timestamp: 'soon' }] }])).toThrow(/Invalid timestamp for topic "a"/);
    expect(() => toRecords('x')).toThrow(KafkaJSNonRetriableError);
  });

  it('groups per-record metadata into one entry per topic-partition, with its lowest offset', () => {
    const at = (topic: string, partition: number, offset: number) => ({ topic, partition, offset, timestamp: 1 });
    expect(toRecordMetadata([at('b', 1, 7), at('a', 0, 3), at('b', 0, 5), at('b', 1, 6), at('a', 0, 4)])).toEqual([
      { topicName: 'b', partition: 0, errorCode: 0, baseOffset: '5', logAppendTime: '-1', logStartOffset: '-1' },
      { topicName: 'b', partition: 1, errorCode: 0, baseOffset: '6', logAppendTime: '-1', logStartOffset: '-1' },
      { topicName: 'a', partition: 0, errorCode: 0, baseOffset: '3', logAppendTime: '-1', logStartOffset: '-1' },
    ]);
  });
});

describe('KafkaJS logger', () => {
  it('filters by level, names namespaces, and maps librdkafka levels', () => {
    const entries: LogEntry[] = [];
    const logger = createLogger(logLevel.INFO, () => (entry) => entries.push(entry));
    const producerLog = logger.namespace('Producer');
    producerLog.debug('hidden');
    producerLog.info('shown', { extra: 1 });
    expect(entries).toEqual([
      {
        namespace: 'Producer',
        level: logLevel.INFO,
        label: 'INFO',
        log: { timestamp: expect.any(String), logger: 'kafkajs', message: 'shown', extra: 1 },
      },
    ]);
    logger.setLogLevel(logLevel.DEBUG);
    producerLog.debug('now shown');
    expect(entries).toHaveLength(2);
    expect([0, 3, 4, 5, 6, 7].map(kafkajsLevelOf)).toEqual([1, 1, 2, 4, 4, 5]);
  });
});

describe('KafkaJS producer events', () => {
  it('calls listeners synchronously with the event, logs a listener that throws or rejects, and removes listeners', async () => {
    const entries: LogEntry[] = [];
    const events = new InstrumentationEvents(createLogger(logLevel.ERROR, () => (entry) => entries.push(entry)));
    const seen: unknown[] = [];
    const remove = events.on(PRODUCER_EVENTS.CONNECT, (event) => seen.push(event));
    events.on(PRODUCER_EVENTS.CONNECT, () => {
      throw new Error('sync throw');
    });
    events.on(PRODUCER_EVENTS.CONNECT, async () => {
      throw new Error('async rejection');
    });
    events.emit(PRODUCER_EVENTS.CONNECT);
    expect(seen).toEqual([{ id: expect.any(Number), type: 'producer.connect', timestamp: expect.any(Number), payload: null }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(entries.map((entry) => entry.log.message).sort()).toEqual([
      'Failed to execute listener: async rejection',
      'Failed to execute listener: sync throw',
    ]);
    remove();
    events.emit(PRODUCER_EVENTS.CONNECT);
    expect(seen).toHaveLength(1);
    expect(() => events.on('producer.nope', () => undefined)).toThrow(/Event name should be one of producer.events.CONNECT/);
  });
});
