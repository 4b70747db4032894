// The napi-rs generated loader picks the right `.node` file for this platform.
// `#native` is a package-internal import (package.json "imports"), so this line
// works unchanged from the ESM build, the CommonJS build and the TypeScript sources.
import native from '#native';

export type { ErrorInfo, SideEvent, PartitionCount } from '#native';
export type NativeProducer = InstanceType<typeof native.NativeProducer>;

export const NativeProducer = native.NativeProducer;
export const describeError = native.describeError;
export const librdkafkaVersion = native.librdkafkaVersion;
export const librdkafkaFeatures = native.librdkafkaFeatures;

/** Fields per delivery report in the shared Float64Array (see native/src/delivery.rs). */
export const REPORT_STRIDE = 6;
/** Bit set in `drain`'s return value when side events wait (see native/src/delivery.rs). */
export const SIDE_EVENTS_FLAG = 1 << 24;
export const REPORT_COUNT_MASK = SIDE_EVENTS_FLAG - 1;
