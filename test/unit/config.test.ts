import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { OPTION_SPECS, SECRET_KEYS } from '../../lib/config/schema.js';
import { resolveConfig } from '../../lib/config/resolve.js';
import { KafkaConfigError, Producer, type LogEntry, type ProducerConfig } from '../../lib/index.js';
import { redactSecrets, secretsOf } from '../../lib/security/redact.js';

const base = { bootstrapServers: '127.0.0.1:1' };

/** The librdkafka properties resolveConfig writes, as a map. */
function written(config: ProducerConfig<unknown, unknown>): Map<string, string> {
  const pairs = resolveConfig(config).pairs;
  expect(pairs.length % 2).toBe(0);
  const map = new Map<string, string>();
  for (let i = 0; i < pairs.length; i += 2) {
    expect(map.has(pairs[i]!), `${pairs[i]} written twice`).toBe(false);
    map.set(pairs[i]!, pairs[i + 1]!);
  }
  return map;
}

function configError(config: unknown): KafkaConfigError {
  try {
    new Producer(config as ProducerConfig).close();
  } catch (error) {
    expect(error).toBeInstanceOf(KafkaConfigError);
    return error as KafkaConfigError;
  }
  throw new Error('expected the constructor to throw');
}

describe('configuration validation', () => {
  it('rejects an unknown option and suggests the closest one', () => {
    const error = configError({ ...base, lingerMS: 5 });
    expect(error.message).toContain("unknown producer option 'lingerMS'");
    expect(error.message).toContain("Did you mean 'lingerMs'?");
    expect(error.type).toBe('INVALID_CONFIG');
    expect(error.code).toBe(-186);
    expect(error.retriable).toBe(false);
    expect(error.fatal).toBe(false);
  });

  it('points dotted librdkafka names to the escape hatch', () => {
    expect(configError({ ...base, 'socket.keepalive.enable': true }).message).toContain('go in the `librdkafka` option');
  });

  it('names the option, the librdkafka key and the accepted values', () => {
    const acks = configError({ ...base, acks: 2 });
    expect(acks.message).toBe('acks (librdkafka `acks`) must be one of 0, 1, "all", -1; got number 2');
    const compression = configError({ ...base, compression: 'brotli' });
    expect(compression.message).toContain('compression (librdkafka `compression.codec`) must be one of "none", "gzip", "snappy", "lz4", "zstd"');
    const linger = configError({ ...base, lingerMs: -1 });
    expect(linger.message).toBe('lingerMs (librdkafka `linger.ms`) must be a number from 0 to 900000; got number -1');
    const batch = configError({ ...base, batchNumMessages: 1.5 });
    expect(batch.message).toContain('must be an integer from 1 to 1000000');
    expect(configError({ ...base, idempotence: 'yes' }).message).toContain('idempotence (librdkafka `enable.idempotence`) must be true or false');
  });

  it('requires bootstrap servers', () => {
    expect(configError({}).message).toContain('bootstrapServers (librdkafka `bootstrap.servers`)');
    expect(configError({ bootstrapServers: ['a:1', 42] }).message).toContain('bootstrapServers');
    expect(configError(null).message).toContain('needs a config object');
  });

  it('rejects contradictions with explicit idempotence, like the Java client', () => {
    const acks = configError({ ...base, idempotence: true, acks: 1 });
    expect(acks.message).toContain('contradictory settings');
    expect(acks.message).toContain("acks: 1 (librdkafka `acks`) — idempotence needs acks 'all'");
    const inFlight = configError({ ...base, idempotence: true, maxInFlight: 6 });
    expect(inFlight.message).toContain('maxInFlight: 6 (librdkafka `max.in.flight.requests.per.connection`) — idempotence allows at most 5');
    expect(configError({ ...base, transactionalId: 'tx', acks: 0 }).message).toContain('transactions (transactionalId) need idempotence');
    expect(configError({ ...base, transactionalId: 'tx', idempotence: false }).message).toContain('needs idempotence');
  });

  it('turns idempotence off quietly when it was only the default and a setting says otherwise', async () => {
    for (const [config, key, value] of [
      [{ acks: 1 }, 'acks', '1'],
      [{ acks: 0 }, 'acks', '0'],
      [{ maxInFlight: 6 }, 'max.in.flight.requests.per.connection', '6'],
      [{ retries: 0 }, 'retries', '0'],
    ] as const) {
      const resolved = resolveConfig({ ...base, ...config });
      const pairs = written({ ...base, ...config });
      expect(pairs.get('enable.idempotence'), JSON.stringify(config)).toBe('false');
      expect(pairs.get(key)).toBe(value);
      expect(resolved.idempotence).toBe(false);
    }
    // acks -1 is 'all' by another name: idempotence stays on
    expect(written({ ...base, acks: -1 }).get('enable.idempotence')).toBe('true');
    // and the producer starts with it
    const producer = new Producer({ ...base, acks: 1 });
    await producer.close({ timeoutMs: 1000 });
  });

  it('refuses an escape-hatch key that repeats a typed option, alias included', () => {
    expect(configError({ ...base, lingerMs: 5, librdkafka: { 'queue.buffering.max.ms': 10 } }).message).toContain(
      "librdkafka['queue.buffering.max.ms'] repeats a setting already made by a typed option (librdkafka `linger.ms`)",
    );
  });

  it('passes librdkafka errors on, naming the key', () => {
    expect(configError({ ...base, librdkafka: { 'no.such.property': 1 } }).message).toContain("librdkafka rejected 'no.such.property'");
    expect(configError({ ...base, librdkafka: { 'linger.ms': 'soon' } }).message).toContain("librdkafka rejected 'linger.ms'");
  });

  it('never shows secrets in errors or inspection', async () => {
    const canary = 'canary-password-5f1c';
    const error = configError({
      ...base,
      sasl: { mechanism: 'plain', username: 'u', password: canary },
      librdkafka: { 'sasl.oauthbearer.config': 42, 'ssl.key.password': canary, 'enable.ssl.certificate.verification': canary },
    });
    expect(error.message).not.toContain(canary);
    expect(inspect(error)).not.toContain(canary);

    const producer = new Producer({ ...base, sasl: { mechanism: 'scram-sha-512', username: 'u', password: canary } });
    expect(inspect(producer)).not.toContain(canary);
    expect(JSON.stringify(producer)).not.toContain(canary);
    expect(inspect(producer)).toContain("state: 'open'");
    await producer.close({ timeoutMs: 1000 });
  });

  it('checks TLS and SASL shapes', () => {
    expect(configError({ ...base, tls: 'yes' }).message).toContain('tls must be true, false or an options object');
    expect(configError({ ...base, sasl: { mechanism: 'kerberos' } }).message).toContain(
      "sasl.mechanism (librdkafka `sasl.mechanism`) must be one of 'plain'",
    );
    expect(configError({ ...base, sasl: { mechanism: 'plain', username: 'u' } }).message).toContain('must be strings for PLAIN');
    expect(configError({ ...base, sasl: { mechanism: 'oauthbearer' } }).message).toContain('an oauthBearerProvider function or oidc settings');
    expect(configError({ ...base, tls: { ca: 42 } }).message).toContain('tls.ca (librdkafka `ssl.ca.pem`) must be a PEM string or Buffer');
  });
});

