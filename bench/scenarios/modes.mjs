// @ts-check
// Quick mode: a smoke run of the main scenarios in about two minutes. Full mode: everything,
// 3 runs each, interleaved, in about 30 minutes on a 2-core machine.
/** @type {Record<string, import('../types.mjs').Mode>} */
export const MODES = {
  quick: {
    scenarios: ['S1-100B', 'S2-batch1000', 'S7-writable', 'S3-serial', 'S4-rate10k', 'S6-queued1M'],
    runs: 1,
    timing: () => ({ warmupMs: 300, durationMs: 1000 }),
  },
  full: {
    scenarios: null, // all
    runs: 3,
    timing: (scenario) => (scenario.group === 'S5' ? { warmupMs: 500, durationMs: 2000 } : { warmupMs: 1000, durationMs: 3000 }),
  },
};
