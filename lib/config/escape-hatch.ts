import { canonicalKey, SECRET_KEYS } from './schema.js';
import { describe } from '../errors/describe-value.js';
import { KafkaConfigError } from '../errors/kafka-errors.js';
import { LIBRDKAFKA_PROPERTIES } from './librdkafka-properties.generated.js';

/**
 * Keys the typed layer owns whether or not the matching option was given: security settings (so an
 * escape-hatch key, or one of its aliases, can never weaken or swap what `tls` / `sasl` say) and the
 * delivery timeout the JS side counts with. Each maps to the option to use instead.
 */
const OWNED_KEYS: Readonly<Record<string, string>> = {
  'metadata.broker.list': 'bootstrapServers',
  'message.timeout.ms': 'deliveryTimeoutMs',
  'security.protocol': 'tls and sasl (they choose the protocol)',
  'sasl.mechanisms': 'sasl.mechanism',
  'sasl.username': 'sasl.username',
  'sasl.password': 'sasl.password',
  'enable.ssl.certificate.verification': 'tls.rejectUnauthorized',
  'ssl.endpoint.identification.algorithm': 'tls.checkHostname',
  'ssl.ca.pem': 'tls.ca',
  'ssl.certificate.pem': 'tls.cert',
  'ssl.key.pem': 'tls.key',
  'ssl.key.password': 'tls.keyPassword',
};

/** Properties that would break the producer's contract, with the reason. */
const CONTRACT_KEYS: Readonly<Record<string, string>> = {
  'delivery.report.only.error': 'it suppresses the reports of successful deliveries, so every successful send() would wait until close()',
  'log.queue': "the producer routes librdkafka's log lines itself (the logger option, 'log' events)",
  enabled_events: 'the producer chooses the librdkafka events it needs itself',
  'internal.termination.signal': 'librdkafka would install a signal handler inside the Node.js process',
};

/** What replaces a callback that librdkafka's C API would install. */
const CALLBACK_REPLACEMENTS: Readonly<Record<string, string>> = {
  dr_cb: "delivery reports come as send() results, produce() callbacks and 'delivery' events",
  dr_msg_cb: "delivery reports come as send() results, produce() callbacks and 'delivery' events",
  error_cb: "client errors come as 'error' events",
  log_cb: "log lines go to the logger option or 'log' events",
  stats_cb: "statistics come as 'stats' events and metrics()",
  oauthbearer_token_refresh_cb: 'give sasl: { mechanism: "oauthbearer", oauthBearerProvider }',
  partitioner_cb: 'give partitioner a function',
};

/**
 * Checks the `librdkafka` escape hatch and returns its properties. `written` holds what the typed
 * options set (keys that may still be overridden, such as defaults, are left out of it); `ownerOf`
 * names the typed option that owns a key in this configuration (see securityOwner).
 */
export function escapeHatch(
  extra: unknown,
  written: ReadonlySet<string>,
  ownerOf: (key: string) => string | undefined = () => undefined,
): Array<[string, string]> {
  if (extra === undefined) return [];
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
    throw new KafkaConfigError(`librdkafka must be an object of librdkafka properties; got ${describe(extra)}`);
  }
  const writtenCanonical = new Map([...written].map((key) => [canonicalKey(key), key]));
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(extra)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      // a secret's value is never described, not even its shape
      const got = SECRET_KEYS.has(key) ? `a ${value === null ? 'null' : typeof value}` : describe(value);
      throw new KafkaConfigError(`librdkafka['${key}'] must be a string, number or boolean; got ${got}`);
    }
    refuse(key, writtenCanonical, ownerOf);
    out.push([key, String(value)]);
  }
  return out;
}

function refuse(key: string, written: ReadonlyMap<string, string>, ownerOf: (key: string) => string | undefined): void {
  const property = ownEntry(LIBRDKAFKA_PROPERTIES, key);
  const canonical = canonicalKey(key);
  const named = canonical === key ? `librdkafka['${key}']` : `librdkafka['${key}'] (librdkafka's alias of \`${canonical}\`)`;
  if (property?.api === true) {
    const instead = ownEntry(CALLBACK_REPLACEMENTS, key);
    throw new KafkaConfigError(
      `${named} is set through librdkafka's C API, never as a property, and the producer installs its own${instead === undefined ? '' : `: ${instead}`}; remove it`,
    );
  }
  const contract = ownEntry(CONTRACT_KEYS, canonical);
  if (contract !== undefined) throw new KafkaConfigError(`${named} is refused: ${contract}; remove it`);
  if (property?.applies === 'consumer') {
    throw new KafkaConfigError(`${named} is a consumer property; a producer never uses it, so remove it`);
  }
  const owner = ownEntry(OWNED_KEYS, canonical) ?? ownerOf(canonical);
  if (owner !== undefined) {
    throw new KafkaConfigError(`${named} is set by the typed option ${owner}, so that no other name can contradict it; set it there instead`);
  }
  const typedKey = written.get(canonical);
  if (typedKey !== undefined) {
    throw new KafkaConfigError(`${named} repeats a setting already made by a typed option (librdkafka \`${typedKey}\`); set it in one place only`);
  }
}

/** A table's own entry: a key such as 'constructor' or '__proto__' must not find Object.prototype's. */
function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
