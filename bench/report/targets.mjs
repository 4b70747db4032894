// @ts-check
// The targets, checked against this run's medians.
import { contenderById } from '../scenarios/contenders.mjs';
import { ratio } from './comparisons.mjs';

const PURE_JS = ['kafkajs-send', 'platformatic-send'];

/** @typedef {import('../types.mjs').Aggregate} Aggregate */

/**
 * @param {Aggregate[]} cells
 * @param {ReturnType<typeof import('./comparisons.mjs').comparisonsFor>} compare
 * @returns {import('../types.mjs').TargetCheck[]}
 */
export function checkTargets(cells, compare) {
  /** @type {import('../types.mjs').TargetCheck[]} */
  const targets = [];
  /**
   * @param {Aggregate | undefined} cell
   * @param {(cell: Aggregate) => import('../types.mjs').Summary | null | undefined} read
   */
  const median = (cell, read) => (cell ? read(cell)?.median : undefined);
  const msg = (/** @type {Aggregate | undefined} */ cell) => median(cell, (c) => c.msgPerSec);
  /**
   * @param {string} name
   * @param {number | undefined} a
   * @param {number | undefined} b
   * @param {number} factor
   */
  const atLeast = (name, a, b, factor) => {
    const met = typeof a === 'number' && typeof b === 'number' ? a >= b * factor : null;
    targets.push({ name, measured: ratio(a, b), met });
  };
  /**
   * @param {string} name
   * @param {number | undefined} a
   * @param {number | undefined} b
   * @param {number} factor
   */
  const atMost = (name, a, b, factor) => {
    const met = typeof a === 'number' && typeof b === 'number' ? a <= b * factor : null;
    targets.push({ name, measured: ratio(a, b), met });
  };

  for (const scenario of ['S2-batch100', 'S2-batch1000']) {
    atLeast(
      `${scenario}: sendBatch >= 95 % of raw librdkafka`,
      msg(compare.cell(scenario, 'ferrokafka-sendBatch')),
      msg(compare.raw(scenario)),
      0.95,
    );
  }
  atLeast('S1-100B: send() >= 80 % of raw librdkafka', msg(compare.cell('S1-100B', 'ferrokafka-send')), msg(compare.raw('S1-100B')), 0.8);
  for (const api of ['send', 'produce']) {
    atMost(
      `S1-100B: ${api}() CPU per message <= 1.2x raw`,
      median(compare.cell('S1-100B', `ferrokafka-${api}`), (c) => c.cpuUsPerMsg),
      median(compare.raw('S1-100B'), (c) => c.cpuUsPerMsg),
      1.2,
    );
  }
  for (const [scenario, contender] of [
    ['S1-100B', 'ferrokafka-send'],
    ['S1-1KiB', 'ferrokafka-send'],
    ['S2-batch100', 'ferrokafka-sendBatch'],
    ['S2-batch1000', 'ferrokafka-sendBatch'],
  ]) {
    const peer = compare.fastestPeer(scenario);
    atLeast(
      `${scenario}: ${contender.slice(11)} >= 2x the fastest peer${peer ? ` (${contenderById(peer.contender)?.label ?? peer.contender})` : ''}`,
      msg(compare.cell(scenario, contender)),
      msg(peer),
      2,
    );
  }
  atLeast('S1-100B: send() >= 10x kafkajs', msg(compare.cell('S1-100B', 'ferrokafka-send')), msg(compare.kafkajs('S1-100B')), 10);
  for (const scenario of ['S4-rate1k', 'S4-rate10k', 'S4-rate50k']) {
    atMost(
      `${scenario}: send() p99 within 1.25x of raw`,
      median(compare.cell(scenario, 'ferrokafka-send'), (c) => c.latencyMs?.p99),
      median(compare.raw(scenario), (c) => c.latencyMs?.p99),
      1.25,
    );
  }
  const loopDelay = median(compare.cell('S4-rate50k', 'ferrokafka-send'), (c) => c.eventLoopDelayP99Ms);
  targets.push({
    name: 'S4-rate50k: send() event-loop delay p99 < 1 ms',
    measured: typeof loopDelay === 'number' ? `${loopDelay.toFixed(2)} ms` : 'n/a',
    met: typeof loopDelay === 'number' ? loopDelay < 1 : null,
  });
  const bestPureJs = PURE_JS.map((id) => median(compare.cell('S3-serial', id), (c) => c.latencyMs?.p50))
    .filter((v) => typeof v === 'number')
    .sort((a, b) => a - b)[0];
  atMost(
    'S3-serial: send() p50 no worse than the best pure-JS client',
    median(compare.cell('S3-serial', 'ferrokafka-send'), (c) => c.latencyMs?.p50),
    bestPureJs,
    1,
  );
  const rawPeak = median(compare.raw('S6-queued1M'), (c) => c.peakRssMb);
  for (const api of ['send', 'produce']) {
    const peak = median(compare.cell('S6-queued1M', `ferrokafka-${api}`), (c) => c.peakRssMb);
    const known = typeof peak === 'number' && typeof rawPeak === 'number';
    targets.push({
      name: `S6-queued1M: ${api}() peak RSS with 1M records queued <= raw + 50 MB`,
      measured: known
        ? `${peak.toFixed(0)} MB vs raw ${rawPeak.toFixed(0)} MB (${peak - rawPeak >= 0 ? '+' : ''}${(peak - rawPeak).toFixed(0)} MB)`
        : 'n/a',
      met: known ? peak <= rawPeak + 50 : null,
    });
  }
  const idle = median(compare.cell('S6-queued1M', 'ferrokafka-produce'), (c) => c.idleRssMb);
  targets.push({
    name: 'an idle producer adds <= 10 MB',
    measured: typeof idle === 'number' ? `${idle.toFixed(1)} MB` : 'n/a',
    met: typeof idle === 'number' ? idle <= 10 : null,
  });
  const dropped = cells.filter((c) => c.reasons.some((reason) => /silent drop|reports missing/.test(reason ?? '')));
  targets.push({
    name: 'zero silent drops: delivered = acknowledged = end-offset delta, in every run',
    measured: dropped.length === 0 ? 'every completed run verified' : `drops in: ${dropped.map((c) => `${c.scenario} ${c.contender}`).join(', ')}`,
    met: dropped.length === 0,
  });
  const ours = cells.filter((c) => contenderById(c.contender)?.role === 'ours' && c.runs.failed > 0);
  targets.push({
    name: 'every ferrokafka run completed without a delivery error',
    measured: ours.length === 0 ? 'yes' : `failed runs in: ${ours.map((c) => `${c.scenario} ${c.contender}`).join(', ')}`,
    met: ours.length === 0,
  });
  return targets;
}
