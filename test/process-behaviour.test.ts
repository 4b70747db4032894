import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { bootstrapServers, createTopic } from './helpers/kafka.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs an ES module script in a child Node process that imports the built package. */
function runScript(script: string, env: Record<string, string> = {}, timeout = 60_000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
  });
}

describe('what a process sees', () => {
  it("a throwing 'delivery' listener does not stop the other records' reports", async () => {
    const topic = await createTopic(1);
    const child = runScript(
      `
      import { Producer } from 'ferrokafka';
      let uncaught = 0;
      process.on('uncaughtException', () => uncaught++);
      // A small queue: most records wait for room, which only a drain that goes on makes.
      const producer = new Producer({ bootstrapServers: process.env.BROKERS, statisticsIntervalMs: 0, queueMaxMessages: 10 });
      producer.on('delivery', () => { throw new Error('listener bug'); });
      let reported = 0;
      for (let i = 0; i < 2000; i++) producer.produce({ topic: process.env.TOPIC, value: String(i) }, () => reported++);
      const deadline = Date.now() + 20000;
      while (reported < 2000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      console.log(JSON.stringify({ reported, uncaught: uncaught > 0 }));
      await producer.close();
    `,
      { BROKERS: bootstrapServers(), TOPIC: topic },
    );
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout.trim())).toEqual({ reported: 2000, uncaught: true });
  });

  it('prints one line per client failure by default, and none once the user listens for errors', () => {
    const script = (listen: boolean): string => `
      import { Producer } from 'ferrokafka';
      const producer = new Producer({ bootstrapServers: '127.0.0.1:1' });
      ${listen ? "producer.on('error', () => undefined);" : ''}
      producer.produce({ topic: 'nowhere', value: 'x' });
      await new Promise((r) => setTimeout(r, 2500));
      await producer.close({ timeoutMs: 100 });
    `;
    const unlistened = runScript(script(false));
    const lines = unlistened.stderr.split('\n').filter((line) => line.includes('Connection refused'));
    expect(lines.length).toBeGreaterThan(0);
    // Each failure once: librdkafka's own log line of it is not printed beside the error.
    expect(lines.filter((line) => line.includes('[FAIL]'))).toEqual([]);
    const listened = runScript(script(true));
    expect(listened.stderr).toBe('');
  });

  it('warns when the process exits with records never reported', () => {
    const child = runScript(`
      import { Producer } from 'ferrokafka';
      const producer = new Producer({ bootstrapServers: '127.0.0.1:1' });
      for (let i = 0; i < 500; i++) producer.produce({ topic: 'nowhere', value: String(i) });
      setTimeout(() => process.exit(0), 200);
    `);
    expect(child.status).toBe(0);
    expect(child.stderr).toContain('500 record(s)');
    expect(child.stderr).toContain('close()');
  });

  it('exits as soon as every record is reported, also after records waited for queue room', async () => {
    const topic = await createTopic(1);
    const started = Date.now();
    const child = runScript(
      `
      import { Producer } from 'ferrokafka';
      const producer = new Producer({ bootstrapServers: process.env.BROKERS, queueMaxMessages: 2, deliveryTimeoutMs: 15000 });
      const sent = await Promise.all(Array.from({ length: 5 }, (_, i) => producer.send({ topic: process.env.TOPIC, value: String(i) })));
      console.log(sent.length);
    `,
      { BROKERS: bootstrapServers(), TOPIC: topic },
    );
    expect(child.stdout.trim()).toBe('5');
    expect(child.status).toBe(0);
    // Before: the waiting records' deadline timer held the process until deliveryTimeoutMs (15 s).
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
