import { Buffer } from 'node:buffer';

/** Fields per staged record; the layout is read by native/src/staging.rs. */
const STAGE_STRIDE = 8;
const RESULT = 7;
/** Records per native call: a longer batch is handed over in parts. */
const MAX_STAGED_RECORDS = 1024;
/** Bytes per native call (unless one record alone is larger): bounds the buffer's growth. */
const MAX_STAGED_BYTES = 4 * 1024 * 1024;
const INITIAL_BYTES = 64 * 1024;
/** A length that marks an absent key, value or headers. */
const ABSENT = -1;

/**
 * Records staged for one native produce call: numbers in a Float64Array, and every key,
 * value and packed headers copied back to back into one buffer. The native side reads
 * them straight from memory, so a record costs no Node-API call, and a batch costs one.
 * Reused for every call: librdkafka copies the bytes before the call returns.
 */
export class StagingArea {
  readonly entries = new Float64Array(MAX_STAGED_RECORDS * STAGE_STRIDE);
  private bytes: Buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  count = 0;
  private used = 0;

  /** `register` tells the native side where the arrays are; it is called again whenever one is replaced. */
  constructor(private readonly register: (entries: Float64Array, bytes: Uint8Array) => void) {
    register(this.entries, this.bytes);
  }

  reset(): void {
    this.count = 0;
    this.used = 0;
    // One oversized record must not pin a large buffer for the producer's lifetime.
    if (this.bytes.length > MAX_STAGED_BYTES) this.replaceBytes(Buffer.allocUnsafeSlow(INITIAL_BYTES));
  }

  /**
   * Stages a record; false when it does not fit beside the records already staged (hand
   * those over first). An empty area always takes the record, growing if it must.
   */
  add(
    topicId: number,
    partition: number,
    slot: number,
    timestamp: number,
    key: Uint8Array | string | null,
    value: Uint8Array | string | null,
    headers: Uint8Array | undefined,
  ): boolean {
    if (this.count === MAX_STAGED_RECORDS) return false;
    const worstCase = worstCaseLength(key) + worstCaseLength(value) + (headers === undefined ? 0 : headers.length);
    if (this.used + worstCase > this.bytes.length && !this.makeRoom(worstCase)) return false;
    const at = this.count * STAGE_STRIDE;
    const entries = this.entries;
    entries[at] = topicId;
    entries[at + 1] = partition;
    entries[at + 2] = slot;
    entries[at + 3] = timestamp;
    entries[at + 4] = this.copy(key);
    entries[at + 5] = this.copy(value);
    entries[at + 6] = headers === undefined ? ABSENT : this.copy(headers);
    entries[at + 7] = 0;
    this.count++;
    return true;
  }

  /** The librdkafka result code the native call wrote for the `index`-th staged record. */
  resultOf(index: number): number {
    return this.entries[index * STAGE_STRIDE + RESULT] as number;
  }

  private copy(part: Uint8Array | string | null): number {
    if (part === null) return ABSENT;
    if (typeof part === 'string') {
      const written = this.bytes.write(part, this.used);
      this.used += written;
      return written;
    }
    this.bytes.set(part, this.used);
    this.used += part.length;
    return part.length;
  }

  private makeRoom(needed: number): boolean {
    const required = this.used + needed;
    if (this.count > 0 && required > MAX_STAGED_BYTES) return false;
    let size = this.bytes.length * 2;
    while (size < required) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    grown.set(this.bytes.subarray(0, this.used));
    this.replaceBytes(grown);
    return true;
  }

  private replaceBytes(bytes: Buffer): void {
    this.bytes = bytes;
    this.register(this.entries, bytes);
  }
}

/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
function worstCaseLength(part: Uint8Array | string | null): number {
  if (part === null) return 0;
  return typeof part === 'string' ? part.length * 3 : part.length;
}
