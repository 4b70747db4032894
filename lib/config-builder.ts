import type { ProducerConfig, PartitionerFunction } from './config.js';
import { KEY_ALIASES, OPTION_SPECS, SECRET_KEYS, SPECIAL_OPTIONS, type OptionSpec } from './config-schema.js';
import { closestName } from './config-suggestion.js';
import { describe } from './describe-value.js';
import { KafkaConfigError } from './errors.js';
import { securityProperties } from './security-config.js';

const DEFAULT_STATISTICS_INTERVAL_MS = 5000;
const DEFAULT_DELIVERY_TIMEOUT_MS = 300_000;
const IDEMPOTENT_MAX_IN_FLIGHT = 5;

/** What the JS layer itself needs to know after validation. */
export interface ResolvedConfig {
  /** librdkafka properties as `[key, value, key, value, ...]`. */
  pairs: string[];
  /** Values that must be scrubbed from any message that could echo them. */
  secrets: string[];
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

  for (const [key, value] of securityProperties(config.tls, config.sasl)) properties.set(key, value);
  const explicit = new Set([...properties.keys()].filter((key) => !IMPLICIT_DEFAULT_KEYS.has(key) || userSet(config, key)));
  for (const [key, value] of escapeHatch(config.librdkafka, explicit)) properties.set(key, value);

  const pairs: string[] = [];
  const secrets: string[] = [];
  for (const [key, value] of properties) {
    pairs.push(key, value);
    if (SECRET_KEYS.has(key) && value.length > 0) secrets.push(value);
  }
  const sasl = config.sasl;
  return {
    pairs,
    secrets,
    idempotence,
    transactional: config.transactionalId !== undefined,
    deliveryTimeoutMs: config.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS,
    customPartitioner: typeof partitioner === 'function' ? partitioner : undefined,
    oauthBearerProvider: sasl !== undefined && 'oauthBearerProvider' in sasl ? sasl.oauthBearerProvider : undefined,
  };
}

const PARTITIONER_SPEC = {
  key: 'partitioner',
  kind: 'enum',
  values: ['murmur2_random', 'murmur2', 'consistent_random', 'consistent', 'random', 'fnv1a', 'fnv1a_random'],
} as const satisfies OptionSpec;

function rejectUnknownOptions(config: object): void {
  const known: string[] = [...Object.keys(OPTION_SPECS), ...SPECIAL_OPTIONS];
  for (const option of Object.keys(config)) {
    if (known.includes(option)) continue;
    const hint = closestName(option, known);
    const dotted = option.includes('.') ? ` librdkafka properties go in the \`librdkafka\` option: { librdkafka: { '${option}': ... } }.` : '';
    throw new KafkaConfigError(
      `unknown producer option '${option}'.${hint === undefined ? '' : ` Did you mean '${hint}'?`}${dotted}`,
    );
  }
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

function escapeHatch(extra: unknown, typed: ReadonlySet<string>): Array<[string, string]> {
  if (extra === undefined) return [];
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
    throw new KafkaConfigError(`librdkafka must be an object of librdkafka properties; got ${describe(extra)}`);
  }
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(extra)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new KafkaConfigError(`librdkafka['${key}'] must be a string, number or boolean; got ${describe(value)}`);
    }
    const canonical = canonicalKey(key);
    for (const typedKey of typed) {
      if (canonicalKey(typedKey) === canonical) {
        throw new KafkaConfigError(
          `librdkafka['${key}'] repeats a setting already made by a typed option (librdkafka \`${typedKey}\`); set it in one place only`,
        );
      }
    }
    out.push([key, String(value)]);
  }
  return out;
}

/** Keys we may set ourselves as defaults: the escape hatch may override them unless the user set them too. */
const IMPLICIT_DEFAULT_KEYS: ReadonlySet<string> = new Set(['statistics.interval.ms', 'partitioner', 'acks', 'enable.idempotence']);

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

function canonicalKey(key: string): string {
  for (const [canonical, alias] of Object.entries(KEY_ALIASES)) {
    if (key === alias) return canonical;
  }
  return key;
}

