// @ts-check
// Targets on the kafka broker kind: ferrokafka against raw librdkafka, the Node peers, KafkaJS and
// the Java producer, all through the same real broker (which shares the cores).
import { contenderById } from '../scenarios/contenders.mjs';
import { ratio } from './comparisons.mjs';
import { median, msgPerSec as msg, targetList } from './target-list.mjs';

const PURE_JS = ['kafkajs-send', 'platformatic-send'];
const JAVA = 'java-send';

/**
 * @param {ReturnType<typeof import('./comparisons.mjs').comparisonsFor>} compare
 * @param {ReturnType<typeof targetList>} list
 */
export function kafkaTargets(compare, { atLeast, atMost, push }) {
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
  javaTargets(compare, push);
  for (const scenario of ['S4-rate1k', 'S4-rate10k', 'S4-rate50k']) {
    atMost(
      `${scenario}: send() p99 within 1.25x of raw`,
      median(compare.cell(scenario, 'ferrokafka-send'), (c) => c.latencyMs?.p99),
      median(compare.raw(scenario), (c) => c.latencyMs?.p99),
      1.25,
    );
  }
  const loopDelay = median(compare.cell('S4-rate50k', 'ferrokafka-send'), (c) => c.eventLoopDelayP99Ms);
  push({
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
    push({
      name: `S6-queued1M: ${api}() peak RSS with 1M records queued <= raw + 50 MB`,
      measured: known
        ? `${peak.toFixed(0)} MB vs raw ${rawPeak.toFixed(0)} MB (${peak - rawPeak >= 0 ? '+' : ''}${(peak - rawPeak).toFixed(0)} MB)`
        : 'n/a',
      met: known ? peak <= rawPeak + 50 : null,
    });
  }
  const idle = median(compare.cell('S6-queued1M', 'ferrokafka-produce'), (c) => c.idleRssMb);
  push({
    name: 'an idle producer adds <= 10 MB',
    measured: typeof idle === 'number' ? `${idle.toFixed(1)} MB` : 'n/a',
    met: typeof idle === 'number' ? idle <= 10 : null,
  });
}

/**
 * ferrokafka's msg/s against the Java producer's S1-100B (the bulk paths' own scenarios against it:
 * Java has one per-record API). "not measured" when the run had no Java contender.
 *
 * @param {ReturnType<typeof import('./comparisons.mjs').comparisonsFor>} compare
 * @param {ReturnType<typeof targetList>['push']} push
 */
function javaTargets(compare, push) {
  const java = msg(compare.cell('S1-100B', JAVA));
  /** @type {Array<[string, string, string, number]>} */
  const checks = [
    ['S1-100B', 'ferrokafka-produce', 'produce()', 3],
    ['S2-batch1000', 'ferrokafka-sendBatch', 'sendBatch()', 3],
    ['S7-writable', 'ferrokafka-writable', 'writable()', 3],
    ['S1-100B', 'ferrokafka-send', 'send()', 2],
  ];
  for (const [scenario, contender, api, factor] of checks) {
    const ours = msg(compare.cell(scenario, contender));
    const name = `${scenario}: ${api} >= ${factor}x the Java producer's msg/s (its S1-100B)`;
    if (java === undefined) push({ name, measured: `not measured (no ${JAVA} run in S1-100B)`, met: null });
    else push({ name, measured: ratio(ours, java), met: typeof ours === 'number' ? ours >= java * factor : null });
  }
}
