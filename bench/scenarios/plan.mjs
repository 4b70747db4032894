// @ts-check
// Expands a mode into the ordered list of runs. Repetitions are interleaved (every contender runs
// once before any runs twice) so that noise from the shared machine spreads over all of them.
import { CONTENDERS } from './contenders.mjs';
import { SCENARIOS } from './catalog.mjs';
import { MODES } from './modes.mjs';

/**
 * @param {string} modeName quick or full
 * @param {{ only?: string[] | undefined, scenarios?: string[] | undefined }} [selection] contender id prefixes and scenario ids
 * @returns {import('../types.mjs').RunPlan}
 */
export function planRuns(modeName, { only, scenarios: chosen } = {}) {
  const mode = MODES[modeName];
  if (mode === undefined) throw new Error(`unknown mode ${modeName} (quick or full)`);
  const ids = chosen ?? mode.scenarios ?? SCENARIOS.map((s) => s.id);
  const unknown = ids.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  const scenarios = ids.map((id) => {
    const scenario = SCENARIOS.find((s) => s.id === id);
    if (scenario === undefined) throw new Error(`unknown scenario ${id}`); // ruled out above
    return scenario;
  });
  const contenders = only === undefined ? CONTENDERS : CONTENDERS.filter((c) => only.some((name) => c.id.startsWith(name)));
  /** @type {import('../types.mjs').PlannedRun[]} */
  const runs = [];
  for (let rep = 1; rep <= mode.runs; rep++) {
    for (const scenario of scenarios) {
      for (const contender of contenders) {
        if (!takesPart(contender, scenario)) continue;
        runs.push({ rep, scenario: { ...scenario, ...mode.timing(scenario) }, contender });
      }
    }
  }
  return { runs, scenarios, contenders, repetitions: mode.runs };
}

/**
 * Batch APIs run S2; per-message APIs the rest (or the scenario's own list). The raw baseline has no
 * batch run: its S1-100B is the S2 ceiling.
 */
/**
 * @param {import('../types.mjs').Contender} contender
 * @param {import('../types.mjs').Scenario} scenario
 */
function takesPart(contender, scenario) {
  if (scenario.contenders !== undefined) return scenario.contenders.includes(contender.id);
  return contender.kind === scenario.kind;
}
