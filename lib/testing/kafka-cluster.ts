/** A running Kafka cluster for tests, whichever way it was obtained. */
export interface KafkaCluster {
  /** e.g. "127.0.0.1:40123", comma-separated with several nodes */
  bootstrapServers: string;
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
  /** receives the harness's progress lines and the brokers' log lines */
  log?: (line: string) => void;
}
