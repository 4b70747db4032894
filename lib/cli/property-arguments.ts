import { readFileSync } from 'node:fs';

import type { ProducerConfig, SaslConfig, TlsConfig } from '../config/options.js';
import { canonicalKey, OPTION_SPECS, type OptionSpec } from '../config/schema.js';
import { KafkaConfigError } from '../errors/kafka-errors.js';

/** Producer properties in the order given: later settings of a key win, as in Java's Properties. */
export type PropertyList = Map<string, string>;

/**
 * Parses one `key=value` argument. The value may itself contain `=` (SASL JAAS strings do); the
 * key may not be empty. Throws KafkaConfigError naming the argument.
 */
export function parsePropertyArgument(argument: string): [string, string] {
  const equals = argument.indexOf('=');
  if (equals <= 0 || argument.slice(0, equals).trim() === '') {
    // Only the key is named: what follows it may be a secret (`sasl.password secret`, `=secret`).
    const key = /^[^=:\s]*/.exec(argument.trim())?.[0] ?? '';
    const named = key === '' ? 'with an empty key' : `'${key}'`;
    throw new KafkaConfigError(`producer property ${named} must have the form key=value (e.g. linger.ms=5)`);
  }
  return [argument.slice(0, equals).trim(), argument.slice(equals + 1).trim()];
}

/** Adds `key=value` arguments to a property list (later ones win). */
export function addPropertyArguments(properties: PropertyList, argumentsGiven: readonly string[]): PropertyList {
  for (const argument of argumentsGiven) {
    const [key, value] = parsePropertyArgument(argument);
    properties.set(key, value);
  }
  return properties;
}

/**
 * Reads a Java `.properties` file (as Kafka's tools take with `--producer.config`): `key=value`,
 * `key: value` or `key value` lines, `#` and `!` comments, a trailing backslash continues a line.
 */
export function readPropertiesFile(path: string): PropertyList {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KafkaConfigError(`cannot read the producer config file ${path}: ${(error as Error).message}`);
  }
  const properties: PropertyList = new Map();
  const logical = text.replace(/\\\r?\n[ \t]*/g, '');
  for (const raw of logical.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const match = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (match === null) properties.set(line, '');
    else properties.set(match[1] as string, (match[2] as string).trim());
  }
  return properties;
}

/** Java client properties with no librdkafka property of that name, and how they map. */
const JAVA_ONLY: Readonly<Record<string, (value: string, config: MutableConfig) => void>> = {
  'buffer.memory': (value, config) => {
    config.queueMaxKbytes = Math.max(1, Math.floor(Number(value) / 1024));
  },
  'max.request.size': (value, config) => {
    config.messageMaxBytes = Number(value);
  },
};

/** Properties the command line sets itself: Kafka's tools ignore or override them the same way. */
const IGNORED = new Set(['key.serializer', 'value.serializer']);

/** SASL properties that become the typed `sasl` option. */
const SASL_KEYS = ['sasl.mechanism', 'sasl.mechanisms', 'sasl.username', 'sasl.password', 'sasl.jaas.config'];

/**
 * TLS properties that the typed `tls` option owns (the producer refuses them through the escape
 * hatch, so that no two names contradict each other); the command line turns them into `tls`.
 */
const TLS_PROPERTIES: Readonly<Record<string, (value: string, tls: TlsConfig) => void>> = {
  'ssl.ca.pem': (value, tls) => {
    tls.ca = value;
  },
  'ssl.certificate.pem': (value, tls) => {
    tls.cert = value;
  },
  'ssl.key.pem': (value, tls) => {
    tls.key = value;
  },
  'ssl.key.password': (value, tls) => {
    tls.keyPassword = value;
  },
  'enable.ssl.certificate.verification': (value, tls) => {
    tls.rejectUnauthorized = booleanProperty('enable.ssl.certificate.verification', value);
  },
  // Java and librdkafka: `https` checks the host name, an empty value (or librdkafka's `none`) does not.
  'ssl.endpoint.identification.algorithm': (value, tls) => {
    const algorithm = value.toLowerCase();
    if (algorithm !== 'https' && algorithm !== '' && algorithm !== 'none') {
      throw new KafkaConfigError(`producer property ssl.endpoint.identification.algorithm must be https, none or empty; got '${value}'`);
    }
    tls.checkHostname = algorithm === 'https';
  },
};

/** Security properties that become the typed `tls` / `sasl` options. */
const SECURITY_KEYS = new Set(['security.protocol', ...SASL_KEYS, ...Object.keys(TLS_PROPERTIES)]);

function booleanProperty(key: string, value: string): boolean {
  if (value !== 'true' && value !== 'false') throw new KafkaConfigError(`producer property ${key} must be true or false; got '${value}'`);
  return value === 'true';
}

type MutableConfig = { -readonly [K in keyof ProducerConfig]: ProducerConfig[K] } & { librdkafka: Record<string, string> };

