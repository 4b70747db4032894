import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { KafkaConfigError, Producer, type ProducerConfig } from '../lib/index.js';

const base = { bootstrapServers: '127.0.0.1:1' };

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
    expect(configError({ ...base, 'linger.ms': 5 }).message).toContain('go in the `librdkafka` option');
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

  it('turns idempotence off quietly when it was only the default and acks says otherwise', async () => {
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
    expect(configError({ ...base, sasl: { mechanism: 'kerberos' } }).message).toContain("sasl.mechanism (librdkafka `sasl.mechanism`) must be one of 'plain'");
    expect(configError({ ...base, sasl: { mechanism: 'plain', username: 'u' } }).message).toContain('must be strings for PLAIN');
    expect(configError({ ...base, sasl: { mechanism: 'oauthbearer' } }).message).toContain('an oauthBearerProvider function or oidc settings');
    expect(configError({ ...base, tls: { ca: 42 } }).message).toContain('tls.ca (librdkafka `ssl.ca.pem`) must be a PEM string or Buffer');
  });
});
