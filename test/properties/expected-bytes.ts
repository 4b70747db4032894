import type { RecordHeaders } from '../../lib/index.js';

/**
 * What a consumer must read back for a key, value or header value that was sent without a
 * serializer: null for null/undefined, strings as UTF-8, Uint8Arrays exactly the bytes they view.
 */
export function expectedBytes(part: unknown): Buffer | null {
  if (part === null || part === undefined) return null;
  if (typeof part === 'string') return Buffer.from(part, 'utf8');
  if (part instanceof Uint8Array) return Buffer.from(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
  throw new Error(`not a raw key or value: ${typeof part}`);
}

/**
 * The [name, value] pairs a consumer must read back, in order, as the README documents headers:
 * a list of pairs as it is, an object or a Map in its own iteration order, an array value
 * repeating its name once per item.
 */
export function expectedHeaders(headers: RecordHeaders | undefined): Array<[string, Buffer | null]> {
  if (headers === undefined) return [];
  const pairs: Array<[string, Buffer | null]> = [];
  const add = (name: string, value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) pairs.push([name, expectedBytes(item)]);
    else pairs.push([name, expectedBytes(value)]);
  };
  if (Array.isArray(headers))
    for (const [name, value] of headers as ReadonlyArray<readonly [string, unknown]>) pairs.push([name, expectedBytes(value)]);
  else if (headers instanceof Map) for (const [name, value] of headers) add(name as string, value);
  else for (const [name, value] of Object.entries(headers)) add(name, value);
  return pairs;
}
