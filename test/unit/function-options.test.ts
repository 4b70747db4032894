import { describe, expect, it } from 'vitest';

import { resolveConfig } from '../../lib/config/resolve.js';
import { KafkaConfigError } from '../../lib/errors/kafka-errors.js';
import { serializers, type ProducerConfig } from '../../lib/index.js';

const base = { bootstrapServers: '127.0.0.1:9' };

describe('options that must be functions are checked when the producer is made', () => {
  // before: accepted, then `logger: 5` threw "this.logger is not a function" out of every log line
  it.each(['logger', 'keySerializer', 'valueSerializer'])('%s that is no function is refused, naming it and what it got', (option) => {
    for (const value of [5, 'json', {}, null, true]) {
      const resolve = (): unknown => resolveConfig({ ...base, [option]: value } as ProducerConfig<unknown, unknown>);
      expect(resolve).toThrow(KafkaConfigError);
      expect(resolve).toThrow(new RegExp(`^${option} must be a function .*; got `));
    }
  });

  it('functions are accepted', () => {
    expect(() =>
      resolveConfig({ ...base, logger: () => undefined, keySerializer: serializers.json, valueSerializer: serializers.string } as ProducerConfig<
        unknown,
        unknown
      >),
    ).not.toThrow();
  });
});
