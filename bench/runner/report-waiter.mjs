// @ts-check
// Lets a load driver sleep until the next delivery report (or a timeout), without polling.
/** @returns {import('../types.mjs').ReportWaiter} */
export function reportWaiter() {
  /** @type {(() => void) | null} */
  let wake = null;
  /** @type {NodeJS.Timeout | null} */
  let timer = null;
  return {
    /** Call on every delivery report. */
    notify() {
      if (wake === null) return;
      const resolve = wake;
      wake = null;
      if (timer !== null) clearTimeout(timer);
      resolve();
    },
    /** Resolves on the next report, or after `timeoutMs`. */
    next(timeoutMs) {
      return new Promise((resolve) => {
        wake = resolve;
        timer = setTimeout(() => {
          wake = null;
          resolve();
        }, timeoutMs);
      });
    },
  };
}