describe('the librdkafka escape hatch cannot contradict or break the typed layer', () => {
  it.each([
    [{ tls: { rejectUnauthorized: true } }, 'enable.ssl.certificate.verification', false, 'tls.rejectUnauthorized'],
    [{ tls: true }, 'enable.ssl.certificate.verification', 'false', 'tls.rejectUnauthorized'],
    [{ tls: { checkHostname: true } }, 'ssl.endpoint.identification.algorithm', 'none', 'tls.checkHostname'],
    [{ tls: true }, 'ssl.endpoint.identification.algorithm', 'none', 'tls.checkHostname'],
    [{}, 'security.protocol', 'ssl', 'tls and sasl'],
    [{ sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } }, 'sasl.mechanisms', 'PLAIN', 'sasl.mechanism'],
    [{ sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } }, 'sasl.mechanism', 'PLAIN', 'sasl.mechanism'],
    [{ tls: true }, 'ssl.key.password', 'x', 'tls.keyPassword'],
    // A pinned CA is not widened by a CA file, nor is a given client identity replaced by files.
    [{ tls: { ca: 'PEM' } }, 'ssl.ca.location', '/etc/ssl/certs', 'tls.ca'],
    [{ tls: { cert: 'PEM', key: 'PEM' } }, 'ssl.key.location', '/client.key', 'tls.key'],
    [{ tls: { cert: 'PEM', key: 'PEM' } }, 'ssl.certificate.location', '/client.pem', 'tls.cert'],
    [{ tls: { cert: 'PEM', key: 'PEM' } }, 'ssl.keystore.location', '/client.p12', 'tls.cert'],
    // With sasl given, no escape-hatch SASL setting may stand in for the token provider.
    [
      { sasl: { mechanism: 'oauthbearer', oauthBearerProvider: () => ({ value: 't', expiresAtMs: 1 }) } },
      'enable.sasl.oauthbearer.unsecure.jwt',
      true,
      'sasl',
    ],
    [
      { sasl: { mechanism: 'oauthbearer', oauthBearerProvider: () => ({ value: 't', expiresAtMs: 1 }) } },
      'sasl.oauthbearer.config',
      'principal=eve',
      'sasl',
    ],
  ] as const)('%j with librdkafka[%j] = %j is refused, pointing at %s', (typed, key, value, option) => {
    const error = configError({ ...base, ...typed, librdkafka: { [key]: value } });
    expect(error.message).toContain(`librdkafka['${key}']`);
    expect(error.message).toContain(`set by the typed option ${option}`);
  });

  it('checks every oidc setting and the key password as strings, never describing a secret', () => {
    const secret = 'TopSecretClientValue123';
    const oidc = { tokenEndpointUrl: 'https://idp.example/token', clientId: 'id', clientSecret: Buffer.from(secret) };
    const error = configError({ ...base, sasl: { mechanism: 'oauthbearer', oidc } });
    expect(error.message).toBe('sasl.oidc.clientSecret (librdkafka `sasl.oauthbearer.client.secret`) must be a non-empty string');
    expect(`${inspect(error)} ${JSON.stringify(error)}`).not.toMatch(/84,111|TopSecret/);
    expect(configError({ ...base, sasl: { mechanism: 'oauthbearer', oidc: null } }).message).toContain('sasl.oidc must be an object');
    expect(configError({ ...base, sasl: { mechanism: 'oauthbearer', oidc: { tokenEndpointUrl: 'https://idp.example/token' } } }).message).toBe(
      'sasl.oidc.clientId (librdkafka `sasl.oauthbearer.client.id`) must be a non-empty string; got undefined',
    );
    expect(configError({ ...base, tls: { keyPassword: Object.create(null) } }).message).toBe(
      'tls.keyPassword (librdkafka `ssl.key.password`) must be a string',
    );
  });

  it('refuses an alias of a key a typed option wrote, with the alias named', () => {
    const oidc = { tokenEndpointUrl: 'https://idp.example/token', clientId: 'id', clientSecret: 'oidc-secret-value' };
    const error = configError({
      ...base,
      tls: true,
      sasl: { mechanism: 'oauthbearer', oidc },
      librdkafka: { 'sasl.oauthbearer.client.credentials.client.secret': 'other' },
    });
    expect(error.message).toContain(
      "librdkafka['sasl.oauthbearer.client.credentials.client.secret'] (librdkafka's alias of `sasl.oauthbearer.client.secret`) is set by the typed option sasl",
    );
    expect(error.message).not.toContain('oidc-secret-value');
    expect(configError({ ...base, lingerMs: 5, librdkafka: { 'queue.buffering.max.ms': 1 } }).message).toBe(
      "librdkafka['queue.buffering.max.ms'] repeats a setting already made by a typed option (librdkafka `linger.ms`); set it in one place only",
    );
  });

  it.each([
    ['delivery.report.only.error', true, 'successful send() would wait until close()'],
    ['log.queue', true, "routes librdkafka's log lines itself"],
    ['enabled_events', 1, 'chooses the librdkafka events it needs'],
    ['internal.termination.signal', 29, 'signal handler'],
  ] as const)('refuses librdkafka[%j] = %j: %s', (key, value, why) => {
    const error = configError({ ...base, librdkafka: { [key]: value } });
    expect(error.message).toContain(`librdkafka['${key}'] is refused: `);
    expect(error.message).toContain(why);
  });

  it.each([
    'dr_cb',
    'dr_msg_cb',
    'error_cb',
    'log_cb',
    'stats_cb',
    'throttle_cb',
    'oauthbearer_token_refresh_cb',
    'opaque',
    'background_event_cb',
    'partitioner_cb',
  ])('refuses the callback-only property %s', (key) => {
    expect(configError({ ...base, librdkafka: { [key]: 'x' } }).message).toContain(`librdkafka['${key}'] is set through librdkafka's C API`);
  });

  it('refuses consumer properties', () => {
    expect(configError({ ...base, librdkafka: { 'group.id': 'g' } }).message).toBe(
      "librdkafka['group.id'] is a consumer property; a producer never uses it, so remove it",
    );
    expect(configError({ ...base, librdkafka: { 'enable.auto.commit': false } }).message).toContain('is a consumer property');
  });

  it('still takes other properties, a CA file in place of the system trust store included', async () => {
    const producer = new Producer({
      ...base,
      tls: true,
      librdkafka: { 'socket.keepalive.enable': true, 'ssl.ca.location': '/etc/ssl/certs', 'client.software.name': 'app' },
    });
    await producer.close({ timeoutMs: 1000 });
  });
});

