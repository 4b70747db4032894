// @ts-check
// Folds the runs of each (scenario, contender) into medians and spreads, and keeps why a
// combination did not run or failed.
import { summarize } from './statistics.mjs';

/**
 * @param {import('../types.mjs').RunRecord[]} runs
 * @returns {import('../types.mjs').Aggregate[]}
 */
export function aggregate(runs) {
  /** @type {Map<string, import('../types.mjs').RunRecord[]>} */
  const groups = new Map();
  for (const run of runs) {
    const key = `${run.scenario}\u0000${run.contender}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)?.push(run);
  }
  /** @type {import('../types.mjs').Aggregate[]} */
  const cells = [];
  for (const group of groups.values()) {
    const { scenario, contender } = group[0];
    const ok = group.filter((run) => run.status === 'ok');
    const failed = group.filter((run) => run.status === 'failed');
    const notRun = group.filter((run) => run.status === 'not-run');
    const pick = (/** @type {(run: import('../types.mjs').OkRecord) => number | null | undefined} */ read) => summarize(ok.map(read));
    cells.push({
      scenario,
      contender,
      status: failed.length > 0 ? 'failed' : ok.length > 0 ? 'ok' : 'not-run',
      reasons: [...new Set([...failed, ...notRun].map((run) => run.reason))],
      runs: { ok: ok.length, failed: failed.length, notRun: notRun.length },
      saturatedRuns: ok.filter((run) => run.saturated).length,
      msgPerSec: pick((run) => run.msgPerSec),
      mbPerSec: pick((run) => run.mbPerSec),
      cpuUsPerMsg: pick((run) => run.cpuUsPerMsg),
      brokerCpuUsPerMsg: pick((run) => run.brokerCpuUsPerMsg),
      peakRssMb: pick((run) => run.peakRssMb),
      idleRssMb: pick((run) => run.idleRssMb),
      eventLoopDelayP99Ms: pick((run) => run.eventLoopDelayP99Ms),
      latencyMs: ok.some((run) => run.latencyMs)
        ? {
            p50: pick((run) => run.latencyMs?.p50),
            p99: pick((run) => run.latencyMs?.p99),
            p999: pick((run) => run.latencyMs?.p999),
            max: pick((run) => run.latencyMs?.max),
          }
        : null,
    });
  }
  return cells;
}
