import type {
  CompressionCodec,
  OAuthBearerToken,
  PartitionerFunction,
  ProducerConfig as FerrokafkaConfig,
  SaslConfig,
  TlsConfig,
} from '../config/options.js';
import { describe } from '../errors/describe-value.js';
import { KafkaJSNonRetriableError } from './errors.js';
import type { RetryBudget } from './error-mapping.js';
import { librdkafkaLines, type Logger } from './logger.js';
import { partitionOf } from './messages.js';
import { DefaultPartitioner, type ICustomPartitioner, Partitioners, type PartitionMetadata } from './partitioners.js';
import type { KafkaConfig, KafkaJSTlsOptions, ProducerConfig, RetryOptions } from './types.js';

/** What one underlying ferrokafka producer sends with: KafkaJS takes these per `send()`, librdkafka per producer. */
export interface SendProfile {
  /** -1, 0 or 1. */
  acks: number;
  compression: CompressionCodec;
  /** The broker-side request timeout, ms. */
  timeout: number;
}

/** KafkaJS's defaults for `send()`. */
export const DEFAULT_PROFILE: SendProfile = { acks: -1, compression: 'none', timeout: 30_000 };

/** KafkaJS's retry defaults (`retries` becomes unlimited for an idempotent producer). */
const RETRY_DEFAULTS = { retries: 5, initialRetryTime: 300, maxRetryTime: 30_000 } as const;
const INT_MAX = 2_147_483_647;
/** KafkaJS's default transaction timeout, and librdkafka's. */
const DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;
/** Often enough that connect() sees a broker come up within about a second (it reads the statistics). */
const STATISTICS_INTERVAL_MS = 1_000;

/** The shortest wait for a missing topic, so that a topic created just before still has time to appear. */
const MIN_TOPIC_WAIT_MS = 1_000;

const SUPPORTED_TLS_OPTIONS = ['ca', 'cert', 'key', 'passphrase', 'rejectUnauthorized'];

/** A ferrokafka producer's configuration for a KafkaJS client and producer, and what its failures report. */
export interface MappedConfig {
  config: FerrokafkaConfig;
  budget: RetryBudget;
}

/**
 * Maps KafkaJS's client and producer options (and one send profile) to a ferrokafka producer's.
 * Throws a KafkaJSNonRetriableError naming any option that cannot be honoured.
 */
export function mapProducerConfig(
  kafka: KafkaConfig,
  producer: ProducerConfig,
  brokers: readonly string[],
  profile: SendProfile,
  transactional: boolean,
  logger: Logger,
): MappedConfig {
  const idempotent = producer.idempotent === true || transactional;
  const retry = retryOf(kafka.retry, producer.retry, idempotent);
  const transactionTimeoutMs = producer.transactionTimeout ?? DEFAULT_TRANSACTION_TIMEOUT_MS;
  let deliveryTimeoutMs = deliveryTimeoutOf(retry, profile.timeout);
  // librdkafka demands that a transactional producer's records time out within the transaction.
  if (transactional) deliveryTimeoutMs = Math.min(deliveryTimeoutMs, transactionTimeoutMs);
  const librdkafka: Record<string, string | number | boolean> = {
    'allow.auto.create.topics': producer.allowAutoTopicCreation ?? true,
    'retry.backoff.max.ms': retry.maxRetryTime,
  };
  if (kafka.requestTimeout !== undefined) librdkafka['socket.timeout.ms'] = kafka.requestTimeout;
  if (kafka.connectionTimeout !== undefined) librdkafka['socket.connection.setup.timeout.ms'] = kafka.connectionTimeout;
  if (producer.metadataMaxAge !== undefined) librdkafka['metadata.max.age.ms'] = producer.metadataMaxAge;
  if (producer.allowAutoTopicCreation === false) {
    // KafkaJS gives up on a missing topic once its retries' back-offs have passed; librdkafka waits
    // this long for a topic to appear (30 s by default) before failing its records.
    librdkafka['topic.metadata.propagation.max.ms'] = Math.max(MIN_TOPIC_WAIT_MS, Math.min(backoffsOf(retry), INT_MAX));
  }

  const config: FerrokafkaConfig = {
    bootstrapServers: brokers,
    clientId: kafka.clientId ?? 'kafkajs',
    acks: profile.acks === -1 ? 'all' : (profile.acks as 0 | 1),
    idempotence: idempotent,
    compression: profile.compression,
    requestTimeoutMs: profile.timeout,
    retries: Math.min(retry.retries, INT_MAX),
    retryBackoffMs: retry.initialRetryTime,
    deliveryTimeoutMs,
    // KafkaJS sends each call's messages at once. 1 ms keeps an awaited send quick (1.8 ms against
    // kafkajs's 5.2 ms, measured) while concurrent single-message sends still share requests
    // (18k msg/s; 6.5k with 0 ms, where each becomes a request of its own).
    lingerMs: 1,
    partitioner: partitionerOf(producer.createPartitioner),
    statisticsIntervalMs: STATISTICS_INTERVAL_MS,
    logger: librdkafkaLines(logger),
    librdkafka,
  };
  if (producer.maxInFlightRequests !== undefined && producer.maxInFlightRequests !== null) config.maxInFlight = producer.maxInFlightRequests;
  if (transactional) {
    config.transactionalId = producer.transactionalId as string;
    config.transactionTimeoutMs = transactionTimeoutMs;
  }
  const tls = tlsOf(kafka.ssl);
  if (tls !== undefined) config.tls = tls;
  const sasl = saslOf(kafka.sasl);
  if (sasl !== undefined) config.sasl = sasl;
  return { config, budget: { retries: retry.retries, deliveryTimeoutMs } };
}