describe('defaults and hints', () => {
  it("writes the Java client's delivery timeout, 120 s, and verification on whenever TLS is on", () => {
    expect(written(base).get('delivery.timeout.ms')).toBe('120000');
    expect(resolveConfig(base).deliveryTimeoutMs).toBe(120_000);
    expect(written({ ...base, deliveryTimeoutMs: 5000 }).get('delivery.timeout.ms')).toBe('5000');
    // a transactional producer's records time out with the transaction, as librdkafka demands
    expect(written({ ...base, transactionalId: 't' }).has('delivery.timeout.ms')).toBe(false);
    expect(resolveConfig({ ...base, transactionalId: 't', transactionTimeoutMs: 30_000 }).deliveryTimeoutMs).toBe(30_000);
    const tls = written({ ...base, tls: true });
    expect(tls.get('enable.ssl.certificate.verification')).toBe('true');
    expect(tls.get('ssl.endpoint.identification.algorithm')).toBe('https');
    expect(written(base).has('enable.ssl.certificate.verification')).toBe(false);
  });

  it.each([
    ['brokers', "unknown producer option 'brokers' (KafkaJS); ferrokafka calls it 'bootstrapServers'"],
    ['ssl', "unknown producer option 'ssl' (KafkaJS); ferrokafka calls it 'tls'"],
    ['idempotent', "(KafkaJS); ferrokafka calls it 'idempotence'"],
    ['maxInFlightRequests', "(KafkaJS); ferrokafka calls it 'maxInFlight'"],
    ['createPartitioner', "(KafkaJS); ferrokafka calls it 'partitioner'"],
    ['requestTimeout', "(KafkaJS); ferrokafka calls it librdkafka: { 'socket.timeout.ms': ... } ('requestTimeoutMs' for produce requests alone)"],
    ['bootstrap.servers', "ferrokafka calls it 'bootstrapServers'"],
    ['metadata.broker.list', "ferrokafka calls it 'bootstrapServers'"],
    ['dr_cb', '(node-rdkafka); ferrokafka calls it nothing: delivery reports come as send() results'],
    ['linger.ms', "unknown producer option 'linger.ms' (librdkafka / Java client name); ferrokafka calls it 'lingerMs'"],
    ['queue.buffering.max.ms', "ferrokafka calls it 'lingerMs'"],
    ['batch.size', "ferrokafka calls it 'batchSize'"],
    ['key.serializer', "(Java client); ferrokafka calls it 'keySerializer'"],
  ])('%s gets a hint with our name', (option, hint) => {
    const error = configError({ ...base, [option]: 1 });
    expect(error.message).toContain(hint);
    expect(error.message).not.toContain('Did you mean');
  });

  it('a misspelt option keeps its "did you mean"', () => {
    expect(configError({ ...base, bootstrapServer: 'x' }).message).toBe(
      "unknown producer option 'bootstrapServer'. Did you mean 'bootstrapServers'?",
    );
  });
});

