/** A rolling window of one measurement in librdkafka's statistics (STATISTICS.md): microseconds or bytes. */
export interface WindowStats {
  /** Smallest value in the window. */
  min: number;
  /** Largest value in the window. */
  max: number;
  /** Average over the window. */
  avg: number;
  /** Number of values in the window. */
  cnt: number;
}

/** One broker's part of librdkafka's statistics (the fields the metrics use; librdkafka sends more). */
export interface BrokerStatistics {
  /** `host:port/nodeid`. */
  name: string;
  /** The broker's node id (-1 for a bootstrap address not yet resolved to one). */
  nodeid: number;
  /** Connection state: `UP`, `DOWN`, `CONNECT`, `AUTH`, ... */
  state: string;
  /** Requests sent. */
  tx: number;
  /** Bytes sent. */
  txbytes: number;
  /** Requests retried. */
  txretries: number;
  /** Requests that failed to send. */
  txerrs: number;
  /** Responses received. */
  rx: number;
  /** Round-trip time of requests, microseconds. */
  rtt: WindowStats;
  /** Time records waited in librdkafka's queue before being sent, microseconds. */
  int_latency: WindowStats;
  /** Requests waiting to be sent. */
  outbuf_cnt: number;
  /** Requests sent and waiting for their response. */
  waitresp_cnt: number;
}

/** One topic's part of librdkafka's statistics. */
export interface TopicStatistics {
  /** The topic's name. */
  topic: string;
  /** Batch sizes, bytes. */
  batchsize: WindowStats;
  /** Records per batch. */
  batchcnt: WindowStats;
}

/** librdkafka's statistics JSON (STATISTICS.md), as the `'stats'` event delivers it, parsed; the fields the metrics use are typed. */
export interface LibrdkafkaStatistics {
  /** The librdkafka instance's name. */
  name: string;
  /** The configured `clientId`. */
  client_id: string;
  /** Monotonic time, microseconds. */
  ts: number;
  /** Wall-clock time, seconds since the epoch. */
  time: number;
  /** Records waiting in the producer's queue. */
  msg_cnt: number;
  /** Bytes of the records waiting in the producer's queue. */
  msg_size: number;
  /** The queue's limit, records (`queueMaxMessages`). */
  msg_max: number;
  /** The queue's limit, bytes (`queueMaxKbytes`). */
  msg_size_max: number;
  /** Requests sent to all brokers. */
  tx: number;
  /** Bytes sent to all brokers. */
  tx_bytes: number;
  /** Responses received from all brokers. */
  rx: number;
  /** Bytes received from all brokers. */
  rx_bytes: number;
  /** Records sent to all brokers. */
  txmsgs: number;
  /** Bytes of records sent to all brokers. */
  txmsg_bytes: number;
  /** Per broker, by name. */
  brokers: Record<string, BrokerStatistics>;
  /** Per topic, by name. */
  topics: Record<string, TopicStatistics>;
  /** Everything else librdkafka reports, untyped. */
  [field: string]: unknown;
}
