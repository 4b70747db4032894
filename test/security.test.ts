import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { KafkaConfigError, KafkaError, Producer, type ProducerConfig } from '../lib/index.js';
import { startKafka } from '../lib/testing/index.js';
import { setUpSecuredCluster } from './helpers/secured-cluster.js';
import {
  createTopicOn,
  DELIVERY_TIMEOUT_MS,
  everythingReported,
  externalCluster,
  FAILURE_DEADLINE_MS,
  kafkajsClient,
  readValues,
  settle,
  type WatchedProducer,
} from './helpers/secured-kafka.js';

// TLS and SASL against a real broker of our own (the shared one of global-setup is PLAINTEXT only).
// A failure must surface as a KafkaError within the delivery timeout, never as a hang.

const ALICE = { username: 'alice', password: 'alice-secret' };
// A password that must never be seen again once handed to the producer.
const CANARY = `canary-${randomBytes(12).toString('hex')}`;
const CANARY_USER = 'canary-user';
const MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
// librdkafka's debug line (debug=security) when it checks the certificate against the host connected to
const ENDPOINT_CHECK = 'Enabled endpoint identification using hostname 127.0.0.1';

describe.skipIf(externalCluster)('TLS and SASL against a real broker', () => {
  const secured = setUpSecuredCluster({
    security: { tls: true, sasl: [...MECHANISMS], users: { [ALICE.username]: ALICE.password, [CANARY_USER]: CANARY } },
  });
  const { producer } = secured;

  /** Sends one record that cannot be delivered, and checks it fails in time with a KafkaError. */
  async function expectSendToFail(target: WatchedProducer, topic: string): Promise<KafkaError> {
    const outcome = await settle(target.producer.send({ topic, value: 'never delivered' }));
    expect(outcome.value).toBeUndefined();
    expect(outcome.error).toBeInstanceOf(KafkaError);
    expect(outcome.elapsedMs).toBeLessThan(FAILURE_DEADLINE_MS);
    return outcome.error as KafkaError;
  }

  it('offers SSL, SASL_PLAINTEXT and SASL_SSL listeners on 127.0.0.1 and the CA that signed them', () => {
    expect(secured.cluster.listeners.plaintext).toBe(secured.cluster.bootstrapServers);
    for (const address of [secured.cluster.listeners.ssl, secured.cluster.listeners.saslPlaintext, secured.cluster.listeners.saslSsl]) {
      expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    }
    expect(secured.caPem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
  });

  describe('TLS', () => {
    it('delivers to the SSL listener when the CA is trusted, verifying the IP address 127.0.0.1', async () => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      const target = producer({ bootstrapServers: secured.cluster.listeners.ssl!, tls: { ca: secured.caPem }, librdkafka: { debug: 'security' } });
      const p = target.producer;
      const sent = await Promise.all(['tls-1', 'tls-2', 'tls-3'].map((value) => p.send({ topic, value })));
      expect(sent.map((meta) => meta.offset)).toEqual([0, 1, 2]);
      expect(target.errors).toEqual([]);
      // verification was on by default, and passed: the certificate names IP 127.0.0.1
      expect(everythingReported(target)).toContain(ENDPOINT_CHECK);
      expect(everythingReported(target)).toContain('Broker SSL certificate verified');
      // read back by an independent client that also verifies the certificate
      const client = kafkajsClient(secured.cluster.listeners.ssl!, { ssl: { ca: [secured.caPem] } });
      expect(await readValues(client, topic, 3)).toEqual(['tls-1', 'tls-2', 'tls-3']);
    });

    it('fails with a certificate verification error, not a hang, when the CA is not trusted', async () => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      // tls: true → the system trust store, which does not know this cluster's CA
      const target = producer({ bootstrapServers: secured.cluster.listeners.ssl!, tls: true, deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
      await expectSendToFail(target, topic);
      const handshake = target.errors.find((error) => error.type === 'SSL');
      expect(handshake, everythingReported(target)).toBeInstanceOf(KafkaError);
      expect(handshake!.message).toMatch(/SSL handshake failed: .*certificate verify failed/);
      // it says what is wrong in the typed layer's terms, not librdkafka's ssl.ca.location
      expect(handshake!.message).toContain('is not signed by a CA the client trusts');
      expect(handshake!.message).toContain('give that CA as tls.ca');
      expect(handshake!.message).not.toContain('ssl.ca.location');
    });

    it.each([
      [{ rejectUnauthorized: true }, 'enable.ssl.certificate.verification', false],
      [{}, 'enable.ssl.certificate.verification', 'false'],
    ] as const)('tls %j with librdkafka[%j] = %j is refused, not delivered to a broker the client does not trust', (tls, key, value) => {
      // before: the typed layer left verification at librdkafka's default, the escape hatch turned it off,
      // and records went to this untrusted broker without a word
      const config: ProducerConfig = { bootstrapServers: secured.cluster.listeners.ssl!, tls, librdkafka: { [key]: value } };
      expect(() => new Producer(config)).toThrow(KafkaConfigError);
      expect(() => new Producer(config)).toThrow(`librdkafka['${key}'] is set by the typed option tls.rejectUnauthorized`);
    });

    it('sasl without tls, pointed at a TLS listener, names the likely cause instead of a bare timeout', async () => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      const target = producer({
        bootstrapServers: secured.cluster.listeners.saslSsl!,
        sasl: { mechanism: 'scram-sha-256', ...ALICE },
        deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
      });
      const failure = await expectSendToFail(target, topic);
      const hint = target.errors.find((error) => error.message.includes('likely a TLS listener'));
      expect(hint, everythingReported(target)).toBeInstanceOf(KafkaError);
      expect(hint!.message).toContain('Set tls: true');
      expect(failure.type).toBe('MSG_TIMED_OUT');
      expect(failure.message).toContain('likely a TLS listener');
    });

    it('delivers without the CA only when verification is turned off explicitly', async () => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      const { producer: p } = producer({ bootstrapServers: secured.cluster.listeners.ssl!, tls: { rejectUnauthorized: false } });
      await expect(p.send({ topic, value: 'unverified' })).resolves.toMatchObject({ topic, offset: 0 });
    });
  });

  describe('SASL', () => {
    it.each(MECHANISMS)('%s over SASL_PLAINTEXT delivers with the right password', async (mechanism) => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      const {
        producer: p,
        errors,
        logs,
      } = producer({
        bootstrapServers: secured.cluster.listeners.saslPlaintext!,
        sasl: { mechanism, ...ALICE },
      });
      await expect(p.send({ topic, value: mechanism })).resolves.toMatchObject({ topic, offset: 0 });
      expect(errors).toEqual([]);
      // PLAIN's password crosses this listener in clear text: said once; SCRAM never sends it
      const warnings = logs.filter((entry) => entry.facility === 'SECURITY');
      expect(warnings.map((entry) => entry.message.split(':')[0])).toEqual(
        mechanism === 'plain' ? ['sasl PLAIN sends the password in clear text'] : [],
      );
      if (mechanism === 'plain') {
        const client = kafkajsClient(secured.cluster.listeners.saslPlaintext!, { sasl: { mechanism: 'plain', ...ALICE } });
        expect(await readValues(client, topic, 1)).toEqual(['plain']);
      }
    });

    it.each(MECHANISMS)('%s over SASL_PLAINTEXT reports a wrong password as an authentication error', async (mechanism) => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      const target = producer({
        bootstrapServers: secured.cluster.listeners.saslPlaintext!,
        sasl: { mechanism, username: ALICE.username, password: 'not-the-password' },
        deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
      });
      const failure = await expectSendToFail(target, topic);
      const authentication = target.errors.find((error) => error.type.includes('AUTHENTICATION'));
      expect(authentication, everythingReported(target)).toBeInstanceOf(KafkaError);
      expect(authentication!.message).toMatch(/authentication failed/i);
      // The record's own rejection names the cause, not just "timed out".
      expect(failure.type).toBe('MSG_TIMED_OUT');
      expect(failure.message).toContain('the last client error was AUTHENTICATION');
      expect((failure.cause as KafkaError).type).toBe('AUTHENTICATION');
    });

    it.each(['sasl.mechanisms', 'sasl.mechanism'])(
      'scram-sha-512 with librdkafka[%j] = "PLAIN" is refused rather than sending the password in clear text',
      (key) => {
        // before: the alias slipped past the "repeats a setting" check and PLAIN logged in on SASL_PLAINTEXT
        const config: ProducerConfig = {
          bootstrapServers: secured.cluster.listeners.saslPlaintext!,
          sasl: { mechanism: 'scram-sha-512', ...ALICE },
          librdkafka: { [key]: 'PLAIN' },
        };
        expect(() => new Producer(config)).toThrow(`librdkafka['${key}']`);
        expect(() => new Producer(config)).toThrow('set by the typed option sasl.mechanism');
      },
    );

    it('an unknown user is an authentication error too', async () => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      const target = producer({
        bootstrapServers: secured.cluster.listeners.saslPlaintext!,
        sasl: { mechanism: 'scram-sha-256', username: 'mallory', password: ALICE.password },
        deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
      });
      await expectSendToFail(target, topic);
      expect(target.errors.map((error) => error.type)).toContain('AUTHENTICATION');
    });

    it('SCRAM-SHA-512 over SASL_SSL delivers, and KafkaJS reads it back the same way', async () => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      const { producer: p, errors } = producer({
        bootstrapServers: secured.cluster.listeners.saslSsl!,
        tls: { ca: secured.caPem },
        sasl: { mechanism: 'scram-sha-512', ...ALICE },
      });
      await expect(p.send({ topic, value: 'sasl-ssl' })).resolves.toMatchObject({ topic, offset: 0 });
      expect(errors).toEqual([]);
      const client = kafkajsClient(secured.cluster.listeners.saslSsl!, {
        ssl: { ca: [secured.caPem] },
        sasl: { mechanism: 'scram-sha-512', ...ALICE },
      });
      expect(await readValues(client, topic, 1)).toEqual(['sasl-ssl']);
    });

    it('PLAIN over SASL_SSL reports a wrong password as an authentication error', async () => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      const target = producer({
        bootstrapServers: secured.cluster.listeners.saslSsl!,
        tls: { ca: secured.caPem },
        sasl: { mechanism: 'plain', username: ALICE.username, password: 'not-the-password' },
        deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
      });
      await expectSendToFail(target, topic);
      expect(target.errors.map((error) => error.type)).toContain('AUTHENTICATION');
    });
  });

  describe('secrets', () => {
    /** Everything a user could see of a producer and its failures, as one text. */
    function everythingVisible(target: WatchedProducer, failures: unknown[]): string {
      return [
        everythingReported(target),
        ...target.stats,
        inspect(target.producer, { depth: 10, showHidden: true }),
        JSON.stringify(target.producer),
        String(target.producer),
        ...target.errors.map((error) => inspect(error, { depth: 10 })),
        ...failures.map((failure) => `${String(failure)}\n${inspect(failure, { depth: 10 })}`),
      ].join('\n');
    }

    it.each([
      ['SASL_SSL', 'plain'],
      ['SASL_PLAINTEXT', 'scram-sha-256'],
    ] as const)('a password never shows in logs (debug=all), events, stats, inspect or errors: %s %s', async (listener, mechanism) => {
      const topic = await createTopicOn(secured.cluster.listeners.plaintext);
      const bootstrapServers = listener === 'SASL_SSL' ? secured.cluster.listeners.saslSsl! : secured.cluster.listeners.saslPlaintext!;
      const tls = listener === 'SASL_SSL' ? { tls: { ca: secured.caPem } } : {};
      const common = { bootstrapServers, ...tls, librdkafka: { debug: 'all' }, statisticsIntervalMs: 200 };

      // the right canary password: connects, authenticates, delivers
      const good = producer({ ...common, sasl: { mechanism, username: CANARY_USER, password: CANARY } });
      await expect(good.producer.send({ topic, value: 'secret-safe' })).resolves.toMatchObject({ offset: 0 });
      await new Promise((resolve) => setTimeout(resolve, 500)); // a few stats rounds
      // a wrong password that holds the canary: fails authentication
      const bad = producer({
        ...common,
        sasl: { mechanism, username: CANARY_USER, password: `${CANARY}-wrong` },
        deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
      });
      const failure = await expectSendToFail(bad, topic);
      await secured.closeProducers();

      // the debug output really covered the connection and the authentication
      for (const target of [good, bad]) {
        expect(target.logs.length).toBeGreaterThan(50);
        expect(everythingReported(target)).toMatch(/SASL/);
      }
      // librdkafka's configuration dump (debug=all) listed the password property, masked
      expect(everythingReported(good)).toMatch(/sasl\.password = \[redacted\]/);
      expect(good.stats.length).toBeGreaterThan(0);
      expect(bad.errors.map((error) => error.type)).toContain('AUTHENTICATION');

      for (const [target, failures] of [
        [good, []],
        [bad, [failure]],
      ] as const) {
        const visible = everythingVisible(target, [...failures]);
        expect(visible.length).toBeGreaterThan(1_000);
        expect(visible.includes(CANARY), 'the canary password leaked').toBe(false);
      }
    });
  });
});

