// @ts-check
// Client-bound targets, on the mock broker kind (the broker costs the client's cores little, so the
// client's own cost decides): ferrokafka's CPU per record, throughput, event-loop delay and memory
// against raw librdkafka in the same run. The bulk paths' raw reference is raw's S1-100B (same
// 100 B records).
import { fixed, rate } from './format.mjs';
import { cpuPerMsg, median, msgPerSec, targetList } from './target-list.mjs';

/** [scenario, contender, API, CPU factor, throughput factor] @type {Array<[string, string, string, number, number]>} */
const PATHS = [
  ['S2-batch1000', 'ferrokafka-sendBatch', 'sendBatch()', 1.1, 1.0],
  ['S7-writable', 'ferrokafka-writable', 'writable() stream', 1.1, 1.0],
  ['S1-100B', 'ferrokafka-produce', 'produce()', 1.2, 1.0],
  ['S1-100B', 'ferrokafka-send', 'send()', 1.5, 0.8],
];

/**
 * @param {ReturnType<typeof import('./comparisons.mjs').comparisonsFor>} compare
 * @param {ReturnType<typeof targetList>} list
 */
export function mockTargets(compare, { atLeast, atMost, push }) {
  const raw = compare.raw('S1-100B');
  const µs = (/** @type {number} */ value) => `${fixed(2)(value)} µs`;
  for (const [scenario, contender, api, cpu] of PATHS) {
    atMost(
      `${scenario}: ${api} client CPU per record <= ${cpu}x raw (S1-100B)`,
      cpuPerMsg(compare.cell(scenario, contender)),
      cpuPerMsg(raw),
      cpu,
      µs,
    );
  }
  for (const [scenario, contender, api, , throughput] of PATHS) {
    atLeast(
      `${scenario}: ${api} msg/s >= ${throughput}x raw (S1-100B)`,
      msgPerSec(compare.cell(scenario, contender)),
      msgPerSec(raw),
      throughput,
      rate,
    );
  }
  const loopDelay = median(compare.cell('S4-rate50k', 'ferrokafka-send'), (c) => c.eventLoopDelayP99Ms);
  push({
    name: 'S4-rate50k: send() event-loop delay p99 < 1 ms',
    measured: typeof loopDelay === 'number' ? `${loopDelay.toFixed(2)} ms` : 'n/a',
    met: typeof loopDelay === 'number' ? loopDelay < 1 : null,
  });
  const rawPeak = median(compare.raw('S6-queued1M'), (c) => c.peakRssMb);
  const peak = median(compare.cell('S6-queued1M', 'ferrokafka-produce'), (c) => c.peakRssMb);
  const known = typeof peak === 'number' && typeof rawPeak === 'number';
  push({
    name: 'S6-queued1M: produce() peak RSS with 1M records queued <= raw + 50 MB',
    measured: known
      ? `${peak.toFixed(0)} MB vs raw ${rawPeak.toFixed(0)} MB (${peak - rawPeak >= 0 ? '+' : ''}${(peak - rawPeak).toFixed(0)} MB)`
      : 'n/a',
    met: known ? peak <= rawPeak + 50 : null,
  });
}
