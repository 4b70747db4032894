// @ts-check
// The verdict of a soak run on its samples: after warm-up, no resource may grow with the
// records sent.
//
// Memory (RSS, JS heap after a full GC, external memory including array buffers): the steady
// samples after warm-up are cut into three windows of equal time, each read at its lowest.
// A leak raises every reading, so it shows in BOTH steps, first→second and second→third;
// a one-off step (the allocator keeping the high-water mark of a fault's backlog, V8 settling
// its code) shows in one only. Growth = the smaller step divided by the records acknowledged
// between the two windows' first samples, in bytes per record. Steady samples: none during a fault or in
// the 3 s after it, none with more than a second's worth of records unacknowledged (a backlog is
// memory in use, not leaked), not the last one (taken after close()).
// File descriptors, threads and active handles: the highest count in the steady samples after
// warm-up may exceed the highest count during warm-up (which saw faults) by a small margin
// only. A leaked descriptor or thread stays; the connections and timers of a fault come and go.

/** @typedef {{ ms: number, closed: boolean, sent: number, delivered: number, failed: number, inFlight: number, rss: number, heapUsed: number, external: number, arrayBuffers: number, fds: number, threads: number, handles: number }} Sample */

/**
 * Bytes per record that fail the run (docs/soak-and-memory-checking.md says how they were chosen). A leak
 * of 1 KB per 1,000 records is 1 byte per record: the JS heap and external memory are exact
 * enough to catch it; RSS moves in steps of the allocator's arenas and catches leaks of a
 * native allocation per record (glibc's smallest block is 32 bytes).
 */
export const MEMORY_LIMITS = { rss: 16, heapUsed: 0.5, external: 0.5 };
/** Counts above the warm-up's highest that fail the run. */
export const COUNT_MARGINS = { fds: 6, threads: 2, handles: 6 };
const SETTLE_MS = 3000;

/**
 * @param {Sample[]} samples
 * @param {{ warmupUntilMs: number, faults: Array<{ startMs: number, endMs: number }>, steadyInFlight: number }} options
 */
export function checkGrowth(samples, options) {
  const duringFault = (/** @type {Sample} */ s) => options.faults.some((f) => s.ms >= f.startMs && s.ms <= f.endMs + SETTLE_MS);
  const open = samples.filter((s) => !s.closed);
  const afterWarmup = open.filter((s) => s.ms >= options.warmupUntilMs);
  const steady = afterWarmup.filter((s) => !duringFault(s) && s.inFlight <= options.steadyInFlight);
  const warmup = open.filter((s) => s.ms < options.warmupUntilMs);
  /** @type {Array<{ metric: string, value: number, limit: number, unit: string, ok: boolean }>} */
  const checks = [];
  const first = steady[0];
  const last = steady.at(-1);
  if (first === undefined || last === undefined || warmup.length < 3)
    return { ok: false, steadySamples: steady.length, checks, problem: 'no samples to judge' };
  const span = (last.ms - first.ms) / 3;
  const windows = [0, 1, 2].map((w) => steady.filter((s) => s.ms >= first.ms + w * span && (w === 2 || s.ms < first.ms + (w + 1) * span)));
  if (windows.some((window) => window.length < 3)) {
    return {
      ok: false,
      steadySamples: steady.length,
      checks,
      problem: `too few steady samples to judge (${windows.map((w) => w.length).join(' / ')} in the three windows)`,
    };
  }
  // A leak's lowest reading in a window is its first: each step is divided by the records
  // acknowledged between the first samples of its two windows.
  const firsts = windows.map((window) => /** @type {Sample} */ (window[0]).delivered);
  for (const [metric, limit] of Object.entries(MEMORY_LIMITS)) {
    const read = (/** @type {Sample} */ s) => /** @type {number} */ (s[/** @type {keyof Sample} */ (metric)]);
    const lows = windows.map((window) => Math.min(...window.map(read)));
    const step = (/** @type {number} */ i) => (Number(lows[i + 1]) - Number(lows[i])) / Math.max(1, Number(firsts[i + 1]) - Number(firsts[i]));
    const growth = Math.min(step(0), step(1));
    checks.push({ metric, value: growth, limit, unit: 'bytes/record', ok: growth < limit });
  }
  for (const [metric, margin] of Object.entries(COUNT_MARGINS)) {
    const read = (/** @type {Sample} */ s) => /** @type {number} */ (s[/** @type {keyof Sample} */ (metric)]);
    const before = Math.max(...warmup.map(read));
    const after = Math.max(...steady.map(read));
    checks.push({ metric, value: after - before, limit: margin, unit: 'above warm-up peak', ok: after - before <= margin });
  }
  return {
    ok: checks.every((c) => c.ok),
    steadySamples: steady.length,
    recordsPerStep: (Number(firsts[2]) - Number(firsts[0])) / 2,
    checks,
    problem: undefined,
  };
}
