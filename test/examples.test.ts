import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startKafka, type KafkaCluster } from '../lib/testing/index.js';
import { pickFreePorts } from '../lib/testing/ports.js';
import { ExampleProcess, type ExampleExit, summaryOf } from './helpers/example-process.js';
import { bootstrapServers } from './helpers/kafka.js';
import { readUntilCount } from './helpers/read-until-count.js';
import { externalCluster, kafkajsClient } from './helpers/secured-kafka.js';

// Every examples/*.mjs runs as a child process against the test broker and must exit 0 having
// written what it says. The contract (examples/README.md): the topic comes from EXAMPLE_TOPIC,
// EXAMPLE_RECORDS bounds how many records it makes, and an example may print a JSON summary
// `{ topic, delivered, transactional?, bootstrapServers? }` as its last line; then the topic must
// hold exactly `delivered` records (committed ones, read back, for a transactional example),
// otherwise at least one.
// The secured-broker variables are given to every example; secure-connection.mjs uses them.

const EXAMPLES = readdirSync(fileURLToPath(new URL('../examples/', import.meta.url)))
  .filter((file) => file.endsWith('.mjs'))
  .sort();
/** Examples that serve until stopped, driven by tests of their own below. */
const SERVICES = new Set(['http-service.mjs']);
const EXAMPLE_RECORDS = 20_000;
const EXIT_TIMEOUT_MS = 45_000;
const SASL_USER = 'example';
const SASL_PASSWORD = randomBytes(12).toString('hex');

