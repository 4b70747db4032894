// Expands a mode into the ordered list of runs. Repetitions are interleaved (every contender runs
// once before any runs twice) so that noise from the shared machine spreads over all of them.
import { CONTENDERS } from './contenders.mjs';
import { SCENARIOS } from './catalog.mjs';
import { MODES } from './modes.mjs';

export function planRuns(modeName, { only, scenarios: chosen } = {}) {
  const mode = MODES[modeName];
  if (mode === undefined) throw new Error(`unknown mode ${modeName} (quick or full)`);
  const ids = chosen ?? mode.scenarios ?? SCENARIOS.map((s) => s.id);
  const unknown = ids.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  const scenarios = ids.map((id) => SCENARIOS.find((s) => s.id === id));
  const contenders = only === undefined ? CONTENDERS : CONTENDERS.filter((c) => only.some((name) => c.id.startsWith(name)));
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
function takesPart(contender, scenario) {
  if (scenario.contenders !== undefined) return scenario.contenders.includes(contender.id);
  return contender.kind === scenario.kind;
}
