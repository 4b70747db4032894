import fc from 'fast-check';

import { serializers } from '../../lib/index.js';
import { LIBRDKAFKA_PROPERTIES } from '../../lib/config/librdkafka-properties.generated.js';
import { OPTION_SPECS, type OptionSpec } from '../../lib/config/schema.js';

/** No broker listens here (the discard port): a producer made with it never reaches one. */
export const NOWHERE = '127.0.0.1:9';

/** Values of the wrong kind for any option. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, Number.NaN, Number.POSITIVE_INFINITY, -0, '', ' ', '0', 'true', {}, [], Symbol('option'), 10n),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 8 }),
  fc.constant(() => 1),
);

/** Mostly values of the option's own kind (in and just out of range), sometimes junk. */
function optionValue(spec: OptionSpec): fc.Arbitrary<unknown> {
  const ownKind: fc.Arbitrary<unknown> = (() => {
    switch (spec.kind) {
      case 'string':
        return fc.string({ maxLength: 20 });
      case 'bool':
        return fc.boolean();
      case 'enum':
        return fc.constantFrom(...spec.values);
      case 'int':
      case 'number':
        return fc.oneof(
          { weight: 3, arbitrary: fc.integer({ min: spec.min, max: Math.min(spec.max, spec.min + 100_000) }) },
          { weight: 1, arbitrary: fc.constantFrom(spec.min, spec.max, spec.min - 1, spec.max + 1, spec.min + 0.5) },
        );
    }
  })();
  return fc.oneof({ weight: 19, arbitrary: ownKind }, { weight: 1, arbitrary: junk });
}

/** A few of `options` (at most `maxKeys`), each with a value from its own arbitrary. */
function someOf(options: Record<string, fc.Arbitrary<unknown>>, maxKeys: number): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .uniqueArray(fc.constantFrom(...Object.keys(options)), { maxLength: maxKeys })
    .chain((names) => fc.record(Object.fromEntries(names.map((name) => [name, options[name] as fc.Arbitrary<unknown>]))));
}

const typedOptions = Object.fromEntries(Object.entries(OPTION_SPECS).map(([name, spec]) => [name, optionValue(spec)])) as Record<
  keyof typeof OPTION_SPECS,
  fc.Arbitrary<unknown>
>;

const sasl = fc.oneof(
  fc.record({ mechanism: fc.constantFrom('plain', 'scram-sha-256', 'scram-sha-512'), username: fc.string({ minLength: 1 }), password: fc.string() }),
  fc.constant({ mechanism: 'oauthbearer', oauthBearerProvider: () => ({ value: 'token', expiresAtMs: Date.now() + 60_000 }) }),
  fc.record(
    { mechanism: fc.constantFrom('oauthbearer', 'gssapi', 'PLAIN', '', 'constructor', 'toString'), username: fc.option(fc.string()), password: junk },
    { requiredKeys: [] },
  ),
  junk,
);

const tls = fc.oneof(
  fc.boolean(),
  fc.record(
    {
      ca: fc.oneof(
        fc.constant('not a certificate'),
        fc.constant(Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')),
        junk,
      ),
      rejectUnauthorized: fc.oneof(fc.boolean(), junk),
      checkHostname: fc.oneof(fc.boolean(), junk),
      keyPassword: fc.oneof(fc.string(), junk),
      unknownTlsOption: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
  junk,
);

const escapeHatchKey = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...Object.keys(LIBRDKAFKA_PROPERTIES)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('no.such.property', 'linger', 'LINGER.MS', '', ' ', 'constructor', 'toString', '__proto__', 'hasOwnProperty'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const escapeHatchValue = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('true', 'false', '0', '1', '-1', '100', '1000000', 'abc', '', 'all', 'none', 'gzip', 'consistent', 'PLAIN'),
  },
  { weight: 2, arbitrary: fc.oneof(fc.boolean(), fc.integer({ min: -10, max: 10_000_000 })) },
  { weight: 1, arbitrary: junk },
);

/**
 * A producer configuration: any subset of the typed options (mostly in-range values), the special
 * ones (bootstrap servers, partitioner, serializers, TLS, SASL, logger), the librdkafka escape hatch
 * with real and made-up property names, and now and then an option that does not exist.
 */
export function producerConfig(): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      someOf(typedOptions, 5),
      fc.oneof({ weight: 19, arbitrary: fc.constantFrom(NOWHERE, [NOWHERE, '127.0.0.1:10']) }, { weight: 1, arbitrary: junk }),
      someOf(
        {
          partitioner: fc.oneof(
            fc.constantFrom('murmur2_random', 'murmur2', 'consistent_random', 'consistent', 'random', 'fnv1a', 'fnv1a_random', 'java'),
            fc.constant(() => 0),
            junk,
          ),
          keySerializer: fc.oneof(fc.constant(serializers.json), fc.constant(serializers.string), junk),
          valueSerializer: fc.oneof(fc.constant(serializers.json), fc.constant(serializers.buffer), junk),
          tls,
          sasl,
          logger: fc.oneof({ weight: 9, arbitrary: fc.constant(() => undefined) }, { weight: 1, arbitrary: junk }),
          librdkafka: fc.oneof(
            { weight: 9, arbitrary: fc.dictionary(escapeHatchKey, escapeHatchValue, { maxKeys: 2 }) },
            { weight: 1, arbitrary: junk },
          ),
        },
        3,
      ),
      fc.oneof(
        { weight: 9, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('lingerMS', 'topic', 'brokers', 'acks ', 'constructor', 'toString', '__proto__') },
      ),
    )
    .map(([typed, bootstrapServers, special, unknownOption]) => {
      const config: Record<string, unknown> = { ...typed, bootstrapServers, ...special };
      // defineProperty: even '__proto__' becomes an own option
      if (unknownOption !== undefined)
        Object.defineProperty(config, unknownOption, { value: 1, enumerable: true, configurable: true, writable: true });
      return config;
    });
}
