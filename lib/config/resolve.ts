import type { ProducerConfig, PartitionerFunction } from './options.js';
import { OPTION_SPECS, SECRET_KEYS, SPECIAL_OPTIONS, type OptionSpec } from './schema.js';
import { unknownOptionHint } from './suggestion.js';
import { describe } from '../errors/describe-value.js';
import { KafkaConfigError } from '../errors/kafka-errors.js';
import { escapeHatch } from './escape-hatch.js';
import { secretsOf } from '../security/redact.js';
import { plaintextCredentialsWarning, securityOwner, securityProperties, tlsDiagnosis, type TlsDiagnosisConfig } from '../security/properties.js';

const DEFAULT_STATISTICS_INTERVAL_MS = 5000;
/** The Java client's `delivery.timeout.ms` default (librdkafka's own is 300 s). */
const DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;
/** librdkafka's `transaction.timeout.ms` default; a transactional producer's records time out with it. */
const DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;
const IDEMPOTENT_MAX_IN_FLIGHT = 5;

/** What the JS layer itself needs to know after validation. */
export interface ResolvedConfig {
  /** librdkafka properties as `[key, value, key, value, ...]`. */
  pairs: string[];
  /** Values that must be scrubbed from any message that could echo them. */
  secrets: string[];
  /** Said once through the logger when the producer starts (e.g. credentials without TLS). */
  warnings: string[];
  /** What is needed to explain a failed certificate verification; undefined without TLS. */
  tls: TlsDiagnosisConfig | undefined;
  idempotence: boolean;
  transactional: boolean;
  deliveryTimeoutMs: number;
  customPartitioner: PartitionerFunction | undefined;
  oauthBearerProvider: Extract<NonNullable<ProducerConfig['sasl']>, { oauthBearerProvider: unknown }>['oauthBearerProvider'] | undefined;
}

type PlainOption = keyof typeof OPTION_SPECS;

/** Validates a producer config and turns it into librdkafka properties. Throws KafkaConfigError. */
export function resolveConfig(config: ProducerConfig<unknown, unknown>): ResolvedConfig {
  if (config === null || typeof config !== 'object') {
    throw new KafkaConfigError('the producer needs a config object, e.g. { bootstrapServers: "localhost:9092" }');
  }
  rejectUnknownOptions(config);
  for (const [option, shape] of Object.entries(FUNCTION_OPTIONS)) checkFunction(option, shape, config[option as keyof typeof FUNCTION_OPTIONS]);
  const properties = new Map<string, string>();
  properties.set('bootstrap.servers', bootstrapServers(config.bootstrapServers));

  for (const option of Object.keys(OPTION_SPECS) as PlainOption[]) {
    const value = config[option];
    if (value !== undefined) {
      properties.set(OPTION_SPECS[option].key, checkValue(option, OPTION_SPECS[option], value));
    }
  }

  const idempotence = resolveIdempotence(config);
  properties.set('enable.idempotence', String(idempotence));
  if (!properties.has('acks')) properties.set('acks', 'all');
  if (!properties.has('statistics.interval.ms')) {
    properties.set('statistics.interval.ms', String(DEFAULT_STATISTICS_INTERVAL_MS));
  }

  const partitioner = config.partitioner ?? 'murmur2_random';
  if (typeof partitioner === 'string') {
    properties.set('partitioner', checkValue('partitioner', PARTITIONER_SPEC, partitioner));
  } else if (typeof partitioner !== 'function') {
    throw new KafkaConfigError(
      `partitioner (librdkafka \`partitioner\`) must be a function or one of ${PARTITIONER_SPEC.values.join(', ')}; got ${describe(partitioner)}`,
    );
  }

  const deliveryTimeoutMs = resolveDeliveryTimeout(config);
  // Written explicitly, so the default is the Java client's rather than librdkafka's. A transactional
  // producer without one is left to librdkafka, which then uses the transaction timeout.
  if (deliveryTimeoutMs !== undefined) properties.set('delivery.timeout.ms', String(deliveryTimeoutMs));

  for (const [key, value] of securityProperties(config.tls, config.sasl)) properties.set(key, value);
  const explicit = new Set([...properties.keys()].filter((key) => !IMPLICIT_DEFAULT_KEYS.has(key) || userSet(config, key)));
  const owner = (key: string): string | undefined => securityOwner(key, config.tls, config.sasl);
  for (const [key, value] of escapeHatch(config.librdkafka, explicit, owner)) properties.set(key, value);

  const pairs: string[] = [];
  const secrets: string[] = [];
  for (const [key, value] of properties) {
    pairs.push(key, value);
    if (SECRET_KEYS.has(key)) secrets.push(...secretsOf(key, value));
  }
  const sasl = config.sasl;
  const warning = plaintextCredentialsWarning(config.tls, config.sasl);
  return {
    pairs,
    secrets,
    warnings: warning === undefined ? [] : [warning],
    tls: tlsDiagnosis(config.tls, properties.get('ssl.ca.location')),
    idempotence,
    transactional: config.transactionalId !== undefined,
    deliveryTimeoutMs: deliveryTimeoutMs ?? config.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS,
    customPartitioner: typeof partitioner === 'function' ? partitioner : undefined,
    oauthBearerProvider: sasl !== undefined && 'oauthBearerProvider' in sasl ? sasl.oauthBearerProvider : undefined,
  };
}

