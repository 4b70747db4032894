import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { Producer } from '../../lib/index.js';
import { bootstrapServers, createTopic } from '../helpers/kafka.js';
import { NOWHERE } from './config-arbitraries.js';
import { OutcomeLedger } from './outcome-ledger.js';
import { producerCommands, type Model, type World } from './producer-commands.js';
import { propertyParameters } from './property-runs.js';

const PARTITIONS = 2;

/** The process's active handles and requests by type (timers, sockets, ...). */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Lets callbacks scheduled with nextTick, setImmediate and short timers run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('property: any interleaving of send, sendBatch, produce, flush, abort and close keeps one outcome per record', () => {
  let topic: string;
  beforeAll(async () => {
    topic = await createTopic(PARTITIONS, 'property-interleavings');
  });

  it('every record settles once, is reported to the delivery listeners once, and nothing is pending or held after close', async () => {
    await settle();
    const before = activeResources();
    const setup = fc.record({
      // a small local queue makes records wait in JS (backpressure), where abort and close reach them
      queueMaxMessages: fc.constantFrom(2, 10, 100_000),
      // now and then no broker at all: records wait for it until their delivery timeout or close()
      reachable: fc.constantFrom(true, true, true, false),
    });
    await fc.assert(
      fc.asyncProperty(setup, fc.commands(producerCommands, { maxCommands: 12 }), async ({ queueMaxMessages, reachable }, commands) => {
        const producer = new Producer({
          bootstrapServers: reachable ? bootstrapServers() : NOWHERE,
          queueMaxMessages,
          lingerMs: 2,
          ...(reachable ? {} : { deliveryTimeoutMs: 1_500 }),
          logger: () => undefined,
        });
        producer.on('error', () => undefined);
        const world: World = { producer, ledger: new OutcomeLedger(producer), topic, partitions: PARTITIONS, controllers: [], background: [] };
        const model: Model = { open: true, controllers: 0 };
        try {
          await fc.asyncModelRun(() => ({ model, real: world }), commands);
        } finally {
          // the last word is always close(); every call left running must end too
          await producer.close({ timeoutMs: 5_000 }).then((undelivered) => {
            if (world.ledger.undelivered.length === 0) world.ledger.undelivered = undelivered;
          });
          await Promise.all(world.background);
          await settle();
        }
        expect(producer.pending).toBe(0);
        expect(producer.isOpen).toBe(false);
        expect(world.ledger.violations()).toEqual([]);
      }),
      propertyParameters(25),
    );
    await settle();
    // no handle or request of any kind outlives the producers (a timer, a socket, an async call)
    const after = activeResources();
    const grown = [...after].filter(([type, n]) => n > (before.get(type) ?? 0)).map(([type, n]) => `${type}: ${before.get(type) ?? 0} → ${n}`);
    expect(grown).toEqual([]);
  }, 300_000);
});
