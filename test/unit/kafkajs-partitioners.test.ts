import { createRequire } from 'node:module';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DefaultPartitioner, LegacyPartitioner, type PartitionMetadata, Partitioners } from '../../lib/kafkajs/index.js';
import { javaMurmur2, legacyMurmur2 } from '../../lib/kafkajs/murmur2.js';

// kafkajs (a devDependency) is the reference: its partitioners and its two murmur2 variants.
const require = createRequire(import.meta.url);
const kafkajs = require('kafkajs') as typeof import('kafkajs');
const theirLegacyMurmur2 = require('kafkajs/src/producer/partitioners/legacy/murmur2.js') as (key: Buffer | string) => number;
const theirJavaMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer | string) => number;

function metadata(count: number, leaderless: number[] = []): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 0,
    replicas: [0],
    isr: [0],
  }));
}

const keys = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

describe('KafkaJS partitioners', () => {
  it("legacy murmur2 equals KafkaJS's, hash for hash, float quirks included", () => {
    fc.assert(
      fc.property(keys, (key) => {
        expect(legacyMurmur2(key)).toBe(theirLegacyMurmur2(key));
      }),
      { numRuns: 5000 },
    );
  });

  it("Java murmur2 equals KafkaJS's DefaultPartitioner hash (librdkafka's murmur2_random)", () => {
    fc.assert(
      fc.property(keys, (key) => {
        expect(javaMurmur2(key)).toBe(theirJavaMurmur2(key));
      }),
      { numRuns: 5000 },
    );
  });

  it('the two differ for many keys: LegacyPartitioner is not the default under another name', () => {
    const differing = Array.from({ length: 200 }, (_, i) => `key-${i}`).filter((key) => legacyMurmur2(key) !== javaMurmur2(key));
    expect(differing.length).toBeGreaterThan(50);
  });

  it("LegacyPartitioner and DefaultPartitioner put each key where KafkaJS's do", () => {
    const pairs = [
      [LegacyPartitioner, kafkajs.Partitioners.LegacyPartitioner],
      [DefaultPartitioner, kafkajs.Partitioners.DefaultPartitioner],
    ] as const;
    for (const [ours, theirs] of pairs) {
      const partition = ours();
      const reference = theirs();
      fc.assert(
        fc.property(keys, fc.integer({ min: 1, max: 64 }), (key, count) => {
          const args = { topic: 't', partitionMetadata: metadata(count), message: { key, value: 'v' } };
          expect(partition(args)).toBe(reference(args as never));
        }),
        { numRuns: 2000 },
      );
    }
  });

  it('an explicit partition wins; keyless messages go round robin over partitions with a leader', () => {
    const partition = LegacyPartitioner();
    expect(partition({ topic: 't', partitionMetadata: metadata(3), message: { key: 'k', partition: 2 } })).toBe(2);
    const chosen = Array.from({ length: 8 }, () => partition({ topic: 't', partitionMetadata: metadata(4, [1, 3]), message: { value: 'v' } }));
    expect(new Set(chosen)).toEqual(new Set([0, 2]));
    expect(chosen[0]).not.toBe(chosen[1]);
    expect(Partitioners.JavaCompatiblePartitioner).toBe(DefaultPartitioner);
  });
});
