// @ts-check
// The faults a soak run injects into the real broker, in turn, each on the next node: a stall
// (the broker JVM frozen with SIGSTOP for a few seconds, then SIGCONT: connections stay open,
// requests hang) and a crash (SIGKILL, a few seconds down, then the same node restarted with its
// data and ports; a JVM start takes 10-90 s on a busy 2-core machine).

/** @typedef {'stall' | 'crash'} FaultKind */
/** @typedef {{ kind: FaultKind, nodeId: number, startMs: number, endMs: number }} Fault */
/** Every kind of fault, in the order they take turns. */
export const FAULT_KINDS = /** @type {const} */ (['stall', 'crash']);

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Injects faults every `everyMs` until `stop()` is called; returns what it did.
 *
 * @param {import('../../dist/esm/testing/index.js').KafkaCluster} cluster
 * @param {{ kinds: readonly FaultKind[], everyMs: number, stallMs: number, downMs: number, log: (line: string) => void }} options
 */
export function startFaults(cluster, options) {
  /** @type {Fault[]} */
  const done = [];
  let stopped = false;
  let wake = () => {};
  const kinds = options.kinds;

  const loop = (async () => {
    for (let round = 0; ; round++) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, options.everyMs);
        wake = () => {
          clearTimeout(timer);
          resolve(undefined);
        };
      });
      if (stopped) return;
      const kind = kinds[round % kinds.length] ?? 'stall';
      const nodeId = cluster.nodeIds[Math.floor(round / kinds.length) % cluster.nodeIds.length] ?? cluster.nodeIds[0] ?? 0;
      const startMs = Date.now();
      if (kind === 'stall') await stall(cluster, nodeId, options.stallMs);
      else {
        await cluster.kill(nodeId);
        await sleep(options.downMs);
        await cluster.restart(nodeId);
      }
      const fault = { kind, nodeId, startMs, endMs: Date.now() };
      done.push(fault);
      options.log(`${kind} of node ${nodeId}: ${((fault.endMs - startMs) / 1000).toFixed(1)} s`);
    }
  })();

  return {
    /** Faults injected so far (a fault under way is not listed until it ends). */
    done,
    /** Lets a fault under way finish, then stops. */
    async stop() {
      stopped = true;
      wake();
      await loop;
      return done;
    },
  };
}

/**
 * @param {import('../../dist/esm/testing/index.js').KafkaCluster} cluster
 * @param {number} nodeId
 * @param {number} ms
 */
async function stall(cluster, nodeId, ms) {
  const pid = cluster.pid(nodeId);
  if (pid === undefined) throw new Error(`node ${nodeId} has no local process to stall`);
  process.kill(pid, 'SIGSTOP');
  try {
    await sleep(ms);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
