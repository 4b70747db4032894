// @ts-check
// Decides a run's status from what the client reported and what the broker stored.
// Zero silent drops: submitted = acknowledged (+ failed) and acknowledged = end-offset delta.
/**
 * @param {import('../types.mjs').ChildSuccess} result
 * @param {number} endOffsetDelta
 * @returns {import('../types.mjs').Verdict}
 */
export function verifyRun(result, endOffsetDelta) {
  /** @type {string[]} */
  const problems = [];
  if (result.failed > 0) problems.push(`${result.failed} delivery error(s), first: ${result.firstError}`);
  if (result.drainTimedOut) problems.push('not every message got a delivery report within 60 s');
  if (result.acked + result.failed !== result.submitted) {
    problems.push(`reports missing: submitted ${result.submitted}, reported ${result.acked + result.failed}`);
  }
  if (endOffsetDelta !== result.acked) {
    problems.push(`silent drop or duplicate: acknowledged ${result.acked} but the end offsets moved by ${endOffsetDelta}`);
  }
  return problems.length === 0 ? { status: 'ok' } : { status: 'failed', reason: problems.join('; ') };
}
