// @ts-check
// The targets, checked against one results file's medians: those of its broker kind (the client's
// own cost on the mock, the whole system and the peers on Kafka), then the delivery checks of both.
import { contenderById } from '../scenarios/contenders.mjs';
import { kafkaTargets } from './kafka-targets.mjs';
import { mockTargets } from './mock-targets.mjs';
import { targetList } from './target-list.mjs';

/**
 * @param {import('../types.mjs').Aggregate[]} cells
 * @param {ReturnType<typeof import('./comparisons.mjs').comparisonsFor>} compare
 * @param {import('../types.mjs').BrokerKind} [kind] kafka unless given
 * @returns {import('../types.mjs').TargetCheck[]}
 */
export function checkTargets(cells, compare, kind = 'kafka') {
  const list = targetList();
  if (kind === 'mock') mockTargets(compare, list);
  else kafkaTargets(compare, list);
  const dropped = cells.filter((c) => c.reasons.some((reason) => /silent drop|reports missing/.test(reason ?? '')));
  list.push({
    name: 'zero silent drops: delivered = acknowledged = end-offset delta, in every run',
    measured: dropped.length === 0 ? 'every completed run verified' : `drops in: ${dropped.map((c) => `${c.scenario} ${c.contender}`).join(', ')}`,
    met: dropped.length === 0,
  });
  const ours = cells.filter((c) => contenderById(c.contender)?.role === 'ours' && c.runs.failed > 0);
  list.push({
    name: 'every ferrokafka run completed without a delivery error',
    measured: ours.length === 0 ? 'yes' : `failed runs in: ${ours.map((c) => `${c.scenario} ${c.contender}`).join(', ')}`,
    met: ours.length === 0,
  });
  return list.targets;
}
