// @ts-check
// TLS and SASL: a producer on a SASL_SSL listener, trusting a CA from a file, logging in with
// SCRAM-SHA-512 (or PLAIN / SCRAM-SHA-256), with certificate and host-name verification on.
//
// Set these for your own cluster:
//   KAFKA_SASL_SSL_SERVERS   the SASL_SSL listener(s), "host:port,host:port"
//   KAFKA_CA_FILE            the CA certificate (PEM) that signed the brokers' certificates;
//                            unset: the system trust store
//   KAFKA_SASL_MECHANISM     plain | scram-sha-256 | scram-sha-512 (default)
//   KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD
// Without KAFKA_SASL_SSL_SERVERS it starts a local broker with a SASL_SSL listener of its own
// (a fresh CA, a SCRAM user) and stops it afterwards. EXAMPLE_TOPIC names the topic (default
// secure-example). Its last line is a JSON summary.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Producer, serializers } from 'ferrokafka';
/** @typedef {import('ferrokafka').SaslConfig} SaslConfig */
import { startKafka } from 'ferrokafka/testing';

const topic = process.env.EXAMPLE_TOPIC ?? 'secure-example';
const RECORDS = 10;

const target = process.env.KAFKA_SASL_SSL_SERVERS ? fromEnvironment() : await localSecuredBroker();
let delivered = 0;
try {
  const producer = new Producer({
    bootstrapServers: target.servers,
    clientId: 'ferrokafka-secure-example',
    // The CA from the file; certificate and host-name verification stay on (the defaults).
    tls: target.caFile === undefined ? true : { ca: readFileSync(target.caFile) },
    sasl: target.sasl,
    // A wrong password or an untrusted certificate fails the records within 30 s, naming the cause.
    deliveryTimeoutMs: 30_000,
    valueSerializer: serializers.json,
  });
  // Authentication and TLS failures arrive here at once (the records would only time out later).
  let reported = false;
  producer.on('error', (error) => {
    if (!reported) console.error(`Client error (${error.type}): ${error.message}`);
    reported = true;
  });
  const sends = Array.from({ length: RECORDS }, (_, i) => producer.send({ topic, value: { reading: i, at: new Date().toISOString() } }));
  for (const outcome of await Promise.allSettled(sends)) {
    if (outcome.status === 'fulfilled') delivered++;
    else console.error(`Not delivered: ${outcome.reason.message}`);
  }
  await producer.close();
} finally {
  await target.stop();
}
console.log(`Sent ${delivered} of ${RECORDS} records to ${topic} over SASL_SSL (${target.sasl.mechanism}) at ${target.servers}`);
console.log(JSON.stringify({ example: 'secure-connection', topic, delivered, bootstrapServers: target.servers }));
if (delivered !== RECORDS) process.exitCode = 1;

/** A cluster of your own, from the environment. */
function fromEnvironment() {
  const mechanism = process.env.KAFKA_SASL_MECHANISM ?? 'scram-sha-512';
  if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') {
    throw new Error(`KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512; got ${mechanism}`);
  }
  /** @type {SaslConfig} */
  const sasl = { mechanism, username: process.env.KAFKA_SASL_USERNAME ?? '', password: process.env.KAFKA_SASL_PASSWORD ?? '' };
  return { servers: process.env.KAFKA_SASL_SSL_SERVERS ?? '', caFile: process.env.KAFKA_CA_FILE, sasl, stop: async () => {} };
}

/** A local broker with a SASL_SSL listener: its CA is written to a file, as a real one would be. */
async function localSecuredBroker() {
  // A cluster named by KAFKA_BOOTSTRAP_SERVERS is plaintext: this example needs a listener of its own.
  delete process.env.KAFKA_BOOTSTRAP_SERVERS;
  const password = randomBytes(18).toString('base64url');
  const kafka = await startKafka({ security: { tls: true, sasl: ['scram-sha-512'], users: { example: password } } });
  const folder = mkdtempSync(join(tmpdir(), 'ferrokafka-example-'));
  const caFile = join(folder, 'ca.pem');
  writeFileSync(caFile, kafka.tls?.caPem ?? '', { mode: 0o600 });
  /** @type {SaslConfig} */
  const sasl = { mechanism: 'scram-sha-512', username: 'example', password };
  return {
    servers: kafka.listeners.saslSsl ?? '',
    caFile,
    sasl,
    stop: async () => {
      rmSync(folder, { recursive: true, force: true });
      await kafka.stop();
    },
  };
}
