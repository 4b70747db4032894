import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { bootstrapServers, createTopic } from './helpers/kafka.js';

const root = fileURLToPath(new URL('..', import.meta.url));

// The CI-sized run of `npm run soak:producers` (2,000 closed + 1,000 dropped): the same script,
// fewer producers, against the suite's broker. leaks.test.ts covers memory over a few producers'
// lifetimes with bad records, collection.test.ts one producer dropped with records in flight.
describe('producers created and closed, and dropped with records in flight, by the hundred', () => {
  it('leaves no thread, file descriptor or memory behind, reports every record and collects every producer', async () => {
    const topic = await createTopic(3);
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', 'scripts/soak/producer-churn.mjs', '--closed', '200', '--dropped', '100', '--topic', topic],
      { cwd: root, env: { ...process.env, BROKERS: bootstrapServers() }, encoding: 'utf8', timeout: 240_000 },
    );
    expect(child.signal).toBeNull();
    expect(child.stderr).toBe('');
    const figures = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { failed: string[]; reported: number; collected: number };
    console.log('producer churn:', child.stdout.trim());
    expect(figures.failed).toEqual([]);
    expect(figures.reported).toBe(500);
    expect(figures.collected).toBe(100);
    expect(child.status).toBe(0);
  }, 300_000);
});
