// @ts-check
// Number formats for the Markdown tables.
/** @param {number | null | undefined} value */
export const rate = (value) =>
  typeof value !== 'number'
    ? '–'
    : value >= 1e6
      ? `${(value / 1e6).toFixed(2)}M`
      : value >= 1e4
        ? `${Math.round(value / 1e3)}k`
        : value >= 1e3
          ? `${(value / 1e3).toFixed(1)}k`
          : value.toFixed(0);

/**
 * @param {import('../types.mjs').Summary | null | undefined} summary
 * @param {(value: number) => string} format
 */
export const spread = (summary, format) => (summary ? `${format(summary.min)}–${format(summary.max)}` : '–');

/** @param {number} digits */
export const fixed = (digits) => (/** @type {number | null | undefined} */ value) => (typeof value === 'number' ? value.toFixed(digits) : '–');

/** @param {number | null | undefined} value */
export const ms = (value) => (typeof value !== 'number' ? '–' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
