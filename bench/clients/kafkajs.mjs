// @ts-check
// KafkaJS 2.2 (pure JS): send() with one message per call, or with a whole batch.
// It has no linger: every send() becomes its own produce request.
import { createRequire } from 'node:module';

import { installedVersion } from './package-version.mjs';
import { notSupported } from './not-supported.mjs';

const require = createRequire(import.meta.url);

/**
 * @param {import('../types.mjs').ClientSettings} settings
 * @param {string} api
 * @returns {Promise<import('../types.mjs').OpenedClient>}
 */
export async function open(settings, api) {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  /** @type {typeof import('kafkajs')} */
  const { Kafka, logLevel } = require('kafkajs');
  if (settings.compression !== 'none') {
    // Only gzip is built in; lz4 and zstd need third-party codec packages registered by the app.
    throw notSupported(
      `kafkajs has no built-in ${settings.compression} codec (only gzip; ${settings.compression} needs a third-party codec package)`,
    );
  }
  const kafka = new Kafka({ clientId: 'kafkajs-bench', brokers: settings.bootstrapServers.split(','), logLevel: logLevel.ERROR });
  // Idempotence in KafkaJS requires at most one request in flight.
  const producer = kafka.producer({ idempotent: settings.idempotence, maxInFlightRequests: settings.idempotence ? 1 : 5 });
  await producer.connect();
  const acks = settings.acks === 'all' ? -1 : settings.acks;
  /** @type {Record<string, import('../types.mjs').ClientApi>} */
  const calls = {
    send: { kind: 'promise', call: (topic, value) => producer.send({ topic, acks, messages: [{ value }] }) },
    sendBatch: { kind: 'batch', call: (topic, values) => producer.send({ topic, acks, messages: values.map((value) => ({ value })) }) },
  };
  if (!(api in calls)) throw new Error(`kafkajs adapter has no API ${api}`);
  return {
    api: calls[api],
    versions: { client: installedVersion('kafkajs'), librdkafka: null },
    close: () => producer.disconnect(),
  };
}
