// @ts-check
// node-rdkafka 3.x (C++ + librdkafka): produce() per message, delivery-report events.
import { createRequire } from 'node:module';

import { installedVersion } from './package-version.mjs';
import { openRdkafkaStyle } from './rdkafka-style-producer.mjs';

const require = createRequire(import.meta.url);

/**
 * Delivery reports only arrive when poll() runs on the JS thread. Its README polls every 100 ms,
 * which would add up to 100 ms to every latency; 1 ms keeps it comparable with the others.
 */
const POLL_INTERVAL_MS = 1;

/**
 * @param {import('../types.mjs').ClientSettings} settings
 * @param {string} api
 * @returns {Promise<import('../types.mjs').OpenedClient>}
 */
export async function open(settings, api) {
  if (api !== 'produce') throw new Error(`node-rdkafka adapter has no API ${api}`);
  /** @type {typeof import('node-rdkafka')} */
  const lib = require('node-rdkafka');
  const opened = await openRdkafkaStyle(lib, settings, (producer) => producer.setPollInterval(POLL_INTERVAL_MS));
  return { ...opened, versions: { client: installedVersion('node-rdkafka'), librdkafka: lib.librdkafkaVersion } };
}
