/** The seed of Kafka's murmur2 (Java's `Utils.murmur2`). */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** A key as KafkaJS's partitioners take it: bytes, or anything whose string form is hashed. */
export type PartitionKey = Buffer | Uint8Array | string | number;

export function keyBytes(key: PartitionKey): Uint8Array {
  return key instanceof Uint8Array ? key : Buffer.from(String(key));
}

/** The Java client's murmur2, in 32-bit integer arithmetic: the hash librdkafka's `murmur2_random` uses. */
export function javaMurmur2(key: PartitionKey): number {
  const data = keyBytes(key);
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  h = mixTail(h, data, whole, length, (a, b) => Math.imul(a, b));
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * KafkaJS's pre-2.0 murmur2 (its `LegacyPartitioner`). It multiplies in floating point rather than
 * 32-bit integers, so products above 2^53 lose their low bits and many keys hash differently from
 * Java's. Reproduced operation by operation, because the point is to land where it landed.
 */
export function legacyMurmur2(key: PartitionKey): number {
  const data = keyBytes(key);
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  // KafkaJS loops while i < length / 4 (a fraction), so a trailing partial block is also mixed
  // in here, its missing bytes read as 0, before the tail is mixed in again below.
  const blocks = Math.ceil(length / 4);
  for (let block = 0; block < blocks; block++) {
    const i = block * 4;
    // `+` and `<< 24` as KafkaJS wrote them: the last byte's shift may make the sum negative.
    let k = byteAt(data, i) + (byteAt(data, i + 1) << 8) + (byteAt(data, i + 2) << 16) + (byteAt(data, i + 3) << 24);
    k *= M;
    k ^= k >>> 24;
    k *= M;
    h *= M;
    h ^= k;
  }
  h = mixTail(h, data, whole, length, (a, b) => a * b);
  h ^= h >>> 13;
  h *= M;
  h ^= h >>> 15;
  return h;
}

function byteAt(data: Uint8Array, index: number): number {
  return index < data.length ? (data[index] as number) : 0;
}

/** The last 1 to 3 bytes, then one multiplication (`multiply` decides integer or floating point). */
function mixTail(h: number, data: Uint8Array, whole: number, length: number, multiply: (a: number, b: number) => number): number {
  const rest = length - whole;
  if (rest === 0) return h;
  let mixed = h;
  if (rest === 3) mixed ^= (data[whole + 2] as number) << 16;
  if (rest >= 2) mixed ^= (data[whole + 1] as number) << 8;
  mixed ^= data[whole] as number;
  return multiply(mixed, M);
}

/** Kafka's way of making a hash non-negative (not Math.abs: it clears the sign bit). */
export function toPositive(hash: number): number {
  return hash & 0x7fffffff;
}
