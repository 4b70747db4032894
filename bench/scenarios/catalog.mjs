// @ts-check
// The benchmark's scenarios (S1-S5; S6: CPU and RSS are read from every run, and
// S6-queued1M measures memory with a million records queued), as run specs.
import { COMMON_SETTINGS, THROUGHPUT_WINDOW } from './settings.mjs';

const KIB = 1024;

/** @typedef {import('../types.mjs').Scenario} Scenario */

/** @type {Scenario[]} */
export const SCENARIOS = [
  throughput('S1-100B', 'S1', 'per-message API, 100 B', { size: 100 }),
  throughput('S1-1KiB', 'S1', 'per-message API, 1 KiB', { size: KIB }),
  throughput('S1-1KiB-lz4', 'compression', 'per-message API, 1 KiB, lz4', { size: KIB, compression: 'lz4' }),
  throughput('S1-1KiB-zstd', 'compression', 'per-message API, 1 KiB, zstd', { size: KIB, compression: 'zstd' }),
  throughput('S2-batch100', 'S2', 'batch API, 100 messages per call, 100 B', { kind: 'batch', size: 100, batchSize: 100 }),
  throughput('S2-batch1000', 'S2', 'batch API, 1000 messages per call, 100 B', { kind: 'batch', size: 100, batchSize: 1000 }),
  {
    ...base('S3-serial', 'S3', 'serial awaited round trip, linger 0, 100 B'),
    load: 'window',
    window: 1,
    lingerMs: 0,
    latency: true,
  },
  ...[1_000, 10_000, 50_000].map((rate) => ({
    ...base(`S4-rate${rate / 1000}k`, 'S4', `open loop at ${rate / 1000}k msg/s, 100 B`),
    load: /** @type {const} */ ('rate'),
    rate,
    latency: true,
  })),
  ...[1, 16, 256, 4096].map((window) => ({
    ...base(`S5-inflight${window}`, 'S5', `${window} awaited sends in flight, 100 B`),
    load: /** @type {const} */ ('window'),
    window,
  })),
  {
    ...base('S7-writable', 'S7', 'bulk stream: pipeline() from a Readable into a Writable, 100 B'),
    kind: 'stream',
    load: 'stream',
    // The stream's bound on un-acked records is librdkafka's queue: the same 50,000 as the window loads'.
    queueMessages: THROUGHPUT_WINDOW,
  },
  {
    ...base('S6-queued1M', 'S6', '1,000,000 records of 100 B submitted at once (peak RSS)'),
    load: 'burst',
    count: 1_000_000,
    // librdkafka's default queue (100,000 messages) would make the clients wait instead of queueing.
    queueMessages: 1_100_000,
    // The memory target is relative to raw librdkafka; the peers are not part of it (the Java
    // producer is shown for reference).
    contenders: ['raw-librdkafka', 'ferrokafka-send', 'ferrokafka-produce', 'java-send'],
  },
];

/**
 * @param {string} id
 * @param {string} group
 * @param {string} title
 * @returns {Omit<Scenario, 'load'>}
 */
function base(id, group, title) {
  return {
    id,
    group,
    title,
    kind: 'message',
    size: 100,
    lingerMs: COMMON_SETTINGS.lingerMs,
    compression: COMMON_SETTINGS.compression,
    latency: false,
  };
}

/**
 * @param {string} id
 * @param {string} group
 * @param {string} title
 * @param {Partial<Scenario>} overrides
 * @returns {Scenario}
 */
function throughput(id, group, title, overrides) {
  return { ...base(id, group, title), load: 'window', window: THROUGHPUT_WINDOW, ...overrides };
}

/** @param {string} id */
export const scenarioById = (id) => SCENARIOS.find((scenario) => scenario.id === id);