const PARTITIONER_SPEC = {
  key: 'partitioner',
  kind: 'enum',
  values: ['murmur2_random', 'murmur2', 'consistent_random', 'consistent', 'random', 'fnv1a', 'fnv1a_random'],
} as const satisfies OptionSpec;

/**
 * Options that must be functions, and the shape each must have. Checked here, not at first use: a
 * logger that is no function would otherwise throw a TypeError out of every log line.
 */
const FUNCTION_OPTIONS = {
  keySerializer: '(key, topic) => Buffer | Uint8Array | string | null (or a promise of one), e.g. serializers.json',
  valueSerializer: '(value, topic) => Buffer | Uint8Array | string | null (or a promise of one), e.g. serializers.json',
  logger: '(entry) => void',
} as const;

function checkFunction(option: string, shape: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new KafkaConfigError(`${option} must be a function ${shape}; got ${describe(value)}`);
  }
}

function rejectUnknownOptions(config: object): void {
  const known: string[] = [...Object.keys(OPTION_SPECS), ...SPECIAL_OPTIONS];
  for (const option of Object.keys(config)) {
    if (known.includes(option)) continue;
    throw new KafkaConfigError(`unknown producer option '${option}'${unknownOptionHint(option, known)}`);
  }
}

/**
 * The delivery timeout to write: the user's, else the Java client's 120 s (at least linger plus one
 * request, as Java demands). A transactional producer without one gets none: librdkafka then uses
 * the transaction timeout, which the timeout must not exceed.
 */
function resolveDeliveryTimeout(config: ProducerConfig<unknown, unknown>): number | undefined {
  if (config.deliveryTimeoutMs !== undefined) return config.deliveryTimeoutMs;
  if (config.transactionalId !== undefined) return undefined;
  const lingerAndRequest =
    (typeof config.lingerMs === 'number' ? Math.ceil(config.lingerMs) : 0) +
    (typeof config.requestTimeoutMs === 'number' ? config.requestTimeoutMs : 30_000);
  return Math.max(DEFAULT_DELIVERY_TIMEOUT_MS, lingerAndRequest);
}

function bootstrapServers(value: unknown): string {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  const servers = list?.map((server: unknown) => (typeof server === 'string' ? server.trim() : '')).filter((s) => s !== '');
  if (servers === undefined || servers.length === 0 || servers.length !== list?.length) {
    throw new KafkaConfigError(
      `bootstrapServers (librdkafka \`bootstrap.servers\`) must be "host:port" strings, as one comma-separated string or an array; got ${describe(value)}`,
    );
  }
  return servers.join(',');
}

