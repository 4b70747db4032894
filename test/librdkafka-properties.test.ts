import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { generate, GENERATED_PATH, locateLibrdkafka } from '../scripts/librdkafka-properties.mjs';
import { LIBRDKAFKA_PROPERTIES } from '../lib/config/librdkafka-properties.generated.js';

// The escape hatch's guards (aliases, secrets, callbacks, consumer-only keys) come from this table, so
// it must match the librdkafka that is built: a new alias must not slip through unseen.
const sources = locateLibrdkafka();

describe('lib/config/librdkafka-properties.generated.ts', () => {
  it.skipIf(sources === undefined)(
    `is current with librdkafka's CONFIGURATION.md and rdkafka_conf.c (${sources === undefined ? 'rdkafka-sys sources not found in the Cargo registry: skipped' : sources.version})`,
    () => {
      const dir = sources!.dir;
      const expected = generate(
        readFileSync(join(dir, 'CONFIGURATION.md'), 'utf8'),
        readFileSync(join(dir, 'src', 'rdkafka_conf.c'), 'utf8'),
        sources!.version,
      );
      expect(readFileSync(GENERATED_PATH, 'utf8'), 'run `node scripts/librdkafka-properties.mjs` and commit the result').toBe(expected);
    },
  );

  it('knows the aliases, secrets and callbacks the config guards rely on', () => {
    expect(LIBRDKAFKA_PROPERTIES['sasl.mechanism']?.aliasOf).toBe('sasl.mechanisms');
    expect(LIBRDKAFKA_PROPERTIES['sasl.oauthbearer.client.credentials.client.secret']?.aliasOf).toBe('sasl.oauthbearer.client.secret');
    expect(LIBRDKAFKA_PROPERTIES['delivery.timeout.ms']?.aliasOf).toBe('message.timeout.ms');
    expect(LIBRDKAFKA_PROPERTIES['sasl.oauthbearer.assertion.private.key.passphrase']?.sensitive).toBe(true);
    expect(LIBRDKAFKA_PROPERTIES['sasl.oauthbearer.assertion.private.key.pem']?.sensitive).toBe(true);
    expect(LIBRDKAFKA_PROPERTIES.dr_msg_cb?.api).toBe(true);
    expect(LIBRDKAFKA_PROPERTIES['group.id']?.applies).toBe('consumer');
    expect(Object.keys(LIBRDKAFKA_PROPERTIES).length).toBeGreaterThan(150);
  });
});
