import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Kafka, KafkaJSNumberOfRetriesExceeded, KafkaJSSASLAuthenticationError, logLevel } from '../../lib/kafkajs/index.js';
import { createUnsecuredJwt, type KafkaCluster, startKafka } from '../../lib/testing/index.js';
import { createTopicOn, externalCluster } from '../helpers/secured-kafka.js';

// KafkaJS's ssl and sasl options, as a KafkaJS program passes them, against TLS and SASL listeners.
const ALICE = { username: 'alice', password: 'alice-secret' };

describe.skipIf(externalCluster)('ferrokafka/kafkajs with ssl and sasl', () => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startKafka({
      security: { tls: true, sasl: ['plain', 'scram-sha-256', 'oauthbearer'], users: { [ALICE.username]: ALICE.password } },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('SCRAM-SHA-256 over TLS: the producer delivers, and the consumer handed to kafkajs reads it with the same configuration', async () => {
    const topic = await createTopicOn(cluster.listeners.plaintext);
    const kafka = new Kafka({
      clientId: 'secured',
      brokers: [cluster.listeners.saslSsl as string],
      ssl: { ca: [cluster.tls?.caPem as string] },
      sasl: { mechanism: 'scram-sha-256', ...ALICE },
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    try {
      expect(await producer.send({ topic, messages: [{ key: 'k', value: 'over sasl_ssl' }] })).toMatchObject([{ topicName: topic, baseOffset: '0' }]);
    } finally {
      await producer.disconnect();
    }
    const consumer = kafka.consumer({ groupId: `secured-${Date.now()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const value = await new Promise<string>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
      });
      expect(value).toBe('over sasl_ssl');
    } finally {
      await consumer.disconnect();
    }
  });

  it("OAUTHBEARER: KafkaJS's provider resolving { value } is asked for tokens, and the producer delivers", async () => {
    const topic = await createTopicOn(cluster.listeners.plaintext);
    let calls = 0;
    const kafka = new Kafka({
      brokers: [cluster.listeners.saslPlaintext as string],
      sasl: {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => {
          calls++;
          return { value: createUnsecuredJwt({ subject: 'alice' }).value };
        },
      },
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    try {
      expect(await producer.send({ topic, messages: [{ value: 'with a token' }] })).toMatchObject([{ topicName: topic, baseOffset: '0' }]);
    } finally {
      await producer.disconnect();
    }
    expect(calls).toBeGreaterThan(0);
  });

  it('a wrong password makes connect() reject with KafkaJSSASLAuthenticationError', async () => {
    const kafka = new Kafka({
      brokers: [cluster.listeners.saslPlaintext as string],
      sasl: { mechanism: 'plain', username: ALICE.username, password: 'wrong' },
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await expect(producer.connect()).rejects.toBeInstanceOf(KafkaJSSASLAuthenticationError);
    await producer.disconnect();
  });

  it('a CA that is not trusted makes connect() fail, not hang', async () => {
    const kafka = new Kafka({ brokers: [cluster.listeners.ssl as string], ssl: true, logLevel: logLevel.NOTHING, connectionTimeout: 3000 });
    const producer = kafka.producer();
    const started = Date.now();
    const error = await producer.connect().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    expect((error as Error).message).toMatch(/certificate/i);
    expect(Date.now() - started).toBeLessThan(30_000);
    await producer.disconnect();
  });
});
