import { KafkaError } from './errors.js';
import type { RecordMetadata } from './record.js';

export type RecordOutcome = PromiseSettledResult<RecordMetadata>;

/** The error a `sendBatch()` rejects with when some of its records failed. */
export interface BatchFailure extends KafkaError {
  /** Every record's outcome, in the batch's order. */
  readonly results: RecordOutcome[];
}

/**
 * Collects the outcomes of one `sendBatch()` call: one promise for the whole batch,
 * none per record.
 */
export class BatchOutcome {
  private readonly outcomes: RecordOutcome[];
  private remaining: number;
  private firstFailure = -1;

  constructor(
    size: number,
    private readonly resolve: (metadata: RecordMetadata[]) => void,
    private readonly reject: (error: BatchFailure) => void,
  ) {
    this.outcomes = new Array<RecordOutcome>(size);
    this.remaining = size;
    if (size === 0) resolve([]);
  }

  settle(index: number, error: KafkaError | null, metadata: RecordMetadata | null): void {
    if (error === null) this.outcomes[index] = { status: 'fulfilled', value: metadata as RecordMetadata };
    else {
      this.outcomes[index] = { status: 'rejected', reason: error };
      if (this.firstFailure === -1 || index < this.firstFailure) this.firstFailure = index;
    }
    if (--this.remaining === 0) this.finish();
  }

  private finish(): void {
    if (this.firstFailure === -1) {
      this.resolve(this.outcomes.map((outcome) => (outcome as PromiseFulfilledResult<RecordMetadata>).value));
      return;
    }
    const first = (this.outcomes[this.firstFailure] as PromiseRejectedResult).reason as KafkaError;
    const failed = this.outcomes.filter((outcome) => outcome.status === 'rejected').length;
    const error = KafkaError.fromCode(first.code, {
      message: `${failed} of ${this.outcomes.length} records of the batch failed; the first, record ${this.firstFailure}: ${first.message}`,
      fatal: first.fatal,
      cause: first,
      ...(first.persistence === undefined ? {} : { persistence: first.persistence }),
    }) as BatchFailure;
    Object.defineProperty(error, 'results', { value: this.outcomes, enumerable: true });
    this.reject(error);
  }
}
