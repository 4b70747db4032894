import type { PooledProducer } from './producer-pool.js';
import { toKafkaJSError } from './error-mapping.js';
import { KafkaJSNonRetriableError } from './errors.js';
import type { RecordMetadata } from './record-metadata.js';
import { checkTxnOffsets } from './txn-offsets.js';
import type { ProducerBatch, ProducerRecord, TxnOffsets } from './types.js';

/** How a transaction sends: the producer's own checks and send path, bound to its transactional producer. */
export type TransactionalSend = (batch: ProducerBatch) => Promise<RecordMetadata[]>;

/**
 * One KafkaJS transaction (`await producer.transaction()`): its sends, `sendOffsets`, `commit` and
 * `abort`. Once committed or aborted every method rejects, as in KafkaJS; `isActive()` says whether
 * it is still open. Methods are bound, so they can be passed around detached.
 */
export interface Transaction {
  /** True until the transaction is committed or aborted. */
  readonly isActive: () => boolean;
  /** Like `producer.send()`, within the transaction. */
  readonly send: (record: ProducerRecord) => Promise<RecordMetadata[]>;
  /** Like `producer.sendBatch()`, within the transaction. */
  readonly sendBatch: (batch: ProducerBatch) => Promise<RecordMetadata[]>;
  /** Commits a consumer group's offsets with the transaction (consume-transform-produce). */
  readonly sendOffsets: (offsets: TxnOffsets) => Promise<void>;
  /** Commits: read_committed consumers see the transaction's records from now on. */
  readonly commit: () => Promise<void>;
  /** Aborts: read_committed consumers never see the transaction's records. */
  readonly abort: () => Promise<void>;
}

/** A transaction over ferrokafka's transactional producer. */
export class OpenTransaction implements Transaction {
  #ended = false;
  #ending: 'commit' | 'abort' | undefined;

  constructor(
    private readonly pooled: PooledProducer,
    private readonly sendBatchInTransaction: TransactionalSend,
    private readonly onEnd: () => void,
  ) {}

  /** True until the transaction is committed or aborted. */
  readonly isActive = (): boolean => !this.#ended;

  /** Like `producer.send()`, within the transaction. */
  readonly send = (record: ProducerRecord): Promise<RecordMetadata[]> =>
    this.#guard(() => {
      this.#refuseWhileEnding('send');
      const { acks, timeout, compression, topic, messages } = record ?? ({} as ProducerRecord);
      return this.sendBatchInTransaction({ acks, timeout, compression, topicMessages: [{ topic, messages }] } as ProducerBatch);
    });

  /** Like `producer.sendBatch()`, within the transaction. */
  readonly sendBatch = (batch: ProducerBatch): Promise<RecordMetadata[]> =>
    this.#guard(() => {
      this.#refuseWhileEnding('sendBatch');
      return this.sendBatchInTransaction(batch);
    });

  /** Commits a consumer group's offsets with the transaction (consume-transform-produce). */
  readonly sendOffsets = (offsets: TxnOffsets): Promise<void> =>
    this.#guard(async () => {
      this.#refuseWhileEnding('sendOffsets');
      checkTxnOffsets(offsets);
      await this.pooled.producer.sendOffsetsToTransaction(offsets);
    });

  /** Commits: read_committed consumers see the transaction's records from now on. */
  readonly commit = (): Promise<void> => this.#guard(() => this.#finish('commit', () => this.pooled.producer.commitTransaction()));

  /** Aborts: read_committed consumers never see the transaction's records. */
  readonly abort = (): Promise<void> => this.#guard(() => this.#finish('abort', () => this.pooled.producer.abortTransaction()));

  /** One commit or abort at a time: a second, while the first is under way, is refused (as in KafkaJS). */
  async #finish(step: 'commit' | 'abort', end: () => Promise<void>): Promise<void> {
    if (this.#ending !== undefined) {
      throw new KafkaJSNonRetriableError(`Cannot ${step} the transaction: its ${this.#ending} is already under way`);
    }
    this.#ending = step;
    try {
      await end();
      this.#end();
    } finally {
      this.#ending = undefined;
    }
  }

  /** Once commit() or abort() is called, nothing more joins the transaction (as in KafkaJS). */
  #refuseWhileEnding(call: string): void {
    if (this.#ending !== undefined) {
      throw new KafkaJSNonRetriableError(`Cannot ${call} in the transaction: its ${this.#ending} is under way`);
    }
  }

  #end(): void {
    this.#ended = true;
    this.onEnd();
  }

  async #guard<T>(step: () => Promise<T>): Promise<T> {
    if (this.#ended) throw new KafkaJSNonRetriableError('Cannot continue to use transaction once ended');
    try {
      return await step();
    } catch (error) {
      throw toKafkaJSError(error, this.pooled.budget);
    }
  }
}
