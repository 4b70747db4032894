/**
 * Bounds how many records a run has handed to the producer without an outcome yet: the producer
 * would queue the rest in memory, so a fast input (a large file, a perf test) waits here instead.
 * The wait ends when half of the limit has been reported, so the producer always has work.
 */
export class InFlightLimit {
  #inFlight = 0;
  #waiter: { resolve: () => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;

  constructor(readonly limit: number) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  /** A record was handed over. */
  taken(): void {
    this.#inFlight++;
  }

  /** A record's outcome arrived. */
  released(): void {
    this.#inFlight--;
    if (this.#waiter !== undefined && (this.#inFlight <= this.limit / 2 || this.#inFlight === 0)) {
      const { resolve } = this.#waiter;
      this.#waiter = undefined;
      resolve();
    }
  }

  /** Resolves at once while under the limit, else once there is room again; rejects after fail(). */
  room(): Promise<void> | undefined {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#inFlight < this.limit) return undefined;
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Resolves when every record handed over has its outcome. */
  async idle(): Promise<void> {
    while (this.#inFlight > 0 && this.#failure === undefined) {
      await new Promise<void>((resolve, reject) => {
        this.#waiter = { resolve, reject };
      });
    }
  }

  /** Ends any wait with `error` (the run is being stopped). */
  fail(error: Error): void {
    this.#failure = error;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
  }
}
