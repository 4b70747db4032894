import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { KafkaRecordError } from '../../lib/errors/kafka-errors.js';
import { packHeaders, unpackHeaders } from '../../lib/send/headers.js';

const headerName = fc.string({ minLength: 1, unit: 'grapheme' });
const headerValue = fc.oneof(fc.constant(null), fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 64 }));

describe('headers packing', () => {
  it('unpacks to the same pairs in the same order, repeats and binary values included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(headerName, headerValue), { maxLength: 20 }), (pairs) => {
        const packed = packHeaders(pairs);
        if (pairs.length === 0) {
          expect(packed).toBeUndefined();
          return;
        }
        const expected = pairs.map(([name, value]) => [name, value === null ? null : Buffer.from(value as string | Uint8Array)]);
        expect(unpackHeaders(packed as Buffer)).toEqual(expected);
      }),
    );
  });

  it('an object repeats a key for each item of an array value', () => {
    const packed = packHeaders({ trace: ['a', 'b'], empty: null, bytes: Buffer.from([0, 255]) }) as Buffer;
    expect(unpackHeaders(packed)).toEqual([
      ['trace', Buffer.from('a')],
      ['trace', Buffer.from('b')],
      ['empty', null],
      ['bytes', Buffer.from([0, 255])],
    ]);
  });

  it('takes a Map like an object (a Map was dropped silently before)', () => {
    const packed = packHeaders(
      new Map<string, string | string[]>([
        ['a', 'b'],
        ['c', ['d', 'e']],
      ]),
    ) as Buffer;
    expect(unpackHeaders(packed)).toEqual([
      ['a', Buffer.from('b')],
      ['c', Buffer.from('d')],
      ['c', Buffer.from('e')],
    ]);
  });

  it('refuses what cannot be a header, naming it', () => {
    expect(() => packHeaders({ '': 'x' })).toThrow(KafkaRecordError);
    expect(() => packHeaders({ n: 42 as never })).toThrow("header 'n' must be a string, Buffer, Uint8Array or null; got number");
    expect(() => packHeaders([['only-one']] as never)).toThrow('[key, value] pairs');
    expect(() => packHeaders('x' as never)).toThrow('headers must be an object or a list');
  });
});
