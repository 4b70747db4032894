import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('MockCluster at the file descriptor limit', () => {
  it('refuses to start with a KafkaError naming the descriptors needed, instead of a librdkafka segfault', () => {
    // Mocks of 8 brokers until the table (limited to 128 here) is full; the last start must fail, typed.
    const script = `
      import { MockCluster } from 'ferrokafka/testing';
      const mocks = [];
      let failure;
      for (let i = 0; i < 50 && failure === undefined; i++) {
        try { mocks.push(await MockCluster.start({ brokers: 8 })); } catch (error) { failure = error; }
      }
      await Promise.all(mocks.map((mock) => mock.stop()));
      console.log(JSON.stringify({ started: mocks.length, name: failure?.name, type: failure?.type, message: failure?.message }));
    `;
    const child = spawnSync('sh', ['-c', 'ulimit -n 128 && exec "$0" --input-type=module -e "$1"', process.execPath, script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.signal, child.stderr).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const outcome = JSON.parse(child.stdout) as { started: number; name: string; type: string; message: string };
    expect(outcome.started).toBeGreaterThan(0);
    expect(outcome.name).toBe('KafkaError');
    expect(outcome.type).toBe('FAIL');
    expect(outcome.message).toMatch(/a mock cluster of 8 brokers needs about 24 free file descriptors and only \d+ are free/);
  });
});
