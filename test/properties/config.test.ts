import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { KafkaConfigError, Producer, type ProducerConfig } from '../../lib/index.js';
import { producerConfig } from './config-arbitraries.js';
import { propertyParameters } from './property-runs.js';

/** Constructs a producer (it never reaches a broker) and closes it; returns how it went. */
async function construct(config: Record<string, unknown>): Promise<'accepted' | 'refused'> {
  let producer: Producer;
  try {
    producer = new Producer(config as unknown as ProducerConfig);
  } catch (error) {
    if (error instanceof KafkaConfigError) {
      // a refusal says what was wrong, and never in words an object's prototype lent it
      // (a missing value is "got undefined"; a hint or a name is never undefined)
      expect(error.message.length).toBeGreaterThan(10);
      expect(error.message).not.toMatch(/\(undefined\)|it undefined|\[native code\]|\[object /);
      if (process.env.FERROKAFKA_PROPERTY_VERBOSE) console.log(`refused: ${error.message}`);
      return 'refused';
    }
    throw new Error(`not a KafkaConfigError but ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`, { cause: error });
  }
  // what it took must not fail later: a logger that is no function would throw out of every log line
  for (const option of ['logger', 'keySerializer', 'valueSerializer']) {
    if (config[option] !== undefined) expect(typeof config[option], `${option} accepted`).toBe('function');
  }
  // nothing was sent, so nothing can be left undelivered
  await expect(producer.close({ timeoutMs: 2_000 })).resolves.toEqual([]);
  expect(producer.isOpen).toBe(false);
  return 'accepted';
}

describe('property: any configuration is either accepted or refused with a KafkaConfigError', () => {
  it('typed options, special options, escape-hatch properties and unknown options', async () => {
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(producerConfig(), async (config) => {
        outcomes[await construct(config)]++;
      }),
      propertyParameters(300),
    );
    console.log(`configurations: ${outcomes.accepted} accepted, ${outcomes.refused} refused`);
    // the generator reaches both sides, or the property proves little
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);
});
