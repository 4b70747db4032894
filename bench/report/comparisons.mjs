// @ts-check
// The reference points each result is compared with: raw librdkafka in the same scenario (for the
// batch and stream scenarios its S1-100B run, the same 100 B messages), the fastest peer and KafkaJS.
import { contenderById } from '../scenarios/contenders.mjs';
import { scenarioById } from '../scenarios/catalog.mjs';

/** @param {import('../types.mjs').Aggregate[]} cells */
export function comparisonsFor(cells) {
  /**
   * The ok cell of (scenario, contender), if any.
   *
   * @param {string} scenario
   * @param {string} contender
   */
  const cell = (scenario, contender) => cells.find((c) => c.scenario === scenario && c.contender === contender && c.status === 'ok');
  const rawScenario = (/** @type {string} */ scenario) => (['batch', 'stream'].includes(scenarioById(scenario)?.kind ?? '') ? 'S1-100B' : scenario);
  return {
    raw: (/** @type {string} */ scenario) => cell(rawScenario(scenario), 'raw-librdkafka'),
    /** @param {string} scenario */
    fastestPeer(scenario) {
      const peers = cells.filter((c) => c.scenario === scenario && c.status === 'ok' && contenderById(c.contender)?.role === 'peer');
      // (an ok cell always has a msg/s summary)
      return peers.sort((a, b) => (b.msgPerSec?.median ?? 0) - (a.msgPerSec?.median ?? 0))[0];
    },
    kafkajs: (/** @type {string} */ scenario) => cell(scenario, scenarioById(scenario)?.kind === 'batch' ? 'kafkajs-sendBatch' : 'kafkajs-send'),
    cell,
  };
}

/**
 * a / b as "1.23x", or "n/a".
 *
 * @param {number | null | undefined} a
 * @param {number | null | undefined} b
 */
export function ratio(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number' || b === 0) return 'n/a';
  return `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}x`;
}
