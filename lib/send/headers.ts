import { KafkaRecordError } from '../errors/kafka-errors.js';

/** One header value: a string (UTF-8), bytes, or null. */
export type HeaderValue = string | Buffer | Uint8Array | null;
/** Headers as an object or a Map (an array value repeats the key), or as a list of [key, value] pairs. */
export type RecordHeaders =
  | Readonly<Record<string, HeaderValue | readonly HeaderValue[]>>
  | ReadonlyMap<string, HeaderValue | readonly HeaderValue[]>
  | ReadonlyArray<readonly [string, HeaderValue]>;

/**
 * Packs headers into one buffer for the native layer:
 * repeated `[u32 LE name length][name][i32 LE value length or -1 for null][value]`.
 * Returns undefined when there are none.
 */
export function packHeaders(headers: RecordHeaders): Buffer | undefined {
  const pairs: Array<[Buffer, Buffer | null]> = [];
  const add = (name: unknown, value: unknown): void => {
    if (typeof name !== 'string' || name === '') {
      throw new KafkaRecordError(`header names must be non-empty strings; got ${typeof name}`);
    }
    pairs.push([Buffer.from(name), headerBytes(name, value)]);
  };
  if (Array.isArray(headers)) {
    for (const entry of headers as unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new KafkaRecordError('headers given as a list must be [key, value] pairs');
      }
      add(entry[0], entry[1]);
    }
  } else if (headers !== null && typeof headers === 'object') {
    const entries = headers instanceof Map ? (headers as ReadonlyMap<unknown, unknown>).entries() : Object.entries(headers);
    for (const [name, value] of entries) {
      if (Array.isArray(value)) for (const item of value) add(name, item);
      else add(name, value);
    }
  } else {
    throw new KafkaRecordError(`headers must be an object or a list of [key, value] pairs; got ${typeof headers}`);
  }
  if (pairs.length === 0) return undefined;
  let size = 0;
  for (const [name, value] of pairs) size += 8 + name.length + (value?.length ?? 0);
  const packed = Buffer.allocUnsafe(size);
  let at = 0;
  for (const [name, value] of pairs) {
    at = packed.writeUInt32LE(name.length, at);
    at += name.copy(packed, at);
    at = packed.writeInt32LE(value === null ? -1 : value.length, at);
    if (value !== null) at += value.copy(packed, at);
  }
  return packed;
}

function headerBytes(name: string, value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return Buffer.from(value);
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new KafkaRecordError(`header '${name}' must be a string, Buffer, Uint8Array or null; got ${typeof value}`);
}

/** Reverses packHeaders: the [name, value] pairs in their order. */
export function unpackHeaders(packed: Buffer): Array<[string, Buffer | null]> {
  const headers: Array<[string, Buffer | null]> = [];
  for (let at = 0; at < packed.length; ) {
    const nameLength = packed.readUInt32LE(at);
    const name = packed.toString('utf8', at + 4, at + 4 + nameLength);
    at += 4 + nameLength;
    const valueLength = packed.readInt32LE(at);
    at += 4;
    headers.push([name, valueLength < 0 ? null : Buffer.from(packed.subarray(at, at + valueLength))]);
    at += Math.max(0, valueLength);
  }
  return headers;
}