describe('warnings about credentials without TLS', () => {
  async function warnings(config: Partial<ProducerConfig>): Promise<LogEntry[]> {
    const logged: LogEntry[] = [];
    const producer = new Producer({ ...base, ...config, logger: (entry) => logged.push(entry) } as ProducerConfig);
    await producer.close({ timeoutMs: 1000 });
    return logged.filter((entry) => entry.facility === 'SECURITY');
  }
  const plain = { mechanism: 'plain', username: 'u', password: 'canary-plain-password' } as const;
  const oauth = { mechanism: 'oauthbearer', oauthBearerProvider: () => ({ value: 't', expiresAtMs: Date.now() + 60_000 }) } as const;

  it('warns once, through the logger, when a PLAIN password or an OAUTHBEARER token would go in clear text', async () => {
    const [warning, ...more] = await warnings({ sasl: plain });
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ level: 4, facility: 'SECURITY' });
    expect(warning!.message).toContain('sasl PLAIN sends the password in clear text');
    expect(warning!.message).toContain('tls: false to say plain text is intended');
    expect(warning!.message).not.toContain('canary-plain-password');
    expect((await warnings({ sasl: oauth }))[0]!.message).toContain('sasl OAUTHBEARER sends its token in clear text');
  });

  it('stays quiet with TLS, with tls: false said explicitly, and for SCRAM (no password on the wire)', async () => {
    expect(await warnings({ sasl: plain, tls: true })).toEqual([]);
    expect(await warnings({ sasl: plain, tls: false })).toEqual([]);
    expect(await warnings({ sasl: oauth, tls: false })).toEqual([]);
    expect(await warnings({ sasl: { ...plain, mechanism: 'scram-sha-256' } })).toEqual([]);
  });

  it("reaches a 'log' listener attached right after the constructor", async () => {
    const producer = new Producer({ ...base, sasl: plain });
    const heard: LogEntry[] = [];
    producer.on('log', (entry) => heard.push(entry));
    await producer.close({ timeoutMs: 1000 });
    expect(heard.filter((entry) => entry.facility === 'SECURITY')).toHaveLength(1);
  });
});

