import { describe, expect, it } from 'vitest';

import { redactSecrets, secretsOf } from '../../lib/security/redact.js';

describe('redactSecrets', () => {
  it('scrubs the longest secret first, so one that holds another goes whole', () => {
    expect(redactSecrets('a pw12345 b', ['pw12', 'pw12345'])).toBe('a [redacted] b');
    expect(redactSecrets('a pw12345 b', ['pw12345', 'pw12'])).toBe('a [redacted] b');
  });

  it('ignores an empty secret', () => {
    expect(redactSecrets('nothing to hide', [''])).toBe('nothing to hide');
  });

  it('scrubs every run of 10 characters of a secret, its last one included', () => {
    expect(redactSecrets('tail bcdefghijk end', ['abcdefghijk'])).toBe('tail [redacted] end');
    expect(redactSecrets('head abcdefghij end', ['abcdefghijk'])).toBe('head [redacted] end');
    // 9 characters are no secret on their own
    expect(redactSecrets('head bcdefghij end', ['abcdefghijk'])).toBe('head bcdefghij end');
  });

  it('reads neighbouring pieces of a secret as one mask', () => {
    expect(redactSecrets('abcdefghijkbcdefghijk!', ['abcdefghijk'])).toBe('[redacted]!');
    expect(redactSecrets('x abcdefghijk abcdefghijk y', ['abcdefghijk'])).toBe('x [redacted] [redacted] y');
  });

  it('scrubs what follows a secret property, quoted or not, and leaves other properties', () => {
    expect(redactSecrets('sasl.password: "hunter2" and more', [])).toBe('sasl.password: [redacted] and more');
    expect(redactSecrets("ssl.key.password='hunter2' rest", [])).toBe('ssl.key.password=[redacted] rest');
    expect(redactSecrets('sasl.username=alice', [])).toBe('sasl.username=alice');
  });
});

describe('secretsOf', () => {
  it('is the whole value for a plain secret property, nothing for an empty one', () => {
    expect(secretsOf('sasl.password', 'a=bbbb,c=dddd')).toEqual(['a=bbbb,c=dddd']);
    expect(secretsOf('sasl.password', '')).toEqual([]);
  });

  it('adds each extension value of sasl.oauthbearer.extensions, 4 characters or more', () => {
    expect(secretsOf('sasl.oauthbearer.extensions', 'a=bbbb,c=ddd,e=ff=gg')).toEqual(['a=bbbb,c=ddd,e=ff=gg', 'bbbb', 'ff=gg']);
  });

  it('adds only the extension values of sasl.oauthbearer.config, split on any whitespace', () => {
    expect(secretsOf('sasl.oauthbearer.config', 'principal=alice  extension_a=aaaa\textension_b=bb=bb scope=zzzz lone')).toEqual([
      'principal=alice  extension_a=aaaa\textension_b=bb=bb scope=zzzz lone',
      'aaaa',
      'bb=bb',
    ]);
  });
});
