import { LIBRDKAFKA_PROPERTIES } from './librdkafka-properties.generated.js';

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

/** The librdkafka property an escape-hatch key stands for (its own name unless it is an alias). */
export function canonicalKey(key: string): string {
  // own entries only: 'constructor' or '__proto__' is no property of librdkafka's
  return (Object.hasOwn(LIBRDKAFKA_PROPERTIES, key) ? LIBRDKAFKA_PROPERTIES[key]?.aliasOf : undefined) ?? key;
}

// librdkafka marks these sensitive too, but they are not secrets: scrubbing them would hide a user
// name, a public CA or a file path from the very messages that need them.
const NOT_SECRET = new Set(['sasl.username', 'ssl.ca.pem', 'ssl.key.location', 'sasl.oauthbearer.assertion.private.key.file']);
// Secret-bearing values librdkafka itself does not mark sensitive.
const ALSO_SECRET = ['sasl.oauthbearer.extensions'];

/**
 * Properties whose values must never appear in errors, logs or inspection output: librdkafka's own
 * sensitive properties (from its property table) plus extensions, each under every alias.
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set(
  Object.entries(LIBRDKAFKA_PROPERTIES)
    .filter(([name]) => !NOT_SECRET.has(canonicalKey(name)))
    .filter(
      ([name, property]) =>
        LIBRDKAFKA_PROPERTIES[canonicalKey(name)]?.sensitive === true || property.sensitive === true || ALSO_SECRET.includes(canonicalKey(name)),
    )
    .map(([name]) => name),
);
