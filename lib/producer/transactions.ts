import { KafkaError, KafkaRecordError } from '../errors/kafka-errors.js';
import type { ErrorInfo, NativeProducer } from '../native/binding.js';
import { describe } from '../errors/describe-value.js';
import { transactionChannel } from '../observability/diagnostics.js';
import type { ProducerIdentity, TransactionMessage, TransactionOperation } from '../observability/send-announcements.js';

/** Kafka's partition numbers are int32. */
const MAX_PARTITION = 2 ** 31 - 1;

/** A consumer group's position to commit within a transaction (KafkaJS's shape). */
export interface OffsetsToCommit {
  /** The consumer group whose offsets are committed. */
  consumerGroupId: string;
  /** From the consumer's group metadata; -1 when unknown (no fencing of zombie consumers). */
  generationId?: number;
  /** From the consumer's group metadata; empty when unknown. */
  memberId?: string;
  /** The consumer's static membership id (`group.instance.id`), if it has one. */
  groupInstanceId?: string;
  /** Per topic and partition, the offset to commit: the next record to consume (the last processed offset + 1). */
  topics: Array<{
    /** The consumed topic. */
    topic: string;
    /** Its partitions' offsets. */
    partitions: Array<{
      /** The consumed partition. */
      partition: number;
      /** The next offset to consume (a number, a decimal string as KafkaJS gives it, or a bigint). */
      offset: number | string | bigint;
    }>;
  }>;
}

/** Runs librdkafka's transactional calls and turns their errors into KafkaErrors. */
export class TransactionSteps {
  constructor(
    private readonly native: NativeProducer,
    private readonly onFatal: (error: KafkaError) => void,
    /** The producer, for tracing tools (tracing:ferrokafka:producer:transaction). */
    private readonly client: ProducerIdentity,
  ) {}

  init(timeoutMs: number): Promise<void> {
    return this.traced('initTransactions', async () => this.check(await this.native.initTransactions(timeoutMs)));
  }

  begin(): void {
    this.check(this.native.beginTransaction());
  }

  commit(timeoutMs: number): Promise<void> {
    return this.traced('commitTransaction', async () => this.check(await this.native.commitTransaction(timeoutMs)));
  }

  abort(timeoutMs: number): Promise<void> {
    return this.traced('abortTransaction', async () => this.check(await this.native.abortTransaction(timeoutMs)));
  }

  sendOffsets(offsets: OffsetsToCommit, timeoutMs: number): Promise<void> {
    const group =
      offsets !== null && typeof offsets === 'object' && typeof offsets.consumerGroupId === 'string' ? offsets.consumerGroupId : undefined;
    return this.traced('sendOffsetsToTransaction', () => this.sendOffsetsNow(offsets, timeoutMs), group);
  }

  /** Runs a step inside the transaction tracing channel when a tracing tool subscribes to it. */
  private traced(operation: TransactionOperation, step: () => Promise<void>, consumerGroupId?: string): Promise<void> {
    if (!transactionChannel.start.hasSubscribers) return step();
    const message: TransactionMessage = { client: this.client, operation, consumerGroupId };
    return transactionChannel.tracePromise(step, message);
  }

  private async sendOffsetsNow(offsets: OffsetsToCommit, timeoutMs: number): Promise<void> {
    if (offsets === null || typeof offsets !== 'object' || typeof offsets.consumerGroupId !== 'string' || !Array.isArray(offsets.topics)) {
      throw new KafkaRecordError('sendOffsetsToTransaction needs { consumerGroupId, topics: [{ topic, partitions: [{ partition, offset }] }] }');
    }
    const topics: string[] = [];
    const partitions: number[] = [];
    const positions: number[] = [];
    offsets.topics.forEach((entry: unknown, index) => {
      if (entry === null || typeof entry !== 'object') {
        throw new KafkaRecordError(`sendOffsetsToTransaction: topics[${index}] must be { topic, partitions }; got ${describe(entry)}`);
      }
      const { topic, partitions: list } = entry as { topic?: unknown; partitions?: unknown };
      if (typeof topic !== 'string' || topic === '') {
        throw new KafkaRecordError(`sendOffsetsToTransaction: topics[${index}].topic must be a non-empty string; got ${describe(topic)}`);
      }
      if (!Array.isArray(list)) {
        throw new KafkaRecordError(
          `sendOffsetsToTransaction: the partitions of topic '${topic}' must be an array of { partition, offset }; got ${describe(list)}`,
        );
      }
      for (const item of list as unknown[]) {
        const { partition, offset } = (item ?? {}) as { partition?: unknown; offset?: unknown };
        // Checked here so that a bad partition is named, not refused inside the native call.
        if (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0 || partition > MAX_PARTITION) {
          throw new KafkaRecordError(
            `sendOffsetsToTransaction: a partition of topic '${topic}' must be an integer from 0 to ${MAX_PARTITION}; got ${describe(partition)}`,
          );
        }
        const position = typeof offset === 'string' && offset.trim() === '' ? Number.NaN : Number(offset);
        if (!Number.isSafeInteger(position) || position < 0) {
          throw new KafkaRecordError(`offset ${String(offset)} of ${topic}[${partition}] is not a non-negative integer`);
        }
        topics.push(topic);
        partitions.push(partition);
        positions.push(position);
      }
    });
    this.check(
      await this.native.sendOffsetsToTransaction(
        offsets.consumerGroupId,
        offsets.generationId ?? -1,
        offsets.memberId ?? '',
        offsets.groupInstanceId ?? null,
        topics,
        partitions,
        positions,
        timeoutMs,
      ),
    );
  }

  private check(info: ErrorInfo | null): void {
    if (info === null) return;
    const error = KafkaError.fromInfo(info);
    if (error.fatal) this.onFatal(error);
    throw error;
  }
}