describe('secret scrubbing', () => {
  it('scrubs parts of a secret that librdkafka quotes (a truncated token, the tail of a config) and secret properties anywhere', () => {
    const token = `eyJhbGciOiJub25lIn0.${'x'.repeat(600)}.`;
    const truncated = `Failed to acquire SASL OAUTHBEARER token: ... : ${token.slice(0, 450)}`;
    expect(redactSecrets(truncated, [token])).toBe('Failed to acquire SASL OAUTHBEARER token: ... : [redacted]');
    const config = 'principal=alice extension_foo=S3CRET-extension-value lifeSeconds=60';
    const secrets = secretsOf('sasl.oauthbearer.config', config);
    expect(secrets).toContain('S3CRET-extension-value');
    expect(secrets).not.toContain('alice');
    const quoted = 'Unrecognized sasl.oauthbearer.config beginning at: extension_foo=S3CRET-extension-value lifeSeconds=60';
    expect(redactSecrets(quoted, secrets)).not.toContain('S3CRET');
    expect(redactSecrets('Invalid value x=S3CRET-extension-value', secrets)).toBe('Invalid value x=[redacted]');
    // the value of a secret property, configured or not
    expect(redactSecrets('sasl.oauthbearer.assertion.private.key.passphrase=hunter2 in conf', [])).toBe(
      'sasl.oauthbearer.assertion.private.key.passphrase=[redacted]',
    );
    expect(redactSecrets('sasl.password = [redacted]', [])).toBe('sasl.password = [redacted]');
    // short runs of a secret are left alone: "password" alone is no secret
    expect(redactSecrets('the password was refused', ['my-password-1'])).toBe('the password was refused');
  });

  it("knows librdkafka's own sensitive properties, the assertion key and its passphrase included", () => {
    for (const key of [
      'sasl.password',
      'ssl.key.pem',
      'ssl.key.password',
      'ssl.keystore.password',
      'sasl.oauthbearer.client.secret',
      'sasl.oauthbearer.client.credentials.client.secret',
      'sasl.oauthbearer.config',
      'sasl.oauthbearer.assertion.private.key.passphrase',
      'sasl.oauthbearer.assertion.private.key.pem',
    ]) {
      expect(SECRET_KEYS.has(key), key).toBe(true);
    }
    expect(SECRET_KEYS.has('sasl.username')).toBe(false);
  });
});

