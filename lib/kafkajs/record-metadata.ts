import type { RecordMetadata as FerrokafkaMetadata } from '../send/record.js';

/**
 * What `send()` resolves with: one entry per topic-partition written, as KafkaJS reports a produce
 * response. `baseOffset` is the offset of the first of the call's records in that partition.
 */
export interface RecordMetadata {
  /** The topic written to. */
  topicName: string;
  /** The partition written to. */
  partition: number;
  /** Always 0: a partition that failed rejects the call instead. */
  errorCode: number;
  /** The offset of the call's first record in this partition. */
  baseOffset?: string;
  /** The broker's append time for topics with LogAppendTime, else '-1'. */
  logAppendTime?: string;
  /** Always '-1': librdkafka does not report the partition's log start offset. */
  logStartOffset?: string;
  /** Older protocol versions' names, never set here (as with KafkaJS against Kafka 0.11 or later). */
  offset?: string;
  /** Older protocol versions' field, never set here. */
  timestamp?: string;
}

/**
 * Groups per-record metadata (in the order sent) into KafkaJS's per-partition entries: topics in
 * the order they were first sent to, partitions in ascending order within a topic.
 */
export function toRecordMetadata(records: readonly FerrokafkaMetadata[]): RecordMetadata[] {
  const byTopic = new Map<string, Map<number, number>>();
  for (const { topic, partition, offset } of records) {
    let partitions = byTopic.get(topic);
    if (partitions === undefined) {
      partitions = new Map();
      byTopic.set(topic, partitions);
    }
    const base = partitions.get(partition);
    if (base === undefined || offset < base) partitions.set(partition, offset);
  }
  const result: RecordMetadata[] = [];
  for (const [topicName, partitions] of byTopic) {
    for (const partition of [...partitions.keys()].sort((a, b) => a - b)) {
      result.push({
        topicName,
        partition,
        errorCode: 0,
        baseOffset: String(partitions.get(partition)),
        logAppendTime: '-1',
        logStartOffset: '-1',
      });
    }
  }
  return result;
}