interface Retry {
  retries: number;
  initialRetryTime: number;
  maxRetryTime: number;
}

function retryOf(client: RetryOptions | undefined, producer: RetryOptions | undefined, idempotent: boolean): Retry {
  const merged = { ...client, ...producer };
  const retries = merged.retries ?? (idempotent ? Number.MAX_SAFE_INTEGER : RETRY_DEFAULTS.retries);
  if (idempotent && retries < 1) {
    throw new KafkaJSNonRetriableError('Idempotent producer must allow retries to protect against transient errors');
  }
  for (const [name, value] of Object.entries({ retries, initialRetryTime: merged.initialRetryTime, maxRetryTime: merged.maxRetryTime })) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      throw new KafkaJSNonRetriableError(`retry.${name} must be a non-negative integer; got ${describe(value)}`);
    }
  }
  return {
    retries,
    initialRetryTime: merged.initialRetryTime ?? RETRY_DEFAULTS.initialRetryTime,
    maxRetryTime: merged.maxRetryTime ?? RETRY_DEFAULTS.maxRetryTime,
  };
}

/**
 * KafkaJS gives up on a send after `retries` retries; librdkafka gives up on a record at its
 * delivery timeout. The timeout here is what KafkaJS's retries would take at most: one request
 * timeout per attempt plus the doubling back-offs between them. With unlimited retries (an
 * idempotent producer's default), ferrokafka's 120 s.
 */
export function deliveryTimeoutOf(retry: Retry, requestTimeoutMs: number): number {
  if (retry.retries >= INT_MAX) return 120_000;
  return Math.min((retry.retries + 1) * requestTimeoutMs + backoffsOf(retry), INT_MAX);
}

/** The sum of KafkaJS's back-offs over all retries (without their jitter), capped near librdkafka's limit. */
function backoffsOf(retry: Retry): number {
  let total = 0;
  let backoff = retry.initialRetryTime;
  for (let attempt = 0; attempt < retry.retries && total < INT_MAX; attempt++) {
    if (backoff === 0 || backoff >= retry.maxRetryTime) {
      // Every back-off left is the same (0, or the cap): counted at once, since retries may be unlimited.
      return Math.min(total + (retry.retries - attempt) * Math.min(backoff, retry.maxRetryTime), INT_MAX);
    }
    total += backoff;
    backoff *= 2;
  }
  return total;
}

/** The default partitioner is librdkafka's own `murmur2_random` (no JS per record); any other runs in JS. */
function partitionerOf(create: ICustomPartitioner | undefined): FerrokafkaConfig['partitioner'] {
  if (create === undefined || create === DefaultPartitioner || create === Partitioners.JavaCompatiblePartitioner) return 'murmur2_random';
  if (typeof create !== 'function') {
    throw new KafkaJSNonRetriableError(`createPartitioner must be a function that returns a partitioner; got ${describe(create)}`);
  }
  const partition = create();
  if (typeof partition !== 'function') {
    throw new KafkaJSNonRetriableError(
      `createPartitioner() must return a function ({ topic, partitionMetadata, message }) => partition; got ${describe(partition)}`,
    );
  }
  const metadata = new Map<number, PartitionMetadata[]>();
  const bridge: PartitionerFunction = (key, partitionCount, topic) => {
    let partitionMetadata = metadata.get(partitionCount);
    if (partitionMetadata === undefined) {
      // The partition count is known here, the leaders are not: each partition is reported led by node 0.
      partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
        partitionErrorCode: 0,
        partitionId,
        leader: 0,
        replicas: [0],
        isr: [0],
        offlineReplicas: [],
      }));
      metadata.set(partitionCount, partitionMetadata);
    }
    return partitionOf(partition({ topic, partitionMetadata, message: { key } }));
  };
  return bridge;
}

