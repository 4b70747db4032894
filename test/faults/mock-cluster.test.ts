import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { KafkaArgumentError, KafkaError, Producer } from '../../lib/index.js';
import { MockCluster, MockClusterStoppedError } from '../../lib/testing/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

function fdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** `count()` once it holds still (a thread that settled a promise may still be ending). */
async function settled(count: () => number): Promise<number> {
  let last = count();
  for (let same = 0; same < 5; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = count();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

/** Runs an ES module script in a fresh Node process (its imports resolve from the built package). */
function runScript(
  script: string,
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stdout: string; stderr: string; error?: Error | undefined } {
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env, encoding: 'utf8', timeout: 20_000 });
}

describe('MockCluster', () => {
  it('serves a producer: topics, leaders, request tracking and per-broker errors with round-trip times', async () => {
    const mock = await MockCluster.start({ brokers: 3 });
    const producer = new Producer({ bootstrapServers: mock.bootstrapServers, lingerMs: 0 });
    try {
      expect(mock.bootstrapServers).toMatch(/^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}$/);
      expect(mock.brokerIds).toEqual([1, 2, 3]);
      await mock.createTopic('orders', { partitions: 3, replicationFactor: 3 });
      mock.setPartitionLeader('orders', 0, 2);
      mock.startRequestTracking();
      // Two slow failures on broker 2, then success: librdkafka retries through both.
      mock.pushBrokerRequestErrors(2, 'Produce', [
        { error: 'NOT_ENOUGH_REPLICAS', rttMs: 100 },
        { error: 'REQUEST_TIMED_OUT', rttMs: 100 },
      ]);
      const started = performance.now();
      const metadata = await producer.send({ topic: 'orders', partition: 0, value: 'a' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      expect(metadata).toMatchObject({ partition: 0, offset: 0 });
      const produces = mock.requests().filter((request) => request.api === 'Produce');
      expect(produces.map((request) => request.brokerId)).toEqual([2, 2, 2]);
      expect(produces.every((request) => request.apiKey === 0 && request.timestampUs > 0)).toBe(true);
      mock.clearRequests();
      expect(mock.requests()).toEqual([]);
    } finally {
      await producer.close();
      await mock.stop();
    }
  });

  it('names what is wrong in a typed error', async () => {
    await expect(MockCluster.start({ brokers: 0 })).rejects.toThrow(KafkaArgumentError);
    await expect(MockCluster.start({ brokers: 65 })).rejects.toThrow(/from 1 to 64, not 65/);
    const mock = await MockCluster.start({ brokers: 2 });
    try {
      await mock.createTopic('t', { partitions: 2 });
      const cases: Array<[() => unknown, RegExp]> = [
        [() => mock.pushRequestErrors('Produc', ['REQUEST_TIMED_OUT']), /'Produc' is not a Kafka API name/],
        [() => mock.pushRequestErrors('produce', ['REQUEST_TIMED_OUT']), /did you mean 'Produce'/],
        [() => mock.pushRequestErrors(62, ['REQUEST_TIMED_OUT']), /62 is not a Kafka API key/],
        [() => mock.pushRequestErrors('Produce', ['NOT_A_CODE']), /'NOT_A_CODE' is not an error name/],
        [() => mock.pushRequestErrors('Produce', ['request_timed_out']), /did you mean 'REQUEST_TIMED_OUT'/],
        [() => mock.pushRequestErrors('Produce', [123_456]), /123456 is not an error code/],
        [() => mock.pushRequestErrors('Produce', []), /non-empty array/],
        [() => mock.setBrokerDown(3), /broker 3 is out of range: this mock cluster has brokers 1 to 2/],
        [() => mock.setRtt(0, 10), /broker 0 is out of range/],
        [() => mock.setRtt(1, -1), /rttMs must be an integer .* not -1/],
        [() => mock.pushBrokerRequestErrors(9, 'Produce', ['REQUEST_TIMED_OUT']), /broker 9 is out of range/],
        [() => mock.setPartitionLeader('t', 2, 1), /partition 2 of topic 't' is out of range: it has partitions 0 to 1/],
        [() => mock.setPartitionLeader('t', -1, 1), /partition -1 of topic 't'/],
        [() => mock.setPartitionLeader('t', 0, 5), /broker 5 is out of range/],
        [() => mock.setCoordinator('transaction', 'tx', 7), /broker 7 is out of range/],
        [() => mock.setCoordinator('txn' as 'transaction', 'tx', 1), /'transaction' or 'group', not "txn"/],
        [() => mock.setTopicError('', 'TOPIC_AUTHORIZATION_FAILED'), /invalid topic "": a topic name is 1 to 249 characters/],
      ];
      for (const [call, message] of cases) {
        expect(call).toThrow(KafkaArgumentError);
        expect(call).toThrow(message);
      }
      await expect(mock.createTopic('t')).rejects.toThrow(/topic 't' already exists/);
      await expect(mock.createTopic('u', { replicationFactor: 3 })).rejects.toThrow(
        /replicationFactor of topic 'u' must be an integer from 1 to the number of brokers \(2\), not 3/,
      );
      await expect(mock.createTopic('u', { partitions: 0 })).rejects.toThrow(KafkaArgumentError);
      // A topic not created here: the mock creates it with partition + 1 partitions, then knows its range.
      mock.setPartitionLeader('never-created', 99, 1);
      expect(() => mock.setPartitionLeader('never-created', 100, 1)).toThrow(KafkaError);
      expect(() => mock.setPartitionLeader('never-created', 100, 1)).toThrow(/topic 'never-created' has no partition 100/);
      // Names as KafkaError.type gives them, librdkafka's own spelling, aliases and numbers are all accepted.
      mock.pushRequestErrors('ApiVersions', ['TRANSPORT', '_TRANSPORT', 'NOT_LEADER_OR_FOLLOWER', 'NOT_LEADER_FOR_PARTITION', 7, -1]);
      mock.clearRequestErrors('ApiVersions');
    } finally {
      await mock.stop();
    }
  });

  it('stop() is idempotent; any other call afterwards throws MockClusterStoppedError', async () => {
    const mock = await MockCluster.start({ brokers: 1 });
    const first = mock.stop();
    expect(mock.stop()).toBe(first);
    await first;
    await mock.stop();
    expect(mock.stopped).toBe(true);
    expect(() => mock.setBrokerDown(1)).toThrow(MockClusterStoppedError);
    expect(() => mock.requests()).toThrow(/requests: the mock cluster is stopped/);
    await expect(mock.createTopic('x')).rejects.toThrow(MockClusterStoppedError);
    expect(() => mock.pushRequestErrors('Produce', ['REQUEST_TIMED_OUT'])).toThrow(expect.objectContaining({ type: 'MOCK_CLUSTER_STOPPED' }));
  });

  it('leaks no thread and no file descriptor across 50 start/stop cycles', async () => {
    // One cycle first: whatever the first use starts once (libuv's pool, the addon) is not a leak.
    await (await MockCluster.start({ brokers: 3 })).stop();
    const threads = await settled(threadCount);
    const fds = await settled(fdCount);
    for (let cycle = 0; cycle < 50; cycle += 1) {
      const mock = await MockCluster.start({ brokers: 3 });
      await mock.createTopic('t', { partitions: 2, replicationFactor: 3 });
      await mock.stop();
    }
    expect(await settled(threadCount)).toBe(threads);
    expect(await settled(fdCount)).toBe(fds);
  });

  it('runs inside the addon, over its librdkafka: no second librdkafka is loaded', async () => {
    const mock = await MockCluster.start({ brokers: 1 });
    try {
      const mapped = new Set(
        readFileSync('/proc/self/maps', 'utf8')
          .split('\n')
          .map((line) => line.split(/\s+/)[5] ?? '')
          .filter((path) => /rdkafka|ferrokafka.*\.node$/.test(path)),
      );
      expect([...mapped].map((path) => path.replace(`${dirname(path)}/`, ''))).toEqual([expect.stringMatching(/^ferrokafka\..*\.node$/)]);
    } finally {
      await mock.stop();
    }
  });

  it('does not keep the process alive: a mock never stopped still lets it exit', () => {
    const started = performance.now();
    const child = runScript(`
      import { MockCluster } from 'ferrokafka/testing';
      const mock = await MockCluster.start({ brokers: 3 });
      await mock.createTopic('t', { partitions: 3 });
      console.log('started ' + mock.bootstrapServers);
    `);
    expect(child.error).toBeUndefined();
    expect(child.stdout).toMatch(/^started 127\.0\.0\.1:/);
    expect(child.status).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a mock dropped without stop() is destroyed once collected: its threads end', () => {
    const child = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--input-type=module',
        '-e',
        `
        import { readdirSync } from 'node:fs';
        import { MockCluster } from 'ferrokafka/testing';
        const threads = () => readdirSync('/proc/self/task').length;
        await (await MockCluster.start({ brokers: 1 })).stop();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const before = threads();
        for (let i = 0; i < 5; i += 1) await MockCluster.start({ brokers: 3 });
        const started = threads();
        let after = started;
        for (let round = 0; round < 50 && after > before; round += 1) {
          globalThis.gc();
          await new Promise((resolve) => setTimeout(resolve, 50));
          after = threads();
        }
        console.log(JSON.stringify({ before, started, after }));
      `,
      ],
      { cwd: root, encoding: 'utf8', timeout: 20_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    const { before, started, after } = JSON.parse(child.stdout) as { before: number; started: number; after: number };
    expect(started).toBeGreaterThan(before);
    expect(after).toBe(before);
  });

  it('needs no Java: a record goes through with no java on the PATH and no JAVA_HOME', () => {
    const child = runScript(
      `
      import { Producer } from 'ferrokafka';
      import { MockCluster } from 'ferrokafka/testing';
      const mock = await MockCluster.start({ brokers: 1 });
      const producer = new Producer({ bootstrapServers: mock.bootstrapServers });
      const { offset } = await producer.send({ topic: 'no-java', value: 'v' });
      await producer.close();
      await mock.stop();
      console.log('offset ' + offset);
    `,
      { PATH: dirname(process.execPath) },
    );
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('offset 0');
    expect(child.status).toBe(0);
  });
});
