import { type KafkaError, KafkaRecordError, withContext } from '../errors/kafka-errors.js';
import type { ProducerRecord, RecordMetadata } from '../send/record.js';

/** One record's outcome in a `BatchFailure`: `{ status: 'fulfilled', value: metadata }` or `{ status: 'rejected', reason: error }`. */
export type RecordOutcome = PromiseSettledResult<RecordMetadata>;

/** A record of a batch that failed, to retry from: the caller's own record object, its index and why. */
export interface FailedBatchRecord {
  /** Its index in the array given to `sendBatch()`. */
  index: number;
  /** The caller's own record object, as given. */
  record: ProducerRecord<unknown, unknown>;
  /** Why it failed. */
  error: KafkaError;
}

/**
 * The error a `sendBatch()` rejects with when some of its records failed. The others may
 * have been written: retry `failed`, not the whole batch, or they are written twice.
 */
export interface BatchFailure extends KafkaError {
  /** Every record's outcome, in the batch's order. */
  readonly results: RecordOutcome[];
  /** Only the records that failed, in the batch's order. */
  readonly failed: FailedBatchRecord[];
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

  /** `records`: the caller's array (kept by reference, no copy), to name the failed ones. */
  constructor(
    private readonly records: ReadonlyArray<ProducerRecord<unknown, unknown>>,
    private readonly resolve: (metadata: RecordMetadata[]) => void,
    private readonly reject: (error: BatchFailure) => void,
  ) {
    this.metadata = new Array<RecordMetadata>(records.length);
    this.remaining = records.length;
    if (records.length === 0) resolve([]);
  }

  settle(index: number, error: KafkaError | null, metadata: RecordMetadata | null): void {
    if (error === null) {
      this.metadata[index] = metadata as RecordMetadata;
    } else {
      this.errors ??= new Map();
      this.errors.set(index, error);
    }
    if (--this.remaining === 0) this.finish();
  }

  private finish(): void {
    const errors = this.errors;
    if (errors === undefined) {
      this.resolve(this.metadata);
      return;
    }
    // A loop, not map(): failed records are holes in `metadata`, which map() would skip.
    const outcomes: RecordOutcome[] = [];
    const failed: FailedBatchRecord[] = [];
    for (let index = 0; index < this.metadata.length; index++) {
      const reason = errors.get(index);
      if (reason === undefined) {
        outcomes.push({ status: 'fulfilled', value: this.metadata[index] as RecordMetadata });
      } else {
        outcomes.push({ status: 'rejected', reason });
        failed.push({ index, record: this.records[index] as ProducerRecord<unknown, unknown>, error: reason });
      }
    }
    const first = failed[0] as FailedBatchRecord;
    const written = outcomes.length - failed.length;
    // The first failure's class, type and flags (an abort stays a KafkaAbortError), with the batch's count.
    const error = withContext(
      first.error,
      `${failed.length} of ${outcomes.length} records of the batch failed; the first, record ${first.index}: `,
      written > 0 ? ` (the other ${written} were written: retry error.failed, not the whole batch)` : '',
      (message, cause) => new KafkaRecordError(message, cause),
    ) as BatchFailure;
    Object.defineProperty(error, 'results', { value: outcomes, enumerable: true });
    Object.defineProperty(error, 'failed', { value: failed, enumerable: true });
    this.reject(error);
  }
}
