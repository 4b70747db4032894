// @ts-check
// Runs a plan against one broker, one run after the other, and logs each outcome. A harness error
// (topic admin, not the client) gets one retry before it is recorded as a failed run.
import { executeRun } from './execute-run.mjs';

/**
 * @param {import('../types.mjs').PlannedRun[]} runs
 * @param {import('../types.mjs').RunContext} context
 * @param {import('../types.mjs').Log} log
 * @returns {Promise<import('../types.mjs').RunRecord[]>}
 */
export async function runPlan(runs, context, log) {
  const broker = context.brokerKind;
  /** @type {import('../types.mjs').RunRecord[]} */
  const records = [];
  for (const [index, run] of runs.entries()) {
    /** @type {import('../types.mjs').RunRecord | undefined} */
    let record;
    for (let attempt = 1; record === undefined; attempt++) {
      try {
        record = { ...(await executeRun(run, context)), broker };
      } catch (error) {
        const failure = /** @type {Error} */ (error);
        if (attempt < 2) {
          log(`harness error, retrying the run: ${failure.message}`);
          await new Promise((resolve) => setTimeout(resolve, 1000));
          continue;
        }
        record = {
          scenario: run.scenario.id,
          contender: run.contender.id,
          rep: run.rep,
          broker,
          status: 'failed',
          reason: `harness: ${failure.message}`,
        };
      }
    }
    records.push(record);
    const what =
      record.status === 'ok'
        ? `${Math.round(record.msgPerSec)} msg/s${record.latencyMs ? `, p99 ${record.latencyMs.p99.toFixed(2)} ms` : ''}${record.saturated ? ' (saturated)' : ''}`
        : `${record.status.toUpperCase()}: ${record.reason}`;
    log(
      `[${broker} ${index + 1}/${runs.length}] ${run.scenario.id} ${run.contender.id} #${run.rep}: ${what} (${((record.wallMs ?? 0) / 1000).toFixed(1)} s)`,
    );
  }
  return records;
}