describe('every typed option writes its librdkafka property', () => {
  // One value per option, each unlike librdkafka's default and our own, so an option that were
  // ignored, written under another key or with another value fails here.
  const samples = {
    clientId: [['app-7', 'app-7']],
    acks: [
      [0, '0'],
      [1, '1'],
      ['all', 'all'],
      [-1, '-1'],
    ],
    idempotence: [
      [false, 'false'],
      [true, 'true'],
    ],
    retries: [[7, '7']],
    retryBackoffMs: [[250, '250']],
    deliveryTimeoutMs: [[45_000, '45000']],
    requestTimeoutMs: [[12_345, '12345']],
    lingerMs: [
      [7, '7'],
      [0, '0'],
      [2.5, '2.5'],
    ],
    batchSize: [[65_536, '65536']],
    batchNumMessages: [[321, '321']],
    maxInFlight: [[3, '3']],
    compression: [
      ['none', 'none'],
      ['gzip', 'gzip'],
      ['snappy', 'snappy'],
      ['lz4', 'lz4'],
      ['zstd', 'zstd'],
    ],
    compressionLevel: [[4, '4']],
    queueMaxMessages: [[5000, '5000']],
    queueMaxKbytes: [[2048, '2048']],
    messageMaxBytes: [[200_000, '200000']],
    transactionalId: [['tx-1', 'tx-1']],
    transactionTimeoutMs: [[30_000, '30000']],
    statisticsIntervalMs: [
      [0, '0'],
      [1000, '1000'],
    ],
  } as const satisfies Record<keyof typeof OPTION_SPECS, ReadonlyArray<readonly [unknown, string]>>;

  it('covers every option in the table', () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(OPTION_SPECS).sort());
  });

  const cases = Object.entries(samples).flatMap(([option, values]) =>
    values.map(([value, expected]) => [option, value, OPTION_SPECS[option as keyof typeof OPTION_SPECS].key, expected] as const),
  );
  it.each(cases)('%s: %j writes %s=%s', (option, value, key, expected) => {
    const pairs = written({ ...base, [option]: value } as ProducerConfig<unknown, unknown>);
    expect(pairs.get(key)).toBe(expected);
  });

  it('writes the defaults: acks all, idempotence on, murmur2_random, statistics every 5 s, the servers joined', () => {
    const pairs = written({ bootstrapServers: [' a:1', 'b:2 '] });
    expect(Object.fromEntries(pairs)).toEqual({
      'bootstrap.servers': 'a:1,b:2',
      'enable.idempotence': 'true',
      acks: 'all',
      'statistics.interval.ms': '5000',
      partitioner: 'murmur2_random',
      'delivery.timeout.ms': '120000',
    });
    const resolved = resolveConfig(base);
    expect(resolved).toMatchObject({
      idempotence: true,
      transactional: false,
      secrets: [],
      warnings: [],
      tls: undefined,
      customPartitioner: undefined,
    });
    expect(written({ ...base, bootstrapServers: 'a:1, b:2' }).get('bootstrap.servers')).toBe('a:1,b:2');
  });

  it('stretches the default delivery timeout to cover linger plus a request', () => {
    expect(written({ ...base, lingerMs: 100_000, requestTimeoutMs: 60_000 }).get('delivery.timeout.ms')).toBe('160000');
    expect(written({ ...base, lingerMs: 0.5, requestTimeoutMs: 119_999 }).get('delivery.timeout.ms')).toBe('120000');
    expect(written({ ...base, lingerMs: 1.5, requestTimeoutMs: 119_999 }).get('delivery.timeout.ms')).toBe('120001');
  });

  it.each(['murmur2_random', 'murmur2', 'consistent_random', 'consistent', 'random', 'fnv1a', 'fnv1a_random'] as const)(
    'partitioner %s writes partitioner=%s',
    (name) => {
      expect(written({ ...base, partitioner: name }).get('partitioner')).toBe(name);
    },
  );

  it('a partitioner function writes no partitioner property and is kept', () => {
    const partitioner = (): number => 0;
    expect(written({ ...base, partitioner }).has('partitioner')).toBe(false);
    expect(resolveConfig({ ...base, partitioner }).customPartitioner).toBe(partitioner);
    expect(() => written({ ...base, partitioner: 42 as never })).toThrow(
      /partitioner \(librdkafka `partitioner`\) must be a function or one of murmur2_random/,
    );
  });

  it('tls writes the protocol, the PEMs, the key password and the verification flags', () => {
    expect(Object.fromEntries(written({ ...base, tls: true }))).toMatchObject({
      'security.protocol': 'SSL',
      'ssl.ca.location': 'probe',
      'enable.ssl.certificate.verification': 'true',
      'ssl.endpoint.identification.algorithm': 'https',
    });
    const pairs = written({
      ...base,
      tls: { ca: 'CA-PEM', cert: Buffer.from('CERT-PEM'), key: 'KEY-PEM', keyPassword: 'kp-secret', rejectUnauthorized: false, checkHostname: false },
    });
    expect(Object.fromEntries(pairs)).toMatchObject({
      'security.protocol': 'SSL',
      'ssl.ca.pem': 'CA-PEM',
      'ssl.certificate.pem': 'CERT-PEM',
      'ssl.key.pem': 'KEY-PEM',
      'ssl.key.password': 'kp-secret',
      'enable.ssl.certificate.verification': 'false',
      'ssl.endpoint.identification.algorithm': 'none',
    });
    expect(pairs.has('ssl.ca.location')).toBe(false);
    const resolved = resolveConfig({ ...base, tls: { key: 'KEY-PEM', keyPassword: 'kp-secret' } });
    expect(resolved.secrets).toEqual(expect.arrayContaining(['KEY-PEM', 'kp-secret']));
    expect(resolved.tls).toEqual({ ca: undefined, caKnown: true, checkHostname: true, rejectUnauthorized: true });
    expect(written({ ...base, tls: false }).has('security.protocol')).toBe(false);
  });

  it.each([
    [{ mechanism: 'plain', username: 'u', password: 'pw-secret' }, false, 'SASL_PLAINTEXT', 'PLAIN'],
    [{ mechanism: 'scram-sha-256', username: 'u', password: 'pw-secret' }, true, 'SASL_SSL', 'SCRAM-SHA-256'],
    [{ mechanism: 'scram-sha-512', username: 'u', password: 'pw-secret' }, true, 'SASL_SSL', 'SCRAM-SHA-512'],
  ] as const)('sasl %j (tls %s) writes the protocol, mechanism and credentials', (sasl, tls, protocol, mechanism) => {
    const config = { ...base, sasl, tls };
    expect(Object.fromEntries(written(config))).toMatchObject({
      'security.protocol': protocol,
      'sasl.mechanism': mechanism,
      'sasl.username': 'u',
      'sasl.password': 'pw-secret',
    });
    expect(resolveConfig(config).secrets).toContain('pw-secret');
    expect(resolveConfig(config).secrets).not.toContain('u');
  });

  it('sasl oauthbearer writes the mechanism, and oidc settings with the client secret kept secret', () => {
    const provider = () => ({ value: 't', expiresAtMs: 1 });
    const withProvider = resolveConfig({ ...base, tls: true, sasl: { mechanism: 'oauthbearer', oauthBearerProvider: provider } });
    expect(Object.fromEntries(written({ ...base, tls: true, sasl: { mechanism: 'oauthbearer', oauthBearerProvider: provider } }))).toMatchObject({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'OAUTHBEARER',
    });
    expect(withProvider.oauthBearerProvider).toBe(provider);
    const oidc = { tokenEndpointUrl: 'https://idp.example/token', clientId: 'id-1', clientSecret: 'client-secret-1', scope: 'kafka' };
    const config = { ...base, tls: true, sasl: { mechanism: 'oauthbearer', oidc } } as const;
    expect(Object.fromEntries(written(config))).toMatchObject({
      'sasl.mechanism': 'OAUTHBEARER',
      'sasl.oauthbearer.method': 'oidc',
      'sasl.oauthbearer.token.endpoint.url': 'https://idp.example/token',
      'sasl.oauthbearer.client.id': 'id-1',
      'sasl.oauthbearer.client.secret': 'client-secret-1',
      'sasl.oauthbearer.scope': 'kafka',
    });
    expect(resolveConfig(config).secrets).toContain('client-secret-1');
    expect(resolveConfig(config).oauthBearerProvider).toBeUndefined();
  });

  it('the escape hatch may replace our implicit defaults but not what the user set', () => {
    expect(Object.fromEntries(written({ ...base, librdkafka: { acks: -1, 'statistics.interval.ms': 0, partitioner: 'random' } }))).toMatchObject({
      acks: '-1',
      'statistics.interval.ms': '0',
      partitioner: 'random',
    });
    expect(() => written({ ...base, acks: 'all', librdkafka: { acks: 1 } })).toThrow(KafkaConfigError);
    expect(() => written({ ...base, statisticsIntervalMs: 1000, librdkafka: { 'statistics.interval.ms': 0 } })).toThrow(KafkaConfigError);
  });
});

