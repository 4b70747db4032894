// The napi-rs generated loader picks the right `.node` file for this platform.
// `#native` is a package-internal import (package.json "imports"), so this line
// works unchanged from the ESM build, the CommonJS build and the TypeScript sources.
import native from '#native';

export type { ErrorInfo, FailedRecord, SideEvent, PartitionCount, MockRequest } from '#native';
export type NativeProducer = InstanceType<typeof native.NativeProducer>;

export const NativeProducer = native.NativeProducer;
export type NativeMockCluster = InstanceType<typeof native.NativeMockCluster>;
export const NativeMockCluster = native.NativeMockCluster;

/**
 * The raw Node-API hot-path functions (native/src/hot_path.rs). They are not module exports:
 * the addon keeps them on a frozen object in a non-enumerable `hotPath` property, read here only.
 */
interface HotPath {
  /**
   * Registers the producer's staging arrays (see staging-area.ts); again whenever one is replaced.
   * The native side holds a reference to each registered array until the next registration or close.
   */
  hotStage(producerId: number, entries: Float64Array, bytes: Uint8Array): void;
  /**
   * Hands the first `count` staged records to librdkafka, writing each one's result code
   * into its entry. Returns how many were attempted: fewer than `count` when the queue
   * filled up (the first one not attempted found it full).
   */
  hotProduce(producerId: number, count: number): number;
  /**
   * Writes reports into `reports`; returns their count, plus SIDE_EVENTS_FLAG when side events
   * wait and FAILED_RECORDS_FLAG when failed records' bytes do (kept only with `keepFailed` 1).
   */
  hotDrain(producerId: number, reports: Float64Array, keepFailed: number): number;
}
const hotPath = (native as unknown as { hotPath: HotPath }).hotPath;
export const hotStage = hotPath.hotStage;
export const hotProduce = hotPath.hotProduce;
export const hotDrain = hotPath.hotDrain;
export const describeError = native.describeError;
/** The version of the librdkafka linked into the addon: `librdkafkaVersion()` returns e.g. `2.12.1`. */
export const librdkafkaVersion = native.librdkafkaVersion;
/** The features librdkafka was built with (its `builtin.features`, comma-separated: gzip, snappy, ssl, sasl_scram, zstd, ...). */
export const librdkafkaFeatures = native.librdkafkaFeatures;
export const errorCodeOfName = native.errorCodeOfName;
export const mockApiKey = native.mockApiKey;
export const mockApiName = native.mockApiName;
export const mockApiNames = native.mockApiNames;
