import type { CompressionType } from './compression.js';
import type { LogLevel, logCreator } from './logger.js';
import type { ICustomPartitioner } from './partitioners.js';

/** KafkaJS's retry options. librdkafka retries produce requests itself; see config-mapping.ts for how these map. */
export interface RetryOptions {
  /** Longest back-off between retries, ms. Default 30000. (`retry.backoff.max.ms`) */
  maxRetryTime?: number;
  /** First back-off, ms. Default 300. (`retry.backoff.ms`) */
  initialRetryTime?: number;
  /** Randomisation of each back-off. librdkafka always uses ±20 %, which is KafkaJS's default 0.2. */
  factor?: number;
  /** Growth of each back-off. librdkafka always doubles, which is KafkaJS's default 2. */
  multiplier?: number;
  /** Retries of a failed request. Default 5 (unlimited for an idempotent producer). (`retries`) */
  retries?: number;
  /** Consumer-only in KafkaJS; ignored by the producer. */
  restartOnFailure?: (error: Error) => Promise<boolean>;
}

/** TLS options, as KafkaJS takes them (a subset of Node's `tls.ConnectionOptions`). */
export interface KafkaJSTlsOptions {
  /** Trusted CA certificate(s), PEM. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate, PEM. */
  cert?: string | Buffer | Array<string | Buffer>;
  /** Client private key, PEM. */
  key?: string | Buffer | Array<string | Buffer>;
  /** Password of an encrypted `key`. */
  passphrase?: string;
  /** Verify the broker's certificate (chain and host name). Default true. */
  rejectUnauthorized?: boolean;
  /** Accepted with `rejectUnauthorized: false` only (nothing is verified against it then). */
  servername?: string;
  /** Any other `tls.ConnectionOptions` field is refused with an error naming it. */
  [option: string]: unknown;
}

/** What KafkaJS's OAUTHBEARER provider resolves with. */
export interface OauthbearerProviderResponse {
  /** The token, e.g. a JWT. */
  value: string;
}

/** KafkaJS's SASL options. `aws` is not supported (an error says so). */
export type KafkaJSSaslOptions =
  | {
      /** The mechanism, in any letter case. */
      mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
      /** The user name. */
      username: string;
      /** The password (never logged nor put in an error). */
      password: string;
    }
  | {
      /** OAUTHBEARER. */
      mechanism: 'oauthbearer';
      /** Called whenever a (new) token is needed; resolves with the token as `{ value }`. */
      oauthBearerProvider: () => Promise<OauthbearerProviderResponse>;
    }
  | {
      /** Any other mechanism (e.g. KafkaJS's `aws`) is refused with an error naming it. */
      mechanism: string;
      [field: string]: unknown;
    };

/** `new Kafka(config)`: KafkaJS's client configuration. */
export interface KafkaConfig {
  /** "host:port" of the bootstrap brokers, or a function returning them (called on connect). */
  brokers: string[] | (() => string[] | Promise<string[]>);
  /** Default 'kafkajs', as in KafkaJS. (`client.id`) */
  clientId?: string;
  /** TLS: true for the system trust store, or options. */
  ssl?: boolean | KafkaJSTlsOptions;
  /** SASL authentication. */
  sasl?: KafkaJSSaslOptions;
  /** Time to establish a connection, ms. (`socket.connection.setup.timeout.ms`) */
  connectionTimeout?: number;
  /** Ignored: librdkafka bounds authentication by `connectionTimeout`. */
  authenticationTimeout?: number;
  /** Ignored: librdkafka re-authenticates as the broker asks. */
  reauthenticationThreshold?: number;
  /** Client-side timeout of a request, ms. (`socket.timeout.ms`) */
  requestTimeout?: number;
  /** Ignored: librdkafka always enforces its request timeouts. */
  enforceRequestTimeout?: boolean;
  /** Retry options, for every producer of this client (a producer's own `retry` wins). */
  retry?: RetryOptions;
  /** Refused: librdkafka opens its own sockets. */
  socketFactory?: unknown;
  /** Default `logLevel.INFO`. */
  logLevel?: LogLevel;
  /** Default: JSON lines on the console. */
  logCreator?: logCreator;
}

/** `kafka.producer(config)`: KafkaJS's producer configuration. */
export interface ProducerConfig {
  /** Default `Partitioners.DefaultPartitioner` (Java-compatible murmur2). */
  createPartitioner?: ICustomPartitioner;
  /** This producer's retry options, over the client's. */
  retry?: RetryOptions;
  /** How old metadata may get before it is refreshed, ms. (`metadata.max.age.ms`) */
  metadataMaxAge?: number;
  /** Let the broker create a topic on first use. Default true, as in KafkaJS. (`allow.auto.create.topics`) */
  allowAutoTopicCreation?: boolean;
  /** Exactly-once per partition. Default false, as in KafkaJS. (`enable.idempotence`) */
  idempotent?: boolean;
  /** Enables `transaction()`. (`transactional.id`) */
  transactionalId?: string;
  /** Default 60000. (`transaction.timeout.ms`) */
  transactionTimeout?: number;
  /** Unacknowledged requests per connection; at most 5 when idempotent. (`max.in.flight.requests.per.connection`) */
  maxInFlightRequests?: number;
}

/** Header values as KafkaJS takes them; an array repeats the header. */
export interface IHeaders {
  [key: string]: Buffer | string | Array<Buffer | string> | undefined;
}

/** One message of `send()`. */
export interface Message {
  /** Messages with the same key go to the same partition. */
  key?: Buffer | string | null;
  /** Required; null writes a tombstone. */
  value: Buffer | string | null;
  /** An explicit partition; otherwise the partitioner chooses. */
  partition?: number;
  /** Headers; an array value repeats the header, an undefined value is skipped. */
  headers?: IHeaders;
  /** Create time, ms since the epoch, as a string (a number is accepted too). */
  timestamp?: string;
}

/** `producer.send()`'s argument. */
export interface ProducerRecord {
  /** The topic to write to. */
  topic: string;
  /** The messages, written in order. */
  messages: Message[];
  /** -1 (all in-sync replicas, default), 1 (the leader) or 0 (no answer). */
  acks?: number;
  /** How long the broker may wait for replicas before answering, ms. Default 30000. (`request.timeout.ms`) */
  timeout?: number;
  /** Default `CompressionTypes.None`. */
  compression?: CompressionType;
}

/** The messages for one topic in `sendBatch()`. */
export interface TopicMessages {
  /** The topic to write to. */
  topic: string;
  /** The messages, written in order. */
  messages: Message[];
}

/** `producer.sendBatch()`'s argument. */
export interface ProducerBatch {
  /** -1 (default), 1 or 0, as in `send()`. */
  acks?: number;
  /** As in `send()`. */
  timeout?: number;
  /** As in `send()`. */
  compression?: CompressionType;
  /** The messages per topic. */
  topicMessages?: TopicMessages[];
}

/** The offsets of a consumer group to commit within a transaction. */
export interface TxnOffsets {
  /** The consumer group whose offsets are committed. */
  consumerGroupId: string;
  /** Per topic and partition, the offset of the next message to consume. */
  topics: Array<{
    /** The topic consumed. */
    topic: string;
    /** Its partitions and offsets. */
    partitions: Array<{
      /** The partition consumed. */
      partition: number;
      /** The offset of the next message to consume, as a string. */
      offset: string;
    }>;
  }>;
}
