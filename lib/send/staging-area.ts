import { Buffer } from 'node:buffer';

import {
  STAGE_ABSENT,
  STAGE_HEADERS_LENGTH,
  STAGE_KEY_LENGTH,
  STAGE_PARTITION,
  STAGE_RESULT,
  STAGE_SLOT,
  STAGE_STRIDE,
  STAGE_TIMESTAMP,
  STAGE_TOPIC_ID,
  STAGE_VALUE_LENGTH,
} from '../native/layout.generated.js';

/** Records per native call: a longer batch is handed over in parts. */
const MAX_STAGED_RECORDS = 1024;
/** Bytes per native call (unless one record alone is larger): bounds the buffer's growth. */
const MAX_STAGED_BYTES = 4 * 1024 * 1024;
const INITIAL_BYTES = 64 * 1024;

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
    entries[at + STAGE_TOPIC_ID] = topicId;
    entries[at + STAGE_PARTITION] = partition;
    entries[at + STAGE_SLOT] = slot;
    entries[at + STAGE_TIMESTAMP] = timestamp;
    entries[at + STAGE_KEY_LENGTH] = this.copy(key);
    entries[at + STAGE_VALUE_LENGTH] = this.copy(value);
    entries[at + STAGE_HEADERS_LENGTH] = headers === undefined ? STAGE_ABSENT : this.copy(headers);
    entries[at + STAGE_RESULT] = 0;
    this.count++;
    return true;
  }

  /** The librdkafka result code the native call wrote for the `index`-th staged record. */
  resultOf(index: number): number {
    return this.entries[index * STAGE_STRIDE + STAGE_RESULT] as number;
  }

  private copy(part: Uint8Array | string | null): number {
    if (part === null) return STAGE_ABSENT;
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
