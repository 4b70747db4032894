/** A running Kafka cluster for tests, whichever way it was obtained. */
export interface KafkaCluster {
  /** e.g. "127.0.0.1:40123", comma-separated with several nodes (the PLAINTEXT listener) */
  bootstrapServers: string;
  /** bootstrap servers of each client listener; the secured ones exist only when `security` asked for them */
  listeners: KafkaListeners;
  /** with `security.tls`: the CA that signed the brokers' certificate, which clients must trust */
  tls?: {
    /** The CA certificate, PEM: pass it as `tls.ca` to a producer. */
    caPem: string;
  };
  /** The nodes' ids (for `kill`, `restart` and `pid`); `[1]` or `[1, 2, 3]` for a local cluster. */
  nodeIds: number[];
  /** Stops every process this cluster started and removes its data folder. Idempotent. */
  stop(): Promise<void>;
  /** Hard kill: SIGKILL that node's JVM and wait until it is gone. */
  kill(nodeId: number): Promise<void>;
  /**
   * Starts that node again with the same data and ports and waits until it serves.
   * A node that is still running is first stopped gracefully (SIGTERM), i.e. a rolling restart.
   */
  restart(nodeId: number): Promise<void>;
  /**
   * OS process id of that node's JVM while it runs (e.g. to SIGSTOP it to simulate a hung broker);
   * undefined when it does not run or is not a local process (Docker, KAFKA_BOOTSTRAP_SERVERS).
   */
  pid(nodeId: number): number | undefined;
}

/** Options of `startKafka()`. */
export interface StartKafkaOptions {
  /** 1 (default) or 3 combined broker+controller nodes */
  nodes?: 1 | 3;
  /** Apache Kafka version for the local broker, default "4.1.1" */
  kafkaVersion?: string;
  /** where downloaded jars are kept, default `$FERROKAFKA_CACHE_DIR` or `~/.cache/ferrokafka` */
  cacheDir?: string;
  /** per start of a node (jar download excluded); default 120 s */
  startupTimeoutMs?: number;
  /** extra or overriding server.properties entries for every node */
  brokerProperties?: Record<string, string>;
  /**
   * Adds TLS and/or SASL listeners next to PLAINTEXT (which stays the inter-broker listener).
   * Needs the local JVM broker: Docker is skipped, and KAFKA_BOOTSTRAP_SERVERS is refused.
   */
  security?: KafkaSecurityOptions;
  /** receives the harness's progress lines and the brokers' log lines */
  log?: (line: string) => void;
}

/** Addresses ("127.0.0.1:port", comma-separated with several nodes) of each client listener. */
export interface KafkaListeners {
  /** always (the same as `bootstrapServers`) */
  plaintext: string;
  /** with `security.tls` */
  ssl?: string;
  /** with `security.sasl` */
  saslPlaintext?: string;
  /** with `security.tls` and `security.sasl` */
  saslSsl?: string;
}

/** A SASL mechanism the test broker can enable. */
export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'oauthbearer';

/** TLS and SASL listeners for a local test cluster. */
export interface KafkaSecurityOptions {
  /**
   * Adds an SSL listener (and SASL_SSL with `sasl`). A CA made for this cluster signs the brokers'
   * certificate; `cluster.tls.caPem` is that CA. The certificate names DNS:localhost and IP:127.0.0.1
   * unless `subjectAltNames` says otherwise (e.g. `['DNS:localhost']` to test hostname verification).
   */
  tls?:
    | boolean
    | {
        /** The broker certificate's names, e.g. `['DNS:localhost', 'IP:127.0.0.1']` (the default). */
        subjectAltNames?: readonly string[];
      };
  /**
   * SASL mechanisms to enable; adds a SASL_PLAINTEXT listener (and SASL_SSL with `tls`).
   * 'oauthbearer' uses Kafka's *unsecured* token validator, for tests only: it accepts any unsecured
   * JWT (header {"alg":"none"}, empty signature; see `createUnsecuredJwt`) whose `exp` has not passed
   * and whose `iat`, if any, has; the principal is its `sub`. No signature or issuer is checked.
   */
  sasl?: readonly KafkaSaslMechanism[];
  /**
   * user name → password, valid for every password mechanism in `sasl` (PLAIN through JAAS, SCRAM
   * created when the storage is formatted; OAUTHBEARER has no users). Names: letters, digits, '_'
   * and '-'; passwords also `.~!@#%^*+`.
   */
  users?: Readonly<Record<string, string>>;
}
