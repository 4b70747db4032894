import type { ExitCodeValue } from './exit-codes.js';

/**
 * Why a run stopped early (no broker reachable, a fatal error, Ctrl-C), decided once: the first
 * reason wins. Waits (for room, for a flush) race against `stopped` so that none outlasts it.
 */
export class RunStop {
  #code: ExitCodeValue | undefined;
  #resolve!: () => void;
  /** Resolves when the run is told to stop. */
  readonly stopped: Promise<void> = new Promise((resolve) => {
    this.#resolve = resolve;
  });

  /** The exit code of the reason, or undefined while the run goes on. */
  get code(): ExitCodeValue | undefined {
    return this.#code;
  }

  /** Stops the run for `code`; returns false if it had already stopped. */
  stop(code: ExitCodeValue): boolean {
    if (this.#code !== undefined) return false;
    this.#code = code;
    this.#resolve();
    return true;
  }

  /** Waits for `promise` or for the stop, whichever comes first; a rejection after the stop is ignored. */
  async race(promise: Promise<unknown>): Promise<void> {
    await Promise.race([promise.catch((error: unknown) => (this.#code === undefined ? Promise.reject(error) : undefined)), this.stopped]);
  }
}
