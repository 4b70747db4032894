import { type KafkaError, KafkaRecordError, withContext } from '../errors/kafka-errors.js';
import type { ProducerRecord, RecordMetadata } from '../send/record.js';
import type { RecordCollector } from './slot-table.js';

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
 * none per record. While records are in flight, a delivered one is kept as numbers in typed
 * arrays (its topic as a reference to the topic table's name): no object per record lives
 * until the batch ends. The `RecordMetadata` objects are made once, when the batch
 * resolves (a real array, in the batch's order); per-record outcome objects are built only
 * when some record failed.
 */
export class BatchOutcome implements RecordCollector {
  private readonly topics: string[];
  private readonly partitions: Int32Array;
  private readonly offsets: Float64Array;
  private readonly timestamps: Float64Array;
  private errors: Map<number, KafkaError> | undefined;
  private remaining: number;

  /** `records`: the caller's array (kept by reference, no copy), to name the failed ones. */
  constructor(
    private readonly records: ReadonlyArray<ProducerRecord<unknown, unknown>>,
    private readonly resolve: (metadata: RecordMetadata[]) => void,
    private readonly reject: (error: BatchFailure) => void,
  ) {
    const count = records.length;
    this.topics = new Array<string>(count);
    this.partitions = new Int32Array(count);
    this.offsets = new Float64Array(count);
    this.timestamps = new Float64Array(count);
    this.remaining = count;
    if (count === 0) resolve([]);
  }

  settle(index: number, error: KafkaError | null, metadata: RecordMetadata | null): void {
    if (error === null) {
      const { topic, partition, offset, timestamp } = metadata as RecordMetadata;
      this.delivered(index, topic, partition, offset, timestamp);
      return;
    }
    this.errors ??= new Map();
    this.errors.set(index, error);
    if (--this.remaining === 0) this.finish();
  }

  /** A delivered record, as numbers (see RecordCollector): kept in the typed arrays until the batch ends. */
  delivered(index: number, topic: string, partition: number, offset: number, timestamp: number): void {
    this.topics[index] = topic;
    this.partitions[index] = partition;
    this.offsets[index] = offset;
    this.timestamps[index] = timestamp;
    if (--this.remaining === 0) this.finish();
  }

  private metadataAt(index: number): RecordMetadata {
    return {
      topic: this.topics[index] as string,
      partition: this.partitions[index] as number,
      offset: this.offsets[index] as number,
      timestamp: this.timestamps[index] as number,
    };
  }

  private finish(): void {
    const errors = this.errors;
    const count = this.records.length;
    if (errors === undefined) {
      const metadata = new Array<RecordMetadata>(count);
      for (let index = 0; index < count; index++) metadata[index] = this.metadataAt(index);
      this.resolve(metadata);
      return;
    }
    const outcomes: RecordOutcome[] = [];
    const failed: FailedBatchRecord[] = [];
    for (let index = 0; index < count; index++) {
      const reason = errors.get(index);
      if (reason === undefined) {
        outcomes.push({ status: 'fulfilled', value: this.metadataAt(index) });
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
