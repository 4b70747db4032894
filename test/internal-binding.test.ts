import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { bootstrapServers, createTopic } from './helpers/kafka.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the internal native binding, loaded by path', () => {
  it('cannot make the staging memory dangle: arrays staged through it and collected never crash a send', async () => {
    const topic = await createTopic(1);
    // What a user reaching into the package could do: load the binding by path, find the raw
    // staging function wherever it is, stage arrays of their own and drop them.
    const script = `
      import { createRequire } from 'node:module';
      import { Producer } from 'ferrokafka';
      const require = createRequire(process.cwd() + '/');
      const binding = require('./native/index.cjs');
      const holders = [binding, ...Object.getOwnPropertyNames(binding).map((name) => binding[name]), ...Object.getOwnPropertySymbols(binding).map((symbol) => binding[symbol])];
      const stage = holders.filter((holder) => holder !== null && (typeof holder === 'object' || typeof holder === 'function'))
        .map((holder) => { try { return holder.hotStage; } catch { return undefined; } })
        .find((candidate) => typeof candidate === 'function');
      const producer = new Producer({ bootstrapServers: process.env.BROKERS, logger: () => undefined });
      let staged = 'not reachable';
      if (stage !== undefined) {
        (() => {
          try {
            stage(0, new Float64Array(8 * 1024 * 1024).fill(1), new Uint8Array(64 * 1024 * 1024).fill(7));
            staged = 'staged';
          } catch (error) {
            staged = 'refused: ' + error.message;
          }
        })();
      }
      for (let i = 0; i < 10; i++) { gc(); await new Promise((resolve) => setTimeout(resolve, 20)); }
      let outcome;
      try {
        const metadata = await Promise.race([
          producer.send({ topic: process.env.TOPIC, value: 'after' }),
          new Promise((_, reject) => setTimeout(() => reject(new Error('no report')), 5000)),
        ]);
        outcome = 'delivered ' + metadata.offset;
      } catch (error) {
        outcome = 'failed: ' + error.message;
      }
      await producer.close({ timeoutMs: 1000 });
      console.log(JSON.stringify({ staged, outcome, exported: Object.keys(binding).filter((name) => name.startsWith('hot')) }));
    `;
    const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, BROKERS: bootstrapServers(), TOPIC: topic },
      encoding: 'utf8',
      timeout: 60_000,
    });
    console.log('internal binding:', child.stdout.trim(), child.signal ?? '');
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
    expect(child.stderr).toBe('');
    // The raw functions are no module exports (lib/native.ts reads them from a hidden property).
    expect(JSON.parse(child.stdout.trim()).exported).toEqual([]);
  }, 90_000);
});