describe('the constructor scrubs what librdkafka echoes', () => {
  // librdkafka quotes a rejected value of an enum-like property ("Invalid value "…" for configuration
  // property …"). Its secret-bearing properties are free strings that it never quotes at construction,
  // so the echo here is a credential pasted into the wrong property: the constructor must still
  // scrub it, by value, with the configured secrets.
  const canary = 'Canary-Credential-7f3a9b2c';

  it.each([
    ['a sasl password', { sasl: { mechanism: 'scram-sha-512', username: 'u', password: canary } }],
    ['a tls key password', { tls: { keyPassword: canary } }],
    [
      'an oidc client secret',
      {
        tls: true,
        sasl: { mechanism: 'oauthbearer', oidc: { tokenEndpointUrl: 'https://idp.example/token', clientId: 'id', clientSecret: canary } },
      },
    ],
  ] as const)('%s quoted by librdkafka never reaches the KafkaConfigError', (_, secured) => {
    const error = configError({ ...base, ...secured, librdkafka: { 'broker.address.family': canary } });
    expect(error.message).toContain("librdkafka rejected 'broker.address.family'");
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(canary);
    expect(error.message).not.toContain(canary.slice(3, 16));
    expect(`${inspect(error)} ${JSON.stringify(error)} ${String(error.stack)}`).not.toContain(canary);
  });

  it('leaves a value that is no secret readable', () => {
    expect(configError({ ...base, librdkafka: { 'broker.address.family': 'v5' } }).message).toContain('"v5"');
  });
});

