// @ts-check
// @confluentinc/kafka-javascript: its KafkaJS-compatible API (a promise per send(), one per
// batch) and its node-rdkafka-compatible API (produce() + delivery-report events).
import { createRequire } from 'node:module';

import { installedVersion } from './package-version.mjs';
import { openRdkafkaStyle } from './rdkafka-style-producer.mjs';

const require = createRequire(import.meta.url);

/**
 * @param {import('../types.mjs').ClientSettings} settings
 * @param {string} api
 * @returns {Promise<import('../types.mjs').OpenedClient>}
 */
export async function open(settings, api) {
  /** @type {typeof import('@confluentinc/kafka-javascript')} */
  const lib = require('@confluentinc/kafka-javascript');
  const versions = { client: installedVersion('@confluentinc/kafka-javascript'), librdkafka: lib.librdkafkaVersion };
  if (api === 'produce') {
    // Its recommended mode: reports are polled on librdkafka's background thread, not a JS timer.
    const opened = await openRdkafkaStyle(lib, settings, (producer) => producer.setPollInBackground(true));
    return { ...opened, versions };
  }
  const { Kafka, logLevel } = lib.KafkaJS;
  const kafka = new Kafka({
    kafkaJS: { brokers: settings.bootstrapServers.split(','), clientId: 'confluent-kafkajs-bench', logLevel: logLevel.ERROR },
  });
  const producer = kafka.producer({
    kafkaJS: {
      acks: settings.acks === 'all' ? -1 : settings.acks,
      idempotent: settings.idempotence,
      ...(settings.compression === 'none' ? {} : { compression: settings.compression }),
    },
    'linger.ms': settings.lingerMs,
  });
  await producer.connect();
  /** @type {Record<string, import('../types.mjs').ClientApi>} */
  const calls = {
    send: { kind: 'promise', call: (topic, value) => producer.send({ topic, messages: [{ value }] }) },
    sendBatch: { kind: 'batch', call: (topic, values) => producer.send({ topic, messages: values.map((value) => ({ value })) }) },
  };
  if (!(api in calls)) throw new Error(`confluent adapter has no API ${api}`);
  return { api: calls[api], versions, close: () => producer.disconnect() };
}
