// @ts-check
// ferrokafka, this project: send() (promise per message), produce() (callback per message),
// sendBatch() (one call per batch) and writable() (a stream). Loaded from the snapshot run.mjs took (settings.productRoot),
// or from the working tree.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * @param {import('../types.mjs').ClientSettings} settings
 * @param {string} api
 * @returns {Promise<import('../types.mjs').OpenedClient>}
 */
export async function open(settings, api) {
  const root = pathToFileURL(settings.productRoot ?? new URL('../../', import.meta.url).pathname).href.replace(/\/?$/, '/');
  /** @type {typeof import('../../lib/index.js')} the compiled lib/ */
  const { Producer, librdkafkaVersion } = await import(`${root}dist/esm/index.js`);
  librdkafkaVersion(); // loads the native addon now, so that rssAfterLoad includes it
  const rssAfterLoad = process.memoryUsage.rss();
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  const producer = new Producer({
    bootstrapServers: settings.bootstrapServers,
    clientId: 'ferrokafka-bench',
    acks: settings.acks,
    idempotence: settings.idempotence,
    lingerMs: settings.lingerMs,
    compression: settings.compression,
    ...(settings.queueMessages === undefined ? {} : { queueMaxMessages: settings.queueMessages }),
  });
  /** @type {Record<string, import('../types.mjs').ClientApi>} */
  const calls = {
    send: { kind: 'promise', call: (topic, value) => producer.send({ topic, value }) },
    produce: { kind: 'callback', call: (topic, value, done) => producer.produce({ topic, value }, done) },
    sendBatch: { kind: 'batch', call: (topic, values) => producer.sendBatch(values.map((value) => ({ topic, value }))) },
    writable: {
      kind: 'stream',
      open: (topic) => {
        const stream = producer.writable({ topic });
        return { stream, outstanding: () => stream.outstanding };
      },
    },
  };
  if (!(api in calls)) throw new Error(`ferrokafka has no API ${api}`);
  return {
    api: calls[api],
    versions: { client: pkg.version, librdkafka: librdkafkaVersion() },
    close: () => producer.close(),
    rssAfterLoad,
  };
}
