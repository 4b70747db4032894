import type { CompressionCodec } from '../config/options.js';

/** KafkaJS's compression codes, as `send({ compression })` takes them. */
export const CompressionTypes = {
  /** No compression (the default). */
  None: 0,
  /** gzip (`compression.codec` gzip). */
  GZIP: 1,
  /** Snappy, built in (no plug-in needed). */
  Snappy: 2,
  /** LZ4, built in. */
  LZ4: 3,
  /** Zstandard, built in. */
  ZSTD: 4,
} as const;

/** One of the values of {@link CompressionTypes}. */
export type CompressionType = (typeof CompressionTypes)[keyof typeof CompressionTypes];

/**
 * KafkaJS's registry of codec implementations (Snappy, LZ4 and ZSTD need a plug-in there).
 * librdkafka has every codec built in, so what is registered here is accepted and never used:
 * `CompressionCodecs[CompressionTypes.ZSTD] = ...` keeps working unchanged.
 */
export const CompressionCodecs: Record<number, unknown> = {};

const CODECS: readonly CompressionCodec[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** The librdkafka codec for a KafkaJS compression code; undefined for anything else. */
export function codecOf(compression: unknown): CompressionCodec | undefined {
  if (compression === undefined || compression === null) return 'none';
  return typeof compression === 'number' && Number.isInteger(compression) ? CODECS[compression] : undefined;
}
