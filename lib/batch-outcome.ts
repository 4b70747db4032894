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
 * none per record. Successes are stored as the metadata itself (the array the promise
 * resolves with); per-record outcome objects are built only when some record failed.
 */
export class BatchOutcome {
  private readonly metadata: RecordMetadata[];
  private errors: Map<number, KafkaError> | undefined;
  private remaining: number;

  constructor(
    size: number,
    private readonly resolve: (metadata: RecordMetadata[]) => void,
    private readonly reject: (error: BatchFailure) => void,
  ) {
    this.metadata = new Array<RecordMetadata>(size);
    this.remaining = size;
    if (size === 0) resolve([]);
  }

  settle(index: number, error: KafkaError | null, metadata: RecordMetadata | null): void {
    if (error === null) this.metadata[index] = metadata as RecordMetadata;
    else (this.errors ??= new Map()).set(index, error);
    if (--this.remaining === 0) this.finish();
  }

  private finish(): void {
    const errors = this.errors;
    if (errors === undefined) {
      this.resolve(this.metadata);
      return;
    }
    const firstFailure = Math.min(...errors.keys());
    const first = errors.get(firstFailure) as KafkaError;
    // A loop, not map(): failed records are holes in `metadata`, which map() would skip.
    const outcomes: RecordOutcome[] = [];
    for (let index = 0; index < this.metadata.length; index++) {
      const reason = errors.get(index);
      outcomes.push(reason === undefined ? { status: 'fulfilled', value: this.metadata[index] as RecordMetadata } : { status: 'rejected', reason });
    }
    const error = KafkaError.fromCode(first.code, {
      message: `${errors.size} of ${outcomes.length} records of the batch failed; the first, record ${firstFailure}: ${first.message}`,
      fatal: first.fatal,
      cause: first,
      ...(first.persistence === undefined ? {} : { persistence: first.persistence }),
    }) as BatchFailure;
    Object.defineProperty(error, 'results', { value: outcomes, enumerable: true });
    this.reject(error);
  }
}
