import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { Producer } from '../lib/index.js';
import { bootstrapServers, createTopic } from './helpers/kafka.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settledMemory(): { rss: number; heap: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed };
}

/** One producer's life: good records with headers, every kind of bad one, then close. */
async function round(topic: string): Promise<void> {
  const producer = new Producer({ bootstrapServers: bootstrapServers(), messageMaxBytes: 10_000, logger: () => undefined });
  const outcomes: Array<Promise<unknown>> = [];
  for (let i = 0; i < 2500; i++) {
    outcomes.push(producer.send({ topic, key: `k${i}`, value: `v${i}`, headers: { h: 'x', b: Buffer.from([i & 255]) } }));
    outcomes.push(producer.send({ topic, value: Buffer.alloc(20_000), headers: { big: 'yes' } }).catch(() => undefined));
    outcomes.push(producer.send({ topic: 'bad topic', value: 'x' }).catch(() => undefined));
    outcomes.push(producer.send({ topic, value: 'x', partition: 7, headers: { p: '7' } }).catch(() => undefined));
  }
  await Promise.all(outcomes);
  await producer.close();
}

describe('no leaks on the good and the bad paths', () => {
  it('keeps memory flat over repeated producer lifetimes with good and bad records', async () => {
    const topic = await createTopic(1);
    // RSS is noisy (allocator arenas warm up, other work shares the machine): compare the lowest
    // reading of an early window with the lowest of a late one; a leak raises every reading.
    const samples: Array<{ rss: number; heap: number }> = [];
    for (let i = 0; i < 11; i++) {
      await round(topic);
      samples.push(settledMemory());
    }
    const early = samples.slice(2, 5);
    const late = samples.slice(8, 11);
    const lowest = (window: typeof samples, pick: (s: { rss: number; heap: number }) => number): number => Math.min(...window.map(pick));
    // 6 rounds of 10,000 records lie between the windows: a leak of 150 bytes per record would add 9 MB.
    expect(lowest(late, (s) => s.rss) - lowest(early, (s) => s.rss)).toBeLessThan(8 * 1024 * 1024);
    // The JS heap is precise: a retained object per record would show at once.
    expect(lowest(late, (s) => s.heap) - lowest(early, (s) => s.heap)).toBeLessThan(2 * 1024 * 1024);
  }, 240_000);
});