function tlsOf(ssl: KafkaConfig['ssl']): boolean | TlsConfig | undefined {
  if (ssl === undefined || ssl === null || ssl === false) return undefined;
  if (ssl === true) return true;
  if (typeof ssl !== 'object') throw new KafkaJSNonRetriableError(`ssl must be true or an object of TLS options; got ${describe(ssl)}`);
  for (const option of Object.keys(ssl)) {
    if (option === 'servername' && ssl.rejectUnauthorized === false) continue; // nothing is verified against it
    if (option === 'servername' && ssl.servername !== undefined) {
      throw new KafkaJSNonRetriableError(
        'ssl.servername is not supported by ferrokafka/kafkajs while certificates are verified: librdkafka checks the certificate against the broker address in `brokers`, so give the brokers by the name the certificate holds (or set ssl.rejectUnauthorized: false, which ignores servername)',
      );
    }
    if (!SUPPORTED_TLS_OPTIONS.includes(option) && (ssl as KafkaJSTlsOptions)[option] !== undefined) {
      throw new KafkaJSNonRetriableError(
        `ssl.${option} is not supported by ferrokafka/kafkajs (librdkafka makes the TLS connections, not Node's tls module); the supported TLS options are ${SUPPORTED_TLS_OPTIONS.join(', ')}`,
      );
    }
  }
  const tls: TlsConfig = {};
  const ca = pem('ca', ssl.ca);
  if (ca !== undefined) tls.ca = ca;
  const cert = pem('cert', ssl.cert);
  if (cert !== undefined) tls.cert = cert;
  const key = pem('key', ssl.key);
  if (key !== undefined) tls.key = key;
  if (ssl.passphrase !== undefined) tls.keyPassword = ssl.passphrase;
  if (ssl.rejectUnauthorized === false) {
    // Node's rejectUnauthorized: false skips the chain and the host name alike.
    tls.rejectUnauthorized = false;
    tls.checkHostname = false;
  }
  return tls;
}

/** PEM given as one string/Buffer or a list of them (several CAs are concatenated). */
function pem(option: string, value: unknown): string | Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || Buffer.isBuffer(item))) {
    if (option !== 'ca' && value.length > 1) {
      throw new KafkaJSNonRetriableError(`ssl.${option} holds ${value.length} entries; ferrokafka/kafkajs takes one ${option} (PEM)`);
    }
    return value.map((item) => item.toString()).join('\n');
  }
  throw new KafkaJSNonRetriableError(`ssl.${option} must be PEM (a string or Buffer, or a list of them); got ${describe(value)}`);
}

function saslOf(sasl: KafkaConfig['sasl']): SaslConfig | undefined {
  if (sasl === undefined || sasl === null) return undefined;
  const given: unknown = (sasl as { mechanism?: unknown }).mechanism;
  const mechanism = typeof given === 'string' ? given.toLowerCase() : given;
  switch (mechanism) {
    case 'plain':
    case 'scram-sha-256':
    case 'scram-sha-512': {
      const { username, password } = sasl as { username: unknown; password: unknown };
      if (typeof username !== 'string' || typeof password !== 'string') {
        throw new KafkaJSNonRetriableError(`sasl.username and sasl.password must be strings for mechanism ${mechanism}`);
      }
      return { mechanism, username, password };
    }
    case 'oauthbearer': {
      const provider = (sasl as { oauthBearerProvider?: unknown }).oauthBearerProvider;
      if (typeof provider !== 'function') throw new KafkaJSNonRetriableError('sasl.oauthBearerProvider must be a function for mechanism oauthbearer');
      return { mechanism: 'oauthbearer', oauthBearerProvider: async () => tokenOf(await (provider as () => Promise<{ value: string }>)()) };
    }
    case 'aws':
      throw new KafkaJSNonRetriableError(
        "sasl mechanism 'aws' (KafkaJS's AWS-IAM) is not supported by ferrokafka/kafkajs; use 'oauthbearer' with a token provider (MSK supports OAUTHBEARER with IAM tokens)",
      );
    default:
      throw new KafkaJSNonRetriableError(`sasl.mechanism must be one of plain, scram-sha-256, scram-sha-512, oauthbearer; got ${describe(given)}`);
  }
}

/** Token lifetime when the token is no JWT with an `exp` claim (librdkafka refreshes at 80 % of it). */
const OPAQUE_TOKEN_LIFETIME_MS = 15 * 60_000;

/**
 * KafkaJS's provider returns `{ value }` only; librdkafka also needs the expiry and principal, which
 * are read from the token's `exp` and `sub` claims when it is a JWT.
 */
function tokenOf(token: { value: string } | undefined): OAuthBearerToken {
  if (token === null || typeof token !== 'object' || typeof token.value !== 'string') {
    throw new KafkaJSNonRetriableError(`sasl.oauthBearerProvider must resolve with { value: token }; got ${describe(token)}`);
  }
  const claims = jwtClaims(token.value);
  const expiresAtMs = typeof claims?.exp === 'number' ? claims.exp * 1000 : Date.now() + OPAQUE_TOKEN_LIFETIME_MS;
  return { value: token.value, expiresAtMs, principal: typeof claims?.sub === 'string' ? claims.sub : 'kafkajs' };
}

function jwtClaims(token: string): { exp?: unknown; sub?: unknown } | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return claims !== null && typeof claims === 'object' ? claims : undefined;
  } catch {
    return undefined;
  }
}
