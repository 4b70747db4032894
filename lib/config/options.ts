import type { RawBytes, Serializer } from '../send/serializers.js';
import type { LogEntry } from '../observability/log.js';

/** Replicas that must acknowledge a write: none (`0`), the leader (`1`) or every in-sync replica (`'all'`, `-1`). */
export type Acks = 0 | 1 | 'all' | -1;
/** The codec librdkafka compresses batches with (`compression.codec`). */
export type CompressionCodec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** librdkafka's built-in partitioners. `murmur2_random` is the Java client's and KafkaJS's choice. */
export type PartitionerName = 'murmur2_random' | 'murmur2' | 'consistent_random' | 'consistent' | 'random' | 'fnv1a' | 'fnv1a_random';

/**
 * Chooses a partition in `[0, partitionCount)` for a record without an explicit partition.
 * `key` is the serialized key (null for records without one).
 */
export type PartitionerFunction = (key: Buffer | null, partitionCount: number, topic: string) => number;

/** TLS settings: trusted CAs, a client certificate for mutual TLS, and (explicit) relaxations of verification. */
export interface TlsConfig {
  /** CA certificate(s), PEM. Without it the system's trust store is used. (`ssl.ca.pem`) */
  ca?: string | Buffer | undefined;
  /** Client certificate, PEM, for mutual TLS. (`ssl.certificate.pem`) */
  cert?: string | Buffer | undefined;
  /** Client private key, PEM. (`ssl.key.pem`) */
  key?: string | Buffer | undefined;
  /** Password of an encrypted private key. (`ssl.key.password`) */
  keyPassword?: string | undefined;
  /** Verify the broker's certificate chain. Default true. (`enable.ssl.certificate.verification`) */
  rejectUnauthorized?: boolean | undefined;
  /** Verify that the certificate matches the broker's host name. Default true. (`ssl.endpoint.identification.algorithm`) */
  checkHostname?: boolean | undefined;
}

/** A token returned by an OAUTHBEARER `oauthBearerProvider`. */
export interface OAuthBearerToken {
  /** The token itself (e.g. a JWT). */
  value: string;
  /** Absolute expiry, in ms since the epoch. */
  expiresAtMs: number;
  /** The principal name. Default "ferrokafka". */
  principal?: string | undefined;
  /** SASL extensions as key/value pairs. */
  extensions?: Record<string, string> | undefined;
}

/** SASL authentication: PLAIN or SCRAM with a user name and password, or OAUTHBEARER with a token provider or OIDC. */
export type SaslConfig =
  | {
      /** The mechanism. (`sasl.mechanisms`) */
      mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
      /** The user name. (`sasl.username`) */
      username: string;
      /** The password; never appears in errors or logs. (`sasl.password`) */
      password: string;
    }
  | {
      /** OAUTHBEARER with tokens from your own function. */
      mechanism: 'oauthbearer';
      /** Called whenever librdkafka needs a (new) token. */
      oauthBearerProvider: () => Promise<OAuthBearerToken> | OAuthBearerToken;
    }
  | {
      /** OAUTHBEARER with tokens librdkafka fetches itself. */
      mechanism: 'oauthbearer';
      /** OpenID Connect client-credentials flow run by librdkafka itself. */
      oidc: {
        /** The identity provider's token endpoint. (`sasl.oauthbearer.token.endpoint.url`) */
        tokenEndpointUrl: string;
        /** The client id. (`sasl.oauthbearer.client.id`) */
        clientId: string;
        /** The client secret; never appears in errors or logs. (`sasl.oauthbearer.client.secret`) */
        clientSecret: string;
        /** Scopes to request. (`sasl.oauthbearer.scope`) */
        scope?: string;
        /** SASL extensions, `key=value` pairs separated by commas. (`sasl.oauthbearer.extensions`) */
        extensions?: string;
      };
    };

