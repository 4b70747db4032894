import { Buffer } from 'node:buffer';

import { unpackHeaders } from '../send/headers.js';
import type { FailedRecord } from '../native/binding.js';
import type { PreparedRecord } from '../send/record.js';

/**
 * A record as the producer sent it: serialized bytes. `close()` reports undelivered records
 * in this form, because the producer keeps no copy of a record once librdkafka holds it
 * (its bytes come back from librdkafka's delivery report).
 */
export interface SentRecord {
  /** The topic it was sent to. */
  topic: string;
  /** The partition it was assigned, or -1 if none was. */
  partition: number;
  /** The serialized key, or null. */
  key: Buffer | null;
  /** The serialized value, or null. */
  value: Buffer | null;
  /** In the order they were given; a name may repeat. */
  headers: Array<[name: string, value: Buffer | null]>;
}

/** A record that never reached librdkafka (it waited for queue room, or was refused). */
export function sentFromPrepared(record: PreparedRecord): SentRecord {
  return {
    topic: record.topic,
    partition: record.partition,
    key: toBuffer(record.key),
    value: toBuffer(record.value),
    headers: record.headers === undefined ? [] : unpackHeaders(record.headers),
  };
}

/** A record whose bytes librdkafka handed back with its failed delivery report. */
export function sentFromFailed(topic: string, partition: number, failed: FailedRecord | undefined): SentRecord {
  return {
    topic,
    partition,
    key: failed?.key ?? null,
    value: failed?.value ?? null,
    headers: failed === undefined ? [] : failed.headers.map((header): [string, Buffer | null] => [header.name, header.value ?? null]),
  };
}

function toBuffer(part: Uint8Array | string | null): Buffer | null {
  if (part === null) return null;
  if (typeof part === 'string') return Buffer.from(part);
  return Buffer.from(part.buffer, part.byteOffset, part.byteLength);
}
