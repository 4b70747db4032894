// @ts-check
// The building blocks of a target table: a list of checks, each a ratio against a reference with
// "met", "not met" or null (not measured in this run).
import { ratio } from './comparisons.mjs';

/** @typedef {import('../types.mjs').Aggregate} Aggregate */

/**
 * The median of one measure of a cell, if the cell and the measure exist.
 *
 * @param {Aggregate | undefined} cell
 * @param {(cell: Aggregate) => import('../types.mjs').Summary | null | undefined} read
 */
export const median = (cell, read) => (cell ? read(cell)?.median : undefined);

/** @param {Aggregate | undefined} cell */
export const msgPerSec = (cell) => median(cell, (c) => c.msgPerSec);

/** @param {Aggregate | undefined} cell */
export const cpuPerMsg = (cell) => median(cell, (c) => c.cpuUsPerMsg);

/** A growing list of target checks. */
export function targetList() {
  /** @type {import('../types.mjs').TargetCheck[]} */
  const targets = [];
  /**
   * @param {number | undefined} a
   * @param {number | undefined} b
   * @param {((value: number) => string) | undefined} show the two values after the ratio, when given
   */
  const measured = (a, b, show) =>
    show && typeof a === 'number' && typeof b === 'number' ? `${ratio(a, b)} (${show(a)} vs ${show(b)})` : ratio(a, b);
  return {
    targets,
    /** @param {import('../types.mjs').TargetCheck} target */
    push: (target) => targets.push(target),
    /**
     * a >= factor x b
     *
     * @param {string} name
     * @param {number | undefined} a
     * @param {number | undefined} b
     * @param {number} factor
     * @param {(value: number) => string} [show]
     */
    atLeast(name, a, b, factor, show) {
      const met = typeof a === 'number' && typeof b === 'number' ? a >= b * factor : null;
      targets.push({ name, measured: measured(a, b, show), met });
    },
    /**
     * a <= factor x b
     *
     * @param {string} name
     * @param {number | undefined} a
     * @param {number | undefined} b
     * @param {number} factor
     * @param {(value: number) => string} [show]
     */
    atMost(name, a, b, factor, show) {
      const met = typeof a === 'number' && typeof b === 'number' ? a <= b * factor : null;
      targets.push({ name, measured: measured(a, b, show), met });
    },
  };
}