describe('examples', () => {
  // The secured broker for secure-connection.mjs (the shared test broker is PLAINTEXT only).
  let secured: KafkaCluster | undefined;
  let caFolder = '';

  beforeAll(async () => {
    if (externalCluster) return;
    secured = await startKafka({ security: { tls: true, sasl: ['scram-sha-512'], users: { [SASL_USER]: SASL_PASSWORD } } });
    caFolder = mkdtempSync(join(tmpdir(), 'ferrokafka-examples-'));
    writeFileSync(join(caFolder, 'ca.pem'), secured.tls?.caPem ?? '');
  });
  afterEach(() => ExampleProcess.killAll());
  afterAll(async () => {
    ExampleProcess.killAll();
    if (caFolder !== '') rmSync(caFolder, { recursive: true, force: true });
    await secured?.stop();
  });

  /** The environment every example runs with, writing to `topic`. */
  function exampleEnv(topic: string, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_BOOTSTRAP_SERVERS: bootstrapServers(), EXAMPLE_TOPIC: topic, DEMO_TOPIC: topic };
    env.EXAMPLE_RECORDS = String(EXAMPLE_RECORDS);
    if (secured !== undefined) {
      env.KAFKA_SASL_SSL_SERVERS = secured.listeners.saslSsl;
      env.KAFKA_CA_FILE = join(caFolder, 'ca.pem');
      env.KAFKA_SASL_MECHANISM = 'scram-sha-512';
      env.KAFKA_SASL_USERNAME = SASL_USER;
      env.KAFKA_SASL_PASSWORD = SASL_PASSWORD;
    }
    return { ...env, ...overrides };
  }

  /** The PLAINTEXT address to read back from, for the address an example says it wrote to. */
  function readBackAddress(written: string | undefined): string {
    if (written === undefined || written === bootstrapServers()) return bootstrapServers();
    if (secured !== undefined && written === secured.listeners.saslSsl) return secured.bootstrapServers;
    throw new Error(`the example wrote to ${written}, which is neither the test broker nor the secured one`);
  }

  /** Exit 0, and the records it reports are on the broker: no fewer, no more. */
  async function expectWritten(file: string, topic: string, exit: ExampleExit): Promise<void> {
    const output = `${file}\nstdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`;
    expect(exit.code, output).toBe(0);
    const summary = summaryOf(exit.stdout);
    if (summary === undefined) {
      expect(await recordsOn(bootstrapServers(), topic), output).toBeGreaterThan(0);
      return;
    }
    expect(summary.topic, output).toBe(topic);
    expect(summary.delivered, output).toBeGreaterThan(0);
    const address = readBackAddress(summary.bootstrapServers);
    if (summary.transactional === true) {
      // Committed records only (the topic's offsets also count transaction markers and aborted records).
      const records = await readUntilCount(kafkajsClient(address), topic, summary.delivered, ({ message }) => message.offset, { settleMs: 500 });
      expect(records.length, output).toBe(summary.delivered);
    } else {
      // The broker's own count (KafkaJS cannot read every codec an example may choose, e.g. lz4).
      expect(await recordsOn(address, topic), output).toBe(summary.delivered);
    }
  }

  for (const file of EXAMPLES.filter((name) => !SERVICES.has(name))) {
    const needsSecuredBroker = file === 'secure-connection.mjs';
    it.skipIf(needsSecuredBroker && externalCluster)(`${file} exits 0 and its records are on the broker`, async () => {
      const topic = `example-${file.replace(/\.mjs$/, '')}-${randomUUID().slice(0, 8)}`;
      const exit = await new ExampleProcess(file, exampleEnv(topic)).exit(EXIT_TIMEOUT_MS);
      await expectWritten(file, topic, exit);
    });
  }

  describe('http-service.mjs', () => {
    it('answers 201 per request with its offset, drains on SIGTERM and exits 0 with every record delivered', async () => {
      const topic = `example-http-service-${randomUUID().slice(0, 8)}`;
      const service = new ExampleProcess('http-service.mjs', exampleEnv(topic));
      const [, url] = await service.waitForOutput(/Listening on (http:\/\/\S+)/, 30_000);
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          fetch(`${url}/events`, { method: 'POST', headers: { 'x-key': `user-${i % 4}` }, body: JSON.stringify({ i }) }),
        ),
      );
      const bodies = await Promise.all(
        responses.map(async (response) => ({ status: response.status, body: (await response.json()) as { partition: number; offset: number } })),
      );
      for (const { status, body } of bodies) {
        expect(status).toBe(201);
        expect(body).toMatchObject({ topic, partition: expect.any(Number), offset: expect.any(Number) });
      }
      // The offsets are the broker's: 40 distinct positions.
      expect(new Set(bodies.map(({ body }) => `${body.partition}:${body.offset}`)).size).toBe(40);

      service.signal('SIGTERM');
      const exit = await service.exit(EXIT_TIMEOUT_MS);
      expect(summaryOf(exit.stdout)).toMatchObject({ topic, accepted: 40, delivered: 40, failed: 0, undelivered: 0 });
      await expectWritten('http-service.mjs', topic, exit);
    });

    it('reports the records it could not deliver on SIGTERM and exits 1 when no broker is reachable', async () => {
      const [closedPort] = await pickFreePorts(1);
      const topic = `example-http-service-${randomUUID().slice(0, 8)}`;
      const service = new ExampleProcess(
        'http-service.mjs',
        exampleEnv(topic, { KAFKA_BOOTSTRAP_SERVERS: `127.0.0.1:${closedPort}`, SHUTDOWN_TIMEOUT_MS: '1000' }),
      );
      const [, url] = await service.waitForOutput(/Listening on (http:\/\/\S+)/, 30_000);
      const requests = Array.from({ length: 5 }, (_, i) => fetch(`${url}/events`, { method: 'POST', body: `event ${i}` }));
      // Wait until all five records are pending in the producer, then stop the service.
      await expect
        .poll(async () => ((await (await fetch(`${url}/healthz`)).json()) as { pending: number }).pending, { timeout: 10_000, interval: 100 })
        .toBe(5);
      service.signal('SIGTERM');
      // Every request still gets an answer: 503, not delivered.
      for (const response of await Promise.all(requests)) {
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ persistence: 'not-persisted' });
      }
      const exit = await service.exit(EXIT_TIMEOUT_MS);
      expect(exit.code, exit.stderr).toBe(1);
      expect(summaryOf(exit.stdout)).toMatchObject({ accepted: 5, delivered: 0, failed: 5, undelivered: 5 });
      expect(exit.stderr.match(/^Undelivered: /gm)).toHaveLength(5);
    });
  });
});

/** How many records the topic holds: the sum of its partitions' end minus start offsets. */
async function recordsOn(address: string, topic: string): Promise<number> {
  const admin = kafkajsClient(address).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((total, partition) => total + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}
