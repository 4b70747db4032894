import { canonicalKey, OPTION_SPECS } from './schema.js';

/** Option names of other clients, and what ferrokafka calls them (or does instead). */
const FOREIGN_OPTIONS: Readonly<Record<string, { client: string; ours: string }>> = {
  // KafkaJS
  brokers: { client: 'KafkaJS', ours: "'bootstrapServers'" },
  ssl: { client: 'KafkaJS', ours: "'tls' (true, or { ca, cert, key, keyPassword, rejectUnauthorized, checkHostname })" },
  connectionTimeout: { client: 'KafkaJS', ours: "librdkafka: { 'socket.connection.setup.timeout.ms': ... }" },
  authenticationTimeout: { client: 'KafkaJS', ours: "librdkafka: { 'socket.connection.setup.timeout.ms': ... }" },
  // KafkaJS's requestTimeout bounds every request, as librdkafka's socket timeout does;
  // requestTimeoutMs bounds only the wait for a produce acknowledgement.
  requestTimeout: { client: 'KafkaJS', ours: "librdkafka: { 'socket.timeout.ms': ... } ('requestTimeoutMs' for produce requests alone)" },
  retry: { client: 'KafkaJS', ours: "'retries' and 'retryBackoffMs'" },
  idempotent: { client: 'KafkaJS', ours: "'idempotence' (on by default)" },
  maxInFlightRequests: { client: 'KafkaJS', ours: "'maxInFlight'" },
  transactionTimeout: { client: 'KafkaJS', ours: "'transactionTimeoutMs'" },
  allowAutoTopicCreation: { client: 'KafkaJS', ours: "nothing: the broker's auto.create.topics.enable decides" },
  createPartitioner: { client: 'KafkaJS', ours: "'partitioner' (a name, or a function (key, partitionCount, topic) => partition)" },
  logLevel: { client: 'KafkaJS', ours: "'logger' (it receives every log line with its level); librdkafka: { debug: ... } for more" },
  logCreator: { client: 'KafkaJS', ours: "'logger'" },
  // node-rdkafka / librdkafka and Java client names with no dotted form of ours
  dr_cb: { client: 'node-rdkafka', ours: "nothing: delivery reports come as send() results, produce() callbacks and 'delivery' events" },
  dr_msg_cb: { client: 'node-rdkafka', ours: "nothing: delivery reports come as send() results, produce() callbacks and 'delivery' events" },
  'metadata.broker.list': { client: 'librdkafka', ours: "'bootstrapServers'" },
  'bootstrap.servers': { client: 'librdkafka / Java client', ours: "'bootstrapServers'" },
  'key.serializer': { client: 'Java client', ours: "'keySerializer' (a function)" },
  'value.serializer': { client: 'Java client', ours: "'valueSerializer' (a function)" },
  'security.protocol': { client: 'librdkafka / Java client', ours: "'tls' and 'sasl'" },
  'sasl.mechanism': { client: 'librdkafka / Java client', ours: "'sasl' ({ mechanism, username, password })" },
  'sasl.mechanisms': { client: 'librdkafka', ours: "'sasl' ({ mechanism, username, password })" },
  'buffer.memory': { client: 'Java client', ours: "'queueMaxKbytes'" },
  'max.request.size': { client: 'Java client', ours: "'messageMaxBytes'" },
};

/** The text after "unknown producer option 'x'": what other clients call it, a "did you mean", or where dotted names go. */
export function unknownOptionHint(option: string, known: readonly string[]): string {
  // own entries only: 'constructor' or '__proto__' must not find Object.prototype's
  const foreign = (Object.hasOwn(FOREIGN_OPTIONS, option) ? FOREIGN_OPTIONS[option] : undefined) ?? typedOptionFor(option);
  if (foreign !== undefined) return ` (${foreign.client}); ferrokafka calls it ${foreign.ours}`;
  const hint = closestName(option, known);
  const dotted = option.includes('.') ? ` librdkafka properties go in the \`librdkafka\` option: { librdkafka: { '${option}': ... } }.` : '';
  return `.${hint === undefined ? '' : ` Did you mean '${hint}'?`}${dotted}`;
}

/** A dotted librdkafka or Java name (or alias) of one of our typed options. */
function typedOptionFor(option: string): { client: string; ours: string } | undefined {
  if (!option.includes('.')) return undefined;
  const canonical = canonicalKey(option);
  const match = Object.entries(OPTION_SPECS).find(([, spec]) => canonicalKey(spec.key) === canonical);
  if (match === undefined) return undefined;
  return { client: 'librdkafka / Java client name', ours: `'${match[0]}'` };
}

/** The closest known name to a mistyped one, for "did you mean" hints. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
