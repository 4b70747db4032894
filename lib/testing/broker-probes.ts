import { kafkaRoundTrip } from './kafka-wire.js';

const API_VERSIONS = 18;
const METADATA = 3;
// Metadata versions 4..8 share a non-flexible layout that starts with the broker list.
const METADATA_VERSIONS = { lowest: 4, highest: 8 } as const;

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/** ApiVersions v0: the cheapest request every broker answers; proves it serves clients. */
export async function fetchApiVersions(host: string, port: number, timeoutMs: number): Promise<ApiVersionRange[]> {
  const reader = await kafkaRoundTrip(host, port, { apiKey: API_VERSIONS, apiVersion: 0, body: Buffer.alloc(0) }, timeoutMs);
  const errorCode = reader.int16();
  if (errorCode !== 0) throw new Error(`ApiVersions answered error code ${errorCode}`);
  const ranges: ApiVersionRange[] = [];
  for (let count = reader.int32(); count > 0; count -= 1) {
    ranges.push({ apiKey: reader.int16(), minVersion: reader.int16(), maxVersion: reader.int16() });
  }
  return ranges;
}

/** Ids of the brokers this broker's Metadata response lists (the live, unfenced ones). */
export async function fetchLiveBrokerIds(host: string, port: number, timeoutMs: number): Promise<number[]> {
  const ranges = await fetchApiVersions(host, port, timeoutMs);
  const metadata = ranges.find((range) => range.apiKey === METADATA);
  const version = Math.min(metadata?.maxVersion ?? -1, METADATA_VERSIONS.highest);
  if (metadata === undefined || version < Math.max(metadata.minVersion, METADATA_VERSIONS.lowest)) {
    throw new Error(`broker ${host}:${port} supports no Metadata version in ${METADATA_VERSIONS.lowest}..${METADATA_VERSIONS.highest}`);
  }
  // topics: empty array (no topic metadata), allow_auto_topic_creation: false, and from v8 on
  // include_cluster_authorized_operations / include_topic_authorized_operations: false
  const body = Buffer.alloc(version >= 8 ? 7 : 5);
  const reader = await kafkaRoundTrip(host, port, { apiKey: METADATA, apiVersion: version, body }, timeoutMs);
  reader.int32(); // throttle_time_ms
  const brokerIds: number[] = [];
  for (let count = reader.int32(); count > 0; count -= 1) {
    brokerIds.push(reader.int32()); // node_id
    reader.nullableString(); // host
    reader.int32(); // port
    reader.nullableString(); // rack
  }
  return brokerIds.sort((a, b) => a - b);
}
