import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { bootstrapServers, createTopic } from './helpers/kafka.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs an ES module script in a fresh `node --expose-gc` that must exit by itself; returns its last output line as JSON. */
function runScript(script: string, env: Record<string, string>): Record<string, unknown> {
  const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 90_000,
  });
  expect(child.stderr).toBe('');
  expect(child.signal).toBeNull();
  expect(child.status).toBe(0);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}

const probes = `
  import { readFileSync, readdirSync } from 'node:fs';
  const threads = () => Number(/Threads:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
  const fds = () => readdirSync('/proc/self/fd').length;
  const rss = () => Math.round(process.memoryUsage().rss / 1048576);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
`;

describe('a producer that is never closed', () => {
  it('is collected when dropped idle, and its librdkafka instance destroyed', () => {
    const script = `
      ${probes}
      import { Producer } from 'ferrokafka';
      const brokers = process.env.BROKERS;
      // A first producer's life starts whatever the process starts once (libuv's pool, OpenSSL...).
      await new Producer({ bootstrapServers: brokers }).close();
      for (let i = 0; i < 5; i++) { gc(); await sleep(50); }
      const baseline = { threads: threads(), fds: fds(), rss: rss() };
      const collected = { count: 0 };
      const registry = new FinalizationRegistry(() => collected.count++);
      for (let i = 0; i < 200; i++) registry.register(new Producer({ bootstrapServers: brokers, logger: () => undefined }), i);
      await sleep(1000);
      const peak = { threads: threads(), fds: fds(), rss: rss() };
      for (let i = 0; i < 100 && (collected.count < 200 || threads() > baseline.threads + 5); i++) { gc(); await sleep(100); }
      console.log(JSON.stringify({ baseline, peak, after: { threads: threads(), fds: fds(), rss: rss() }, collected: collected.count }));
    `;
    const result = runScript(script, { BROKERS: bootstrapServers() }) as {
      baseline: { threads: number; fds: number };
      peak: { threads: number; fds: number };
      after: { threads: number; fds: number };
      collected: number;
    };
    console.log('dropped producers:', JSON.stringify(result));
    expect(result.peak.threads).toBeGreaterThan(result.baseline.threads + 200);
    expect(result.collected).toBe(200);
    expect(result.after.threads).toBeLessThanOrEqual(result.baseline.threads + 5);
    expect(result.after.fds).toBeLessThanOrEqual(result.baseline.fds + 10);
  }, 120_000);

  it('stays alive while its records are in flight: each is reported, then it is collected', async () => {
    const topic = await createTopic(1);
    const script = `
      ${probes}
      import { Producer } from 'ferrokafka';
      const reported = [];
      const collected = { count: 0 };
      const registry = new FinalizationRegistry(() => collected.count++);
      (() => {
        const producer = new Producer({ bootstrapServers: process.env.BROKERS, lingerMs: 500, logger: () => undefined });
        registry.register(producer, 'producer');
        for (let i = 0; i < 10; i++) producer.produce({ topic: process.env.TOPIC, value: String(i) }, (error, metadata) => reported.push(error === null ? metadata.offset : error.message));
        producer.send({ topic: process.env.TOPIC, value: 'promised' }).then((metadata) => reported.push('promise ' + metadata.offset));
      })();
      for (let i = 0; i < 100 && reported.length < 11; i++) { gc(); await sleep(50); }
      for (let i = 0; i < 50 && collected.count === 0; i++) { gc(); await sleep(100); }
      console.log(JSON.stringify({ reported, collected: collected.count }));
    `;
    const result = runScript(script, { BROKERS: bootstrapServers(), TOPIC: topic });
    expect(result).toEqual({ reported: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 'promise 10'], collected: 1 });
  }, 120_000);
});