describe('validation edges', () => {
  it('refuses a config that is no object', () => {
    for (const config of [null, undefined, 'localhost:9092', 42]) {
      expect(() => resolveConfig(config as never)).toThrow('the producer needs a config object');
    }
  });

  it('marks a transactional producer', () => {
    expect(resolveConfig({ ...base, transactionalId: 't' }).transactional).toBe(true);
  });

  it('refuses an empty server in a list, and an empty or non-string string option', () => {
    expect(() => resolveConfig({ ...base, bootstrapServers: ['a:1', ' '] })).toThrow(/bootstrapServers .* must be "host:port" strings/);
    expect(() => resolveConfig({ ...base, bootstrapServers: [] })).toThrow(KafkaConfigError);
    expect(() => resolveConfig({ ...base, clientId: '' })).toThrow('clientId (librdkafka `client.id`) must be a non-empty string; got ""');
    expect(() => resolveConfig({ ...base, clientId: 42 as never })).toThrow(
      'clientId (librdkafka `client.id`) must be a non-empty string; got number 42',
    );
  });

  it('takes the bounds themselves and refuses what lies beyond, for numbers and integers', () => {
    expect(written({ ...base, lingerMs: 900_000 }).get('linger.ms')).toBe('900000');
    expect(() => resolveConfig({ ...base, lingerMs: 900_000.5 })).toThrow('lingerMs (librdkafka `linger.ms`) must be a number from 0 to 900000');
    expect(() => resolveConfig({ ...base, lingerMs: Number.NaN })).toThrow(KafkaConfigError);
    expect(() => resolveConfig({ ...base, lingerMs: '5' as never })).toThrow(KafkaConfigError);
    expect(written({ ...base, compressionLevel: -1 }).get('compression.level')).toBe('-1');
    expect(written({ ...base, compressionLevel: 12 }).get('compression.level')).toBe('12');
    expect(() => resolveConfig({ ...base, compressionLevel: 13 })).toThrow('must be an integer from -1 to 12; got number 13');
    expect(() => resolveConfig({ ...base, compressionLevel: -2 })).toThrow(KafkaConfigError);
  });

  it('keeps idempotence on up to 5 requests in flight and with acks all said explicitly', () => {
    expect(resolveConfig({ ...base, maxInFlight: 5 }).idempotence).toBe(true);
    expect(resolveConfig({ ...base, maxInFlight: 5, idempotence: true }).idempotence).toBe(true);
    expect(resolveConfig({ ...base, acks: 'all', idempotence: true }).idempotence).toBe(true);
    expect(resolveConfig({ ...base, acks: -1, idempotence: true }).idempotence).toBe(true);
    expect(resolveConfig({ ...base, retries: 1, idempotence: true }).idempotence).toBe(true);
  });

  it('names each contradiction in full', () => {
    expect(() => resolveConfig({ ...base, idempotence: true, retries: 0 })).toThrow(
      'contradictory settings: idempotence: true (librdkafka `enable.idempotence`) was set, but retries: 0 (librdkafka `retries`) — idempotence needs retries above 0',
    );
    expect(() => resolveConfig({ ...base, transactionalId: 't', acks: 1, maxInFlight: 6 })).toThrow(
      "contradictory settings: transactions (transactionalId) need idempotence, but acks: 1 (librdkafka `acks`) — idempotence needs acks 'all'; maxInFlight: 6",
    );
  });

  it('lets the escape hatch replace the partitioner and idempotence defaults only when the user left them', () => {
    expect(written({ ...base, librdkafka: { partitioner: 'fnv1a' } }).get('partitioner')).toBe('fnv1a');
    expect(() => resolveConfig({ ...base, partitioner: 'murmur2', librdkafka: { partitioner: 'fnv1a' } })).toThrow(KafkaConfigError);
    expect(written({ ...base, librdkafka: { 'enable.idempotence': false } }).get('enable.idempotence')).toBe('false');
    expect(() => resolveConfig({ ...base, idempotence: true, librdkafka: { 'enable.idempotence': false } })).toThrow(KafkaConfigError);
  });

  it('knows which sensitive librdkafka properties are no secret, and the extensions that are', () => {
    for (const key of ['ssl.ca.pem', 'ssl.key.location', 'sasl.oauthbearer.assertion.private.key.file', 'sasl.username'])
      expect(SECRET_KEYS.has(key), key).toBe(false);
    expect(SECRET_KEYS.has('sasl.oauthbearer.extensions')).toBe(true);
    expect(SECRET_KEYS.has('bootstrap.servers')).toBe(false);
  });
});
