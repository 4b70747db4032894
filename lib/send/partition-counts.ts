import type { PartitionerFunction } from '../config/options.js';
import { describe } from '../errors/describe-value.js';
import { KafkaError, KafkaRecordError, messageOf } from '../errors/kafka-errors.js';
import type { NativeProducer } from '../native/binding.js';
import type { PreparedRecord } from './record.js';

const METADATA_TIMEOUT_MS = 10_000;
/** Like librdkafka's topic.metadata.refresh.interval.ms: partitions can be added to a topic. */
const REFRESH_INTERVAL_MS = 60_000;

interface Entry {
  count: number | KafkaError | undefined;
  fetchedAt: number;
  fetching: boolean;
}

/**
 * Partition counts for the custom-partitioner path, fetched with a metadata request
 * off the JS thread on a topic's first use and refreshed in the background.
 */
export class PartitionCounts {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly native: NativeProducer,
    private readonly onFetched: () => void,
  ) {}

  /** The count, an error to fail the record with, or undefined while it is being fetched. */
  get(topic: string): number | KafkaError | undefined {
    let entry = this.entries.get(topic);
    if (entry === undefined) {
      entry = { count: undefined, fetchedAt: 0, fetching: false };
      this.entries.set(topic, entry);
    }
    if (!entry.fetching && (entry.count === undefined || performance.now() - entry.fetchedAt > REFRESH_INTERVAL_MS)) {
      this.fetch(topic, entry);
    }
    return entry.count;
  }

  choose(partitioner: PartitionerFunction, record: PreparedRecord, partitionCount: number): number {
    const key =
      record.key === null
        ? null
        : Buffer.isBuffer(record.key)
          ? record.key
          : typeof record.key === 'string'
            ? Buffer.from(record.key)
            : Buffer.from(record.key.buffer, record.key.byteOffset, record.key.byteLength);
    let partition: unknown;
    try {
      partition = partitioner(key, partitionCount, record.topic);
    } catch (error) {
      throw new KafkaRecordError(`the partitioner function threw: ${messageOf(error)}`, error);
    }
    if (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0 || partition >= partitionCount) {
      throw new KafkaRecordError(
        `the partitioner function returned ${typeof partition === 'number' ? String(partition) : describe(partition)} for topic '${record.topic}'; it must return an integer from 0 to ${partitionCount - 1}`,
      );
    }
    return partition;
  }

  private fetch(topic: string, entry: Entry): void {
    entry.fetching = true;
    this.native.partitionCount(topic, METADATA_TIMEOUT_MS).then(
      (result) => {
        entry.fetching = false;
        entry.fetchedAt = performance.now();
        if (result.error) {
          // Keep a count we already had; a first failure fails the waiting records.
          if (typeof entry.count !== 'number') entry.count = KafkaError.fromInfo(result.error, { persistence: 'not-persisted' });
        } else {
          entry.count = result.count;
        }
        this.onFetched();
        if (typeof entry.count !== 'number') entry.count = undefined;
      },
      (error: unknown) => {
        entry.fetching = false;
        if (typeof entry.count !== 'number') {
          entry.count = new KafkaError({
            code: -196,
            type: 'FAIL',
            message: String((error as Error)?.message ?? error),
            persistence: 'not-persisted',
          });
          this.onFetched();
          entry.count = undefined;
        }
      },
    );
  }
}
