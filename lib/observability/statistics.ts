/** The parts of librdkafka's statistics JSON (STATISTICS.md) that the metrics use. */
export interface WindowStats {
  min: number;
  max: number;
  avg: number;
  cnt: number;
}

export interface BrokerStatistics {
  name: string;
  nodeid: number;
  state: string;
  tx: number;
  txbytes: number;
  txretries: number;
  txerrs: number;
  rx: number;
  rtt: WindowStats;
  int_latency: WindowStats;
  outbuf_cnt: number;
  waitresp_cnt: number;
}

export interface TopicStatistics {
  topic: string;
  batchsize: WindowStats;
  batchcnt: WindowStats;
}

export interface LibrdkafkaStatistics {
  name: string;
  client_id: string;
  /** Monotonic time, microseconds. */
  ts: number;
  time: number;
  msg_cnt: number;
  msg_size: number;
  msg_max: number;
  msg_size_max: number;
  tx: number;
  tx_bytes: number;
  rx: number;
  rx_bytes: number;
  txmsgs: number;
  txmsg_bytes: number;
  brokers: Record<string, BrokerStatistics>;
  topics: Record<string, TopicStatistics>;
  [field: string]: unknown;
}
