import { describe, expect, it } from 'vitest';

import {
  STAGE_HEADERS_LENGTH,
  STAGE_KEY_LENGTH,
  STAGE_PARTITION,
  STAGE_SLOT,
  STAGE_STRIDE,
  STAGE_TIMESTAMP,
  STAGE_TOPIC_ID,
  STAGE_VALUE_LENGTH,
} from '../../lib/native/layout.generated.js';
import { StagingArea } from '../../lib/send/staging-area.js';

/** Reads the staged records back the way the native side does (native/src/staging.rs). */
function readBack(
  entries: Float64Array,
  bytes: Uint8Array,
  count: number,
): Array<{ key: string | null; value: string | null; topicId: number; partition: number; slot: number }> {
  const out = [];
  let offset = 0;
  const take = (length: number): string | null => {
    if (length < 0) return null;
    const text = Buffer.from(bytes.subarray(offset, offset + length)).toString();
    offset += length;
    return text;
  };
  for (let i = 0; i < count; i++) {
    const at = i * STAGE_STRIDE;
    const key = take(entries[at + STAGE_KEY_LENGTH] as number);
    const value = take(entries[at + STAGE_VALUE_LENGTH] as number);
    take(entries[at + STAGE_HEADERS_LENGTH] as number);
    out.push({
      topicId: entries[at + STAGE_TOPIC_ID] as number,
      partition: entries[at + STAGE_PARTITION] as number,
      slot: entries[at + STAGE_SLOT] as number,
      key,
      value,
    });
  }
  return out;
}

describe('staging area', () => {
  it('stages numbers and bytes back to back, strings encoded as UTF-8 in place', () => {
    let registered: [Float64Array, Uint8Array] | undefined;
    const stage = new StagingArea((entries, bytes) => (registered = [entries, bytes]));
    stage.reset();
    expect(stage.add(3, -1, 10, 0, 'k', 'värde', undefined)).toBe(true);
    expect(stage.add(4, 2, 11, 1700000000000, null, Buffer.from('raw'), Buffer.from([1, 2]))).toBe(true);
    const [entries, bytes] = registered!;
    expect(readBack(entries, bytes, 2)).toEqual([
      { topicId: 3, partition: -1, slot: 10, key: 'k', value: 'värde' },
      { topicId: 4, partition: 2, slot: 11, key: null, value: 'raw' },
    ]);
    expect(entries[STAGE_STRIDE + STAGE_TIMESTAMP]).toBe(1700000000000);
  });

  it('takes at most 1,024 records per call, then asks for a hand-over', () => {
    const stage = new StagingArea(() => undefined);
    stage.reset();
    for (let i = 0; i < 1024; i++) expect(stage.add(0, -1, i, 0, null, 'v', undefined)).toBe(true);
    expect(stage.add(0, -1, 1024, 0, null, 'v', undefined)).toBe(false);
  });

  it('registers a grown buffer again, and an empty stage always takes one large record', () => {
    const registrations: Uint8Array[] = [];
    const stage = new StagingArea((_, bytes) => registrations.push(bytes));
    stage.reset();
    const large = Buffer.alloc(5 * 1024 * 1024, 1);
    expect(stage.add(0, -1, 0, 0, null, large, undefined)).toBe(true);
    expect(registrations.length).toBe(2);
    expect(registrations.at(-1)!.length).toBeGreaterThanOrEqual(large.length);
    // A second large record does not grow the buffer beside it: it goes in the next call.
    expect(stage.add(0, -1, 1, 0, null, large, undefined)).toBe(false);
    expect(registrations.length).toBe(2);
    // The next call starts small again: one large record does not pin a large buffer.
    stage.reset();
    expect(registrations.at(-1)!.length).toBeLessThan(large.length);
  });
});