/**
 * Turns Java / librdkafka producer properties into a ferrokafka config: a property that one of
 * ferrokafka's typed options stands for (under any librdkafka alias, e.g. `linger.ms`,
 * `compression.type`, `acks`) becomes that option, so it gets the same checks and typed errors as
 * in code; security properties become `tls` / `sasl`; anything else goes through the `librdkafka`
 * escape hatch, which the producer checks against librdkafka's own property table.
 * `bootstrapServers` applies unless the properties name `bootstrap.servers` themselves.
 */
export function producerConfigFromProperties(properties: PropertyList, bootstrapServers: string): ProducerConfig {
  const config: MutableConfig = { bootstrapServers, librdkafka: {} };
  for (const [key, value] of properties) {
    if (IGNORED.has(key) || SECURITY_KEYS.has(key)) continue;
    if (key === 'bootstrap.servers' || key === 'metadata.broker.list') {
      config.bootstrapServers = value;
      continue;
    }
    const javaOnly = JAVA_ONLY[key];
    if (javaOnly !== undefined) {
      if (!/^\d+$/.test(value)) throw new KafkaConfigError(`producer property ${key} must be a whole number; got '${value}'`);
      javaOnly(value, config);
      continue;
    }
    const typed = typedOptionOf(key);
    if (typed === undefined) config.librdkafka[key] = value;
    else (config as Record<string, unknown>)[typed[0]] = typedValue(typed[1], value);
  }
  Object.assign(config, securityOptions(properties));
  if (Object.keys(config.librdkafka).length === 0) delete (config as Partial<MutableConfig>).librdkafka;
  return config;
}

function typedOptionOf(key: string): [string, OptionSpec] | undefined {
  const canonical = canonicalKey(key);
  const entry = Object.entries(OPTION_SPECS).find(([, spec]) => canonicalKey(spec.key) === canonical);
  return entry as [string, OptionSpec] | undefined;
}

/**
 * The typed value a property's text stands for; text that does not parse stays text, so that the
 * producer's own validation names the option, its librdkafka key and the accepted values.
 */
function typedValue(spec: OptionSpec, text: string): unknown {
  switch (spec.kind) {
    case 'int':
    case 'number':
      return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'bool':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'enum':
      return /^-?\d+$/.test(text) && spec.values.includes(Number(text)) ? Number(text) : text;
    case 'string':
      return text;
  }
}

/** `security.protocol` and SASL credentials (librdkafka names or Java's `sasl.jaas.config`) as typed options. */
function securityOptions(properties: PropertyList): Pick<ProducerConfig, 'tls' | 'sasl'> {
  const protocol = properties.get('security.protocol')?.toUpperCase();
  const strayOf = (keys: readonly string[]): string | undefined => keys.find((key) => properties.has(key));
  if (protocol === undefined || protocol === 'PLAINTEXT' || protocol === 'SASL_PLAINTEXT') {
    const strayTls = strayOf(Object.keys(TLS_PROPERTIES));
    if (strayTls !== undefined) throw new KafkaConfigError(`producer property ${strayTls} needs security.protocol=SSL or SASL_SSL`);
  }
  if (protocol === undefined || protocol === 'PLAINTEXT') {
    const stray = strayOf(SASL_KEYS);
    if (stray !== undefined) throw new KafkaConfigError(`producer property ${stray} needs security.protocol=SASL_PLAINTEXT or SASL_SSL`);
    return {};
  }
  if (!['SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw new KafkaConfigError(
      `producer property security.protocol must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL; got '${properties.get('security.protocol')}'`,
    );
  }
  const out: Pick<ProducerConfig, 'tls' | 'sasl'> = {};
  if (protocol.endsWith('SSL')) out.tls = tlsOption(properties);
  if (protocol.startsWith('SASL')) out.sasl = saslOption(properties);
  return out;
}

/** `true` (TLS with the defaults) unless TLS properties were given. */
function tlsOption(properties: PropertyList): true | TlsConfig {
  const tls: TlsConfig = {};
  let given = false;
  for (const [key, apply] of Object.entries(TLS_PROPERTIES)) {
    const value = properties.get(key);
    if (value === undefined) continue;
    apply(value, tls);
    given = true;
  }
  return given ? tls : true;
}

function saslOption(properties: PropertyList): SaslConfig {
  const mechanism = (properties.get('sasl.mechanism') ?? properties.get('sasl.mechanisms') ?? 'PLAIN').toLowerCase();
  if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') {
    throw new KafkaConfigError(
      `producer property sasl.mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 on the command line; got '${mechanism}'`,
    );
  }
  const jaas = properties.get('sasl.jaas.config') ?? '';
  const fromJaas = (name: string): string | undefined => new RegExp(`${name}\\s*=\\s*"([^"]*)"`).exec(jaas)?.[1];
  const username = properties.get('sasl.username') ?? fromJaas('username');
  const password = properties.get('sasl.password') ?? fromJaas('password');
  if (username === undefined || password === undefined) {
    throw new KafkaConfigError(
      `SASL ${mechanism.toUpperCase()} needs a user name and password: sasl.username and sasl.password, or sasl.jaas.config with username="..." password="..."`,
    );
  }
  return { mechanism, username, password };
}
