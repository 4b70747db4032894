// @ts-check
// kafka-crab-js 5 (Rust napi + rust-rdkafka): send({ topic, messages }) with its default
// autoFlush: each send() resolves once its records are delivered.
import { readdirSync, readFileSync } from 'node:fs';

import { notSupported } from './not-supported.mjs';
import { installedVersion } from './package-version.mjs';

/**
 * @param {import('../types.mjs').ClientSettings} settings
 * @param {string} api
 * @returns {Promise<import('../types.mjs').OpenedClient>}
 */
export async function open(settings, api) {
  const { KafkaClient } = await import('kafka-crab-js');
  const client = new KafkaClient({ brokers: settings.bootstrapServers, clientId: 'kafka-crab-js-bench', logLevel: 'error' });
  /** @type {import('kafka-crab-js').KafkaProducer} */
  let producer;
  try {
    producer = client.createProducer({
      configuration: {
        acks: settings.acks,
        'enable.idempotence': settings.idempotence,
        'linger.ms': settings.lingerMs,
        'compression.type': settings.compression,
      },
    });
  } catch (error) {
    // Its prebuilt librdkafka lacks some codecs (zstd): that is a setting it cannot honour.
    const message = /** @type {import('../types.mjs').Thrown} */ (error)?.message;
    if (message !== undefined && /Unsupported value/.test(message)) throw notSupported(`kafka-crab-js: ${message.replace(/\s+/g, ' ')}`);
    throw error;
  }
  /** @type {Record<string, import('../types.mjs').ClientApi>} */
  const calls = {
    send: { kind: 'promise', call: (topic, payload) => producer.send({ topic, messages: [{ payload }] }) },
    sendBatch: { kind: 'batch', call: (topic, values) => producer.send({ topic, messages: values.map((payload) => ({ payload })) }) },
  };
  if (!(api in calls)) throw new Error(`kafka-crab-js adapter has no API ${api}`);
  return {
    api: calls[api],
    versions: { client: installedVersion('kafka-crab-js'), librdkafka: bundledLibrdkafka() },
    close: async () => {
      await producer.flush();
    },
  };
}

/**
 * kafka-crab-js does not report librdkafka's version; its binary names the rdkafka-sys crate it
 * was built from ("rdkafka-sys-4.10.0+2.12.1"), whose build metadata is the librdkafka version.
 *
 * @returns {string | null}
 */
function bundledLibrdkafka() {
  try {
    const folder = new URL('../node_modules/kafka-crab-js-linux-x64-gnu/', import.meta.url);
    const binary = readdirSync(folder).find((name) => name.endsWith('.node'));
    if (binary === undefined) return null;
    const match = /rdkafka-sys-[0-9.]+\+([0-9.]+)/.exec(readFileSync(new URL(binary, folder)).toString('latin1'));
    return match ? match[1] : null;
  } catch {
    return null;
  }
}
