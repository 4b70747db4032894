import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { Producer } from '../lib/index.js';
import { bootstrapServers, createTopic } from './helpers/kafka.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settledRss(): number {
  gc();
  gc();
  return process.memoryUsage().rss;
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
    await round(topic);
    await round(topic);
    const before = settledRss();
    for (let i = 0; i < 4; i++) await round(topic);
    const growth = settledRss() - before;
    // 4 rounds of 10,000 records; a per-record leak of even 200 bytes would add 8 MB.
    expect(growth).toBeLessThan(8 * 1024 * 1024);
  }, 180_000);
});
