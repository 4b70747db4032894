// The napi-rs generated loader picks the right `.node` file for this platform.
// `#native` is a package-internal import (package.json "imports"), so this line
// works unchanged from the ESM build, the CommonJS build and the TypeScript sources.
import native from '#native';

export type { ErrorInfo, SideEvent, PartitionCount } from '#native';
export type NativeProducer = InstanceType<typeof native.NativeProducer>;

export const NativeProducer = native.NativeProducer;

/** The raw Node-API hot-path functions (native/src/hot_path.rs); not in the generated typings. */
interface HotPath {
  /** Returns 0 or a librdkafka error code; partition -1 lets librdkafka choose; timestamp 0 means now. */
  hotProduce(
    producerId: number,
    topicId: number,
    partition: number,
    key: Uint8Array | string | null,
    value: Uint8Array | string | null,
    slot: number,
    timestamp: number,
    headers: Uint8Array | undefined,
  ): number;
  /** Writes reports into `reports`; returns their count, plus SIDE_EVENTS_FLAG when side events wait. */
  hotDrain(producerId: number, reports: Float64Array): number;
}
const hotPath = native as unknown as HotPath;
export const hotProduce = hotPath.hotProduce;
export const hotDrain = hotPath.hotDrain;
export const describeError = native.describeError;
export const librdkafkaVersion = native.librdkafkaVersion;
export const librdkafkaFeatures = native.librdkafkaFeatures;

/** Fields per delivery report in the shared Float64Array (see native/src/delivery.rs). */
export const REPORT_STRIDE = 6;
/** Bit set in `drain`'s return value when side events wait (see native/src/delivery.rs). */
export const SIDE_EVENTS_FLAG = 1 << 24;
export const REPORT_COUNT_MASK = SIDE_EVENTS_FLAG - 1;
