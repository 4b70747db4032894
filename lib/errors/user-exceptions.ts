/**
 * Rethrows an exception from the user's own code (a listener, a callback, a logger) on its
 * own tick, where it reaches 'uncaughtException' as usual, instead of through the producer's
 * drain: one throwing listener must not stop the other records' reports.
 */
export function rethrowLater(thrown: unknown): void {
  process.nextTick(() => {
    throw thrown;
  });
}