/** Producer configuration. Every option maps to one librdkafka property, named in its doc. */
export interface ProducerConfig<K = RawBytes, V = RawBytes> {
  /** Brokers to bootstrap from: "host:port" list, comma-separated string or array. (`bootstrap.servers`) */
  bootstrapServers: string | readonly string[];
  /** A name for this client in broker logs and metrics. (`client.id`) */
  clientId?: string | undefined;
  /** Replicas that must acknowledge a write: 0, 1 or 'all'. Default 'all'. (`acks`) */
  acks?: Acks | undefined;
  /** Exactly-once per partition within a producer session. Default true, like the Java client. (`enable.idempotence`) */
  idempotence?: boolean | undefined;
  /** How often a failed produce request is retried. (`retries`) */
  retries?: number | undefined;
  /** Back-off before a retry, ms. (`retry.backoff.ms`) */
  retryBackoffMs?: number | undefined;
  /** Upper bound on the time to report a record's success or failure, ms. Default 120000, like the Java client (librdkafka's own is 300000). (`delivery.timeout.ms`) */
  deliveryTimeoutMs?: number | undefined;
  /** How long the producer waits for the broker's acknowledgement of one request, ms. (`request.timeout.ms`) */
  requestTimeoutMs?: number | undefined;
  /** Time to wait for more records before sending a batch, ms. Default 5. (`linger.ms`) */
  lingerMs?: number | undefined;
  /** Maximum size of one batch, bytes. (`batch.size`) */
  batchSize?: number | undefined;
  /** Maximum records in one batch. (`batch.num.messages`) */
  batchNumMessages?: number | undefined;
  /** Unacknowledged requests per broker connection; at most 5 with idempotence. (`max.in.flight.requests.per.connection`) */
  maxInFlight?: number | undefined;
  /** Compression codec. Default 'none'. (`compression.codec`) */
  compression?: CompressionCodec | undefined;
  /** Codec-specific level; -1 for the codec's default. (`compression.level`) */
  compressionLevel?: number | undefined;
  /** Records the local queue holds before `send()` waits for room. (`queue.buffering.max.messages`) */
  queueMaxMessages?: number | undefined;
  /** Kilobytes the local queue holds before `send()` waits for room. (`queue.buffering.max.kbytes`) */
  queueMaxKbytes?: number | undefined;
  /** Largest request the producer builds, bytes. (`message.max.bytes`) */
  messageMaxBytes?: number | undefined;
  /** A librdkafka partitioner by name, or a function. Default 'murmur2_random' (Java-compatible). (`partitioner`) */
  partitioner?: PartitionerName | PartitionerFunction | undefined;
  /** Turns keys into bytes. Default: Buffer, Uint8Array, string (UTF-8) or null. */
  keySerializer?: Serializer<K> | undefined;
  /** Turns values into bytes. Default: Buffer, Uint8Array, string (UTF-8) or null. */
  valueSerializer?: Serializer<V> | undefined;
  /** Enables transactions; implies idempotence. (`transactional.id`) */
  transactionalId?: string | undefined;
  /** Longest a transaction may stay open before the broker aborts it, ms. (`transaction.timeout.ms`) */
  transactionTimeoutMs?: number | undefined;
  /** How often librdkafka emits statistics (the 'stats' event and `metrics()`), ms; 0 turns them off. Default 5000. (`statistics.interval.ms`) */
  statisticsIntervalMs?: number | undefined;
  /**
   * TLS to the brokers: `true` for defaults (system trust store, verification on), or options. `false`
   * says plain text is intended, which silences the warning about SASL credentials without TLS. (`security.protocol`)
   */
  tls?: boolean | TlsConfig | undefined;
  /** SASL authentication. (`security.protocol`, `sasl.*`) */
  sasl?: SaslConfig | undefined;
  /** Receives librdkafka's log lines. Default: errors go to stderr unless a 'log' listener exists. */
  logger?: ((entry: LogEntry) => void) | undefined;
  /**
   * Any librdkafka property by its own name; checked by librdkafka itself. Must not repeat a typed option
   * under any alias, nor set what the typed layer owns (security settings, the delivery timeout), nor
   * break the producer (callbacks, `delivery.report.only.error`, `log.queue`, consumer properties).
   */
  librdkafka?: Record<string, string | number | boolean> | undefined;
}
