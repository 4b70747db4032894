// @ts-check
// @platformatic/kafka 2.x (pure TypeScript): send() with one message per call, or with a batch.
import { installedVersion } from './package-version.mjs';

/**
 * @param {import('../types.mjs').ClientSettings} settings
 * @param {string} api
 * @returns {Promise<import('../types.mjs').OpenedClient>}
 */
export async function open(settings, api) {
  const { Producer, ProduceAcks } = await import('@platformatic/kafka');
  const producer = new Producer({
    clientId: 'platformatic-bench',
    bootstrapBrokers: settings.bootstrapServers.split(','),
    idempotent: settings.idempotence,
    acks: settings.acks === 'all' ? ProduceAcks.ALL : settings.acks,
    ...(settings.compression === 'none' ? {} : { compression: settings.compression }),
    autocreateTopics: false,
  });
  // It has no linger setting: each send() is one produce request (its own batching is per call).
  /** @type {Record<string, import('../types.mjs').ClientApi>} */
  const calls = {
    send: { kind: 'promise', call: (topic, value) => producer.send({ messages: [{ topic, value }] }) },
    sendBatch: { kind: 'batch', call: (topic, values) => producer.send({ messages: values.map((value) => ({ topic, value })) }) },
  };
  if (!(api in calls)) throw new Error(`platformatic adapter has no API ${api}`);
  return {
    api: calls[api],
    versions: { client: installedVersion('@platformatic/kafka'), librdkafka: null },
    close: () => producer.close(),
  };
}
