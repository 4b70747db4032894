import fc from 'fast-check';

import type { HeaderValue, RecordHeaders } from '../../lib/index.js';

/** A generated record for a producer without serializers, and the bytes a consumer must read back. */
export interface GeneratedRecord {
  key: string | Buffer | Uint8Array | null | undefined;
  value: string | Buffer | Uint8Array | null | undefined;
  headers: RecordHeaders | undefined;
  partition: number | undefined;
  timestamp: number | Date | undefined;
}

/** Strings of any code point, lone surrogates included (sent as UTF-8, so those become U+FFFD). */
const anyString = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength }) },
    { weight: 1, arbitrary: fc.constantFrom('', '\uD800', 'a\uDC00b', '\u0000', 'é', '🦀') },
  );

/** A Uint8Array that views the middle of a larger buffer: its byteOffset must be honoured. */
const offsetView = (maxLength: number): fc.Arbitrary<Uint8Array> =>
  fc.tuple(fc.uint8Array({ maxLength }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 16 })).map(([bytes, before, after]) => {
    const backing = new Uint8Array(before + bytes.length + after).fill(0xee);
    backing.set(bytes, before);
    return backing.subarray(before, before + bytes.length);
  });

/** Every shape a key or value may take without a serializer; sizes mostly small, sometimes tens of KiB. */
export function bytesLike(): fc.Arbitrary<string | Buffer | Uint8Array | null | undefined> {
  const size = fc.oneof({ weight: 9, arbitrary: fc.constant(256) }, { weight: 1, arbitrary: fc.constant(40_000) });
  return size.chain((maxLength) =>
    fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      anyString(maxLength),
      fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes)),
      fc.uint8Array({ maxLength }),
      offsetView(maxLength),
    ),
  );
}

const headerName = fc.oneof(
  fc.constantFrom('a', 'trace-id', 'é', '\u0000x', '"quoted\\"', '🦀'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
);
const headerValue: fc.Arbitrary<HeaderValue> = fc.oneof(
  fc.constant(null),
  anyString(64),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 64 }),
  offsetView(64),
);

/** Headers as a list of pairs (names repeat), an object (array values repeat a name) or a Map. */
export function recordHeaders(): fc.Arbitrary<RecordHeaders | undefined> {
  const pairs = fc.array(fc.tuple(fc.oneof(headerName, fc.constant('dup')), headerValue), { maxLength: 6 });
  const entries = fc.uniqueArray(fc.tuple(headerName, fc.oneof(headerValue, fc.array(headerValue, { maxLength: 3 }))), {
    maxLength: 5,
    selector: ([name]) => name,
  });
  return fc.oneof(
    fc.constant(undefined),
    pairs,
    entries.map((list) => Object.fromEntries(list) as RecordHeaders),
    entries.map((list) => new Map(list) as RecordHeaders),
  );
}

/** A record without a topic: key, value, headers, an explicit partition or none, a timestamp or none. */
export function generatedRecord(partitions: number): fc.Arbitrary<GeneratedRecord> {
  return fc.record({
    key: bytesLike(),
    value: bytesLike(),
    headers: recordHeaders(),
    partition: fc.option(fc.integer({ min: 0, max: partitions - 1 }), { nil: undefined }),
    // from the epoch's first ms to now: the broker may refuse create times far in the future
    timestamp: fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: 1, max: Date.now() }),
      fc.integer({ min: 1, max: Date.now() }).map((ms) => new Date(ms)),
    ),
  });
}