function checkValue(option: string, spec: OptionSpec, value: unknown): string {
  const where = `${option} (librdkafka \`${spec.key}\`)`;
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string' || value === '') {
        throw new KafkaConfigError(`${where} must be a non-empty string; got ${describe(value)}`);
      }
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw new KafkaConfigError(`${where} must be true or false; got ${describe(value)}`);
      return String(value);
    case 'int':
    case 'number': {
      const ok = typeof value === 'number' && (spec.kind === 'number' ? Number.isFinite(value) : Number.isInteger(value));
      if (!ok || (value as number) < spec.min || (value as number) > spec.max) {
        const what = spec.kind === 'int' ? 'an integer' : 'a number';
        throw new KafkaConfigError(`${where} must be ${what} from ${spec.min} to ${spec.max}; got ${describe(value)}`);
      }
      return String(value);
    }
    case 'enum':
      if (!spec.values.includes(value as string | number)) {
        const accepted = spec.values.map((v) => JSON.stringify(v)).join(', ');
        throw new KafkaConfigError(`${where} must be one of ${accepted}; got ${describe(value)}`);
      }
      return String(value);
  }
}

/**
 * Idempotence is on unless turned off. Like the Java client: when it was not set explicitly,
 * a setting that contradicts it (acks other than 'all', more than 5 requests in flight,
 * retries 0) turns it off quietly; when it was set to true explicitly, the contradiction is an error.
 */
function resolveIdempotence(config: ProducerConfig<unknown, unknown>): boolean {
  const conflicts: string[] = [];
  if (config.acks !== undefined && config.acks !== 'all' && config.acks !== -1) {
    conflicts.push(`acks: ${JSON.stringify(config.acks)} (librdkafka \`acks\`) — idempotence needs acks 'all'`);
  }
  if (config.maxInFlight !== undefined && config.maxInFlight > IDEMPOTENT_MAX_IN_FLIGHT) {
    conflicts.push(
      `maxInFlight: ${config.maxInFlight} (librdkafka \`max.in.flight.requests.per.connection\`) — idempotence allows at most ${IDEMPOTENT_MAX_IN_FLIGHT}`,
    );
  }
  if (config.retries === 0) {
    conflicts.push('retries: 0 (librdkafka `retries`) — idempotence needs retries above 0');
  }
  const transactional = config.transactionalId !== undefined;
  if (transactional && config.idempotence === false) {
    throw new KafkaConfigError(
      'transactionalId (librdkafka `transactional.id`) needs idempotence; remove `idempotence: false` (librdkafka `enable.idempotence`)',
    );
  }
  if ((config.idempotence === true || transactional) && conflicts.length > 0) {
    const why = transactional ? 'transactions (transactionalId) need idempotence' : 'idempotence: true (librdkafka `enable.idempotence`) was set';
    throw new KafkaConfigError(`contradictory settings: ${why}, but ${conflicts.join('; ')}`);
  }
  if (config.idempotence !== undefined) return config.idempotence;
  return conflicts.length === 0;
}

/**
 * Keys we may set ourselves as defaults: the escape hatch may override them unless the user set them
 * too. (`ssl.ca.location` 'probe' finds the system trust store; a CA file of one's own may replace it.)
 */
const IMPLICIT_DEFAULT_KEYS: ReadonlySet<string> = new Set([
  'statistics.interval.ms',
  'partitioner',
  'acks',
  'enable.idempotence',
  'ssl.ca.location',
]);

const DEFAULT_KEY_OPTIONS: Record<string, keyof ProducerConfig> = {
  'statistics.interval.ms': 'statisticsIntervalMs',
  partitioner: 'partitioner',
  acks: 'acks',
  'enable.idempotence': 'idempotence',
};

function userSet(config: ProducerConfig<unknown, unknown>, key: string): boolean {
  const option = DEFAULT_KEY_OPTIONS[key];
  return option !== undefined && config[option] !== undefined;
}