// A second broker whose certificate does not name 127.0.0.1, to show the host name is checked.
describe.skipIf(externalCluster)('TLS host name verification', () => {
  const brokerLog: string[] = [];
  const secured = setUpSecuredCluster({ security: { tls: { subjectAltNames: ['DNS:localhost'] } }, log: (line) => brokerLog.push(line) });

  it('refuses a trusted certificate that does not name the address connected to (127.0.0.1)', async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const target = secured.producer({
      bootstrapServers: secured.cluster.listeners.ssl!,
      tls: { ca: secured.caPem },
      deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
      librdkafka: { debug: 'security' },
    });
    const outcome = await settle(target.producer.send({ topic, value: 'wrong host' }));
    expect(outcome.error).toBeInstanceOf(KafkaError);
    expect(outcome.elapsedMs).toBeLessThan(FAILURE_DEADLINE_MS);
    expect(everythingReported(target)).toContain(ENDPOINT_CHECK);
    // librdkafka words every verification failure alike (its hint even blames the CA location);
    // the next test shows the chain itself verifies, so here it is the host name that failed
    const failure = target.errors.find((error) => error.type === 'SSL');
    expect(failure?.message).toMatch(/certificate verify failed/);
    // it names what failed: which name the certificate holds, and which the client connected to
    expect(failure?.message).toContain("the broker's certificate is trusted but holds the names DNS:localhost, not 127.0.0.1");
    expect(failure?.message).toContain('tls.checkHostname');
    expect(failure?.message).not.toContain('ssl.ca.location');
    expect((outcome.error as KafkaError).message).toContain('holds the names DNS:localhost, not 127.0.0.1');
  });

  it('refuses checkHostname: true with librdkafka ssl.endpoint.identification.algorithm "none", instead of delivering to the mismatched broker', () => {
    const config: ProducerConfig = {
      bootstrapServers: secured.cluster.listeners.ssl!,
      tls: { ca: secured.caPem, rejectUnauthorized: true, checkHostname: true },
      librdkafka: { 'ssl.endpoint.identification.algorithm': 'none' },
    };
    expect(() => new Producer(config)).toThrow("librdkafka['ssl.endpoint.identification.algorithm'] is set by the typed option tls.checkHostname");
  });

  it('the test broker keeps server.properties, which holds its private key, readable by its owner only', async () => {
    const rootDir = /node\(s\) in (\S+)/.exec(brokerLog.join('\n'))?.[1];
    expect(rootDir, brokerLog.join('\n')).toBeDefined();
    const nodeDirs = (await readdir(rootDir!)).filter((name) => name.startsWith('node-'));
    expect(nodeDirs.length).toBeGreaterThan(0);
    for (const node of nodeDirs) {
      const path = join(rootDir!, node, 'server.properties');
      expect((await stat(path)).mode & 0o777, path).toBe(0o600);
      expect(await readFile(path, 'utf8')).toContain('ssl.keystore.key=');
    }
  });

  it('delivers to the same broker with checkHostname: false (the chain is still verified)', async () => {
    const topic = await createTopicOn(secured.cluster.listeners.plaintext);
    const target = secured.producer({
      bootstrapServers: secured.cluster.listeners.ssl!,
      tls: { ca: secured.caPem, checkHostname: false },
      librdkafka: { debug: 'security' },
    });
    await expect(target.producer.send({ topic, value: 'any host' })).resolves.toMatchObject({ topic, offset: 0 });
    expect(everythingReported(target)).not.toContain('Enabled endpoint identification');
    expect(everythingReported(target)).toContain('Broker SSL certificate verified');
  });
});

describe('startKafka({ security }) checks its input before starting anything', () => {
  it.each([
    [{ sasl: ['plain'], users: { 'bad name': 'secret' } }, /user name "bad name"/],
    [{ sasl: ['plain'], users: { alice: 'quote"d' } }, /password of alice/],
    [{ users: { alice: 'secret' } }, /needs security\.sasl/],
    [{ sasl: ['gssapi'] }, /unknown mechanism "gssapi"/],
    [{ tls: { subjectAltNames: ['localhost'] } }, /not like "DNS:localhost"/],
  ] as const)('%j is refused', async (security, message) => {
    await expect(startKafka({ security: security as never })).rejects.toThrow(message);
  });
});
