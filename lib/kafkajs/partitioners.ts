import { randomBytes } from 'node:crypto';

import { javaMurmur2, legacyMurmur2, type PartitionKey, toPositive } from './murmur2.js';

/** One partition of a topic as a KafkaJS partitioner sees it. */
export interface PartitionMetadata {
  /** Always 0 here. */
  partitionErrorCode: number;
  /** The partition's number. */
  partitionId: number;
  /** The leader's node id; -1 when the partition has none (KafkaJS's partitioners skip those). */
  leader: number;
  /** Replica node ids (a placeholder here: [0]). */
  replicas: number[];
  /** In-sync replica node ids (a placeholder here: [0]). */
  isr: number[];
  /** Offline replica node ids (empty here). */
  offlineReplicas?: number[];
}

/** The message a partitioner decides for. */
export interface PartitionerMessage {
  /** The message's key (here a Buffer, or null without one). */
  key?: PartitionKey | null | undefined;
  /** The message's value (not passed by ferrokafka/kafkajs: see docs/kafkajs-differences.md). */
  value?: unknown;
  /** An explicit partition, which KafkaJS's partitioners return as it is. */
  partition?: number | null | undefined;
  /** The message's headers (not passed by ferrokafka/kafkajs). */
  headers?: unknown;
  /** The message's create time (not passed by ferrokafka/kafkajs). */
  timestamp?: string | undefined;
}

/** What KafkaJS passes a partitioner for each message. */
export interface PartitionerArgs {
  /** The topic the message goes to. */
  topic: string;
  /** One entry per partition of the topic. */
  partitionMetadata: PartitionMetadata[];
  /** The message to place. */
  message: PartitionerMessage;
}

/** KafkaJS's partitioner factory: called once per producer, returns the function that picks a partition. */
export type ICustomPartitioner = () => (args: PartitionerArgs) => number;

function createMurmur2Partitioner(hash: (key: PartitionKey) => number): ICustomPartitioner {
  return () => {
    const counters = new Map<string, number>();
    return ({ topic, partitionMetadata, message }) => {
      if (message.partition !== null && message.partition !== undefined) return message.partition;
      const count = partitionMetadata.length;
      if (message.key !== null && message.key !== undefined) return toPositive(hash(message.key)) % count;
      // No key: round robin over the partitions that have a leader, from a random start per topic.
      const next = (counters.get(topic) ?? randomBytes(4).readUInt32BE(0)) + 1;
      counters.set(topic, next);
      const available = partitionMetadata.filter((partition) => partition.leader >= 0);
      if (available.length > 0) return (available[toPositive(next) % available.length] as PartitionMetadata).partitionId;
      return toPositive(next) % count;
    };
  };
}

/**
 * The Java client's partitioner (murmur2 of the key), KafkaJS's default since 2.0. Given as
 * `createPartitioner` (or left out), ferrokafka does not call it: librdkafka's own `murmur2_random`
 * partitions identically for keyed records, without a JS call per record. Records without a key go
 * to a random partition, sticky for a moment (librdkafka), rather than round robin (KafkaJS).
 */
export const DefaultPartitioner: ICustomPartitioner = createMurmur2Partitioner(javaMurmur2);

/**
 * KafkaJS's partitioner before 2.0 (its own murmur2 variant, which places many keys elsewhere than
 * Java's). Runs in JS for every record, so keys land where KafkaJS 1.x put them.
 */
export const LegacyPartitioner: ICustomPartitioner = createMurmur2Partitioner(legacyMurmur2);

/** KafkaJS's partitioners: `DefaultPartitioner`, `LegacyPartitioner`, and the deprecated alias `JavaCompatiblePartitioner`. */
export const Partitioners = {
  DefaultPartitioner,
  LegacyPartitioner,
  /** @deprecated KafkaJS renamed it `DefaultPartitioner` in 2.0. */
  JavaCompatiblePartitioner: DefaultPartitioner,
} as const;
