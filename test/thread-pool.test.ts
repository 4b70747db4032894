import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe("flush and close never occupy libuv's thread pool", () => {
  it('an unrelated fs.readFile completes at once while four producers flush and close against an unreachable broker', () => {
    // A gross effect, measured with a wide margin: before, each blocking flush and close held one
    // of the pool's 4 threads for its whole timeout, and the read waited seconds.
    const script = `
      import { readFile } from 'node:fs/promises';
      import { Producer } from 'ferrokafka';
      const producers = Array.from({ length: 4 }, () => new Producer({ bootstrapServers: '127.0.0.1:1', logger: () => undefined }));
      const sends = producers.map((producer) => producer.send({ topic: 'nowhere', value: 'x' }).catch(() => undefined));
      const flushes = producers.map((producer) => producer.flush({ timeoutMs: 3000 }).catch(() => undefined));
      const closes = producers.map((producer) => producer.close({ timeoutMs: 3000 }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = performance.now();
      await readFile('package.json');
      const readMs = performance.now() - started;
      await Promise.all([...sends, ...flushes, ...closes]);
      console.log(JSON.stringify({ readMs }));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, UV_THREADPOOL_SIZE: '4' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const { readMs } = JSON.parse(child.stdout.trim()) as { readMs: number };
    console.log(`fs.readFile during 4 flushes and closes: ${readMs.toFixed(1)} ms`);
    expect(readMs).toBeLessThan(500);
  }, 90_000);
});
