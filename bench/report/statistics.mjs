// @ts-check
// Median and spread of a few runs (3-5: quartiles would mean little, so min and max are the spread).
/**
 * @param {Array<number | null | undefined>} values
 * @returns {import('../types.mjs').Summary | null}
 */
export function summarize(values) {
  const finite = /** @type {number[]} */ (values.filter((value) => typeof value === 'number' && Number.isFinite(value)));
  const sorted = finite.sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}
