/** How each plain producer option maps to librdkafka and which values it accepts. */
export type OptionSpec =
  | { key: string; kind: 'string' }
  | { key: string; kind: 'int' | 'number'; min: number; max: number }
  | { key: string; kind: 'bool' }
  | { key: string; kind: 'enum'; values: readonly (string | number)[] };

const INT_MAX = 2_147_483_647;

export const OPTION_SPECS = {
  clientId: { key: 'client.id', kind: 'string' },
  acks: { key: 'acks', kind: 'enum', values: [0, 1, 'all', -1] },
  idempotence: { key: 'enable.idempotence', kind: 'bool' },
  retries: { key: 'retries', kind: 'int', min: 0, max: INT_MAX },
  retryBackoffMs: { key: 'retry.backoff.ms', kind: 'int', min: 1, max: 300_000 },
  deliveryTimeoutMs: { key: 'delivery.timeout.ms', kind: 'int', min: 0, max: INT_MAX },
  requestTimeoutMs: { key: 'request.timeout.ms', kind: 'int', min: 1, max: 900_000 },
  lingerMs: { key: 'linger.ms', kind: 'number', min: 0, max: 900_000 },
  batchSize: { key: 'batch.size', kind: 'int', min: 1, max: INT_MAX },
  batchNumMessages: { key: 'batch.num.messages', kind: 'int', min: 1, max: 1_000_000 },
  maxInFlight: { key: 'max.in.flight.requests.per.connection', kind: 'int', min: 1, max: 1_000_000 },
  compression: { key: 'compression.codec', kind: 'enum', values: ['none', 'gzip', 'snappy', 'lz4', 'zstd'] },
  compressionLevel: { key: 'compression.level', kind: 'int', min: -1, max: 12 },
  queueMaxMessages: { key: 'queue.buffering.max.messages', kind: 'int', min: 1, max: INT_MAX },
  queueMaxKbytes: { key: 'queue.buffering.max.kbytes', kind: 'int', min: 1, max: INT_MAX },
  messageMaxBytes: { key: 'message.max.bytes', kind: 'int', min: 1000, max: 1_000_000_000 },
  transactionalId: { key: 'transactional.id', kind: 'string' },
  transactionTimeoutMs: { key: 'transaction.timeout.ms', kind: 'int', min: 1000, max: INT_MAX },
  statisticsIntervalMs: { key: 'statistics.interval.ms', kind: 'int', min: 0, max: 86_400_000 },
} as const satisfies Record<string, OptionSpec>;

/** Options handled by dedicated code rather than the table above. */
export const SPECIAL_OPTIONS = [
  'bootstrapServers',
  'partitioner',
  'keySerializer',
  'valueSerializer',
  'tls',
  'sasl',
  'logger',
  'librdkafka',
] as const;

/** librdkafka aliases: an escape-hatch key that means the same as a typed option's key. */
export const KEY_ALIASES: Record<string, string> = {
  'bootstrap.servers': 'metadata.broker.list',
  'delivery.timeout.ms': 'message.timeout.ms',
  retries: 'message.send.max.retries',
  'linger.ms': 'queue.buffering.max.ms',
  'max.in.flight.requests.per.connection': 'max.in.flight',
  'compression.codec': 'compression.type',
  acks: 'request.required.acks',
};

/** Properties whose values must never appear in errors, logs or inspection output. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'sasl.password',
  'ssl.key.password',
  'ssl.key.pem',
  'ssl.keystore.password',
  'sasl.oauthbearer.client.secret',
  'sasl.oauthbearer.config',
]);
