import { describe, expect, it } from 'vitest';

import { resolveConfig } from '../../lib/config/resolve.js';
import { KafkaConfigError } from '../../lib/errors/kafka-errors.js';
import type { ProducerConfig } from '../../lib/index.js';

// Names that every plain object inherits: a lookup table must not answer for them.
const INHERITED = ['constructor', 'toString', 'hasOwnProperty', '__proto__'];

function refusal(config: Record<string, unknown>): KafkaConfigError {
  try {
    resolveConfig({ bootstrapServers: '127.0.0.1:9', ...config } as ProducerConfig<unknown, unknown>);
  } catch (error) {
    expect(error).toBeInstanceOf(KafkaConfigError);
    return error as KafkaConfigError;
  }
  throw new Error(`accepted: ${Object.keys(config).join(', ')}`);
}

describe('names an object inherits are no options, properties or mechanisms of ours', () => {
  it.each(INHERITED)('an unknown option named %s is refused as unknown, with no borrowed hint', (name) => {
    const config = {};
    Object.defineProperty(config, name, { value: 1, enumerable: true });
    const error = refusal(config);
    expect(error.message).toMatch(new RegExp(`^unknown producer option '${name}'`));
    expect(error.message).not.toMatch(/undefined|native code/);
  });

  it.each(INHERITED)('librdkafka[%s] is no refused contract key (librdkafka itself judges it)', (name) => {
    const librdkafka = {};
    Object.defineProperty(librdkafka, name, { value: 'x', enumerable: true });
    // the typed layer has nothing against it, so it is passed on (librdkafka refuses it when the producer is made)
    expect(resolveConfig({ bootstrapServers: '127.0.0.1:9', librdkafka } as ProducerConfig<unknown, unknown>).pairs).toContain(name);
  });

  it.each(['constructor', 'toString'])('sasl.mechanism %s is refused as no mechanism of ours', (mechanism) => {
    const error = refusal({ sasl: { mechanism, username: 'user', password: 'secret' } });
    expect(error.message).toContain(`must be one of 'plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer'; got "${mechanism}"`);
  });
});
