import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { KafkaArgumentError } from '../../lib/index.js';
import { MockCluster } from '../../lib/testing/index.js';

/** Arguments that reached librdkafka wrapped, crashed it, or failed with an untyped error. */
describe('MockCluster argument checks', () => {
  let mock: MockCluster;
  beforeAll(async () => {
    mock = await MockCluster.start({ brokers: 3 });
    await mock.createTopic('known', { partitions: 2 });
  });
  afterAll(async () => {
    await mock.stop();
  });

  function argumentError(call: () => unknown, message: RegExp): void {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KafkaArgumentError);
    expect((thrown as Error).message).toMatch(message);
  }

  it('refuses options that are not an object, null fields and misspelt fields, naming them', async () => {
    for (const options of [null, 'three', 5, []]) {
      await expect(MockCluster.start(options as never)).rejects.toThrow(/MockCluster\.start options must be an object/);
    }
    await expect(MockCluster.start({ brokers: null } as never)).rejects.toThrow(/brokers must be an integer from 1 to 64, not null/);
    await expect(MockCluster.start({ broker: 1 } as never)).rejects.toThrow(/unknown field 'broker' .*did you mean 'brokers'/);
    await expect(mock.createTopic('t', null as never)).rejects.toThrow(KafkaArgumentError);
    await expect(mock.createTopic('t', { partitions: null } as never)).rejects.toThrow(/partitions of topic 't' must be an integer .* not null/);
    await expect(mock.createTopic('t', { partition: 3 } as never)).rejects.toThrow(/unknown field 'partition' .*did you mean 'partitions'/);
    argumentError(
      () => mock.pushBrokerRequestErrors(1, 'Produce', ['NO_ERROR', { error: 'NO_ERROR', rtt: 100 } as never]),
      /unknown field 'rtt' in error 1 .*did you mean 'rttMs'/,
    );
  });

  it('refuses API keys beyond int16 instead of wrapping them to another API (2 ** 32 is not Produce)', () => {
    for (const key of [2 ** 32, 2 ** 32 + 3, 2 ** 40, 0x8000]) {
      argumentError(() => mock.pushRequestErrors(key, ['REQUEST_TIMED_OUT']), new RegExp(`${key} is not a Kafka API key`));
      argumentError(() => mock.clearRequestErrors(key), new RegExp(`${key} is not a Kafka API key`));
    }
  });

  it('bounds the partition of a topic it does not know: no wrap to partition 0, no crash allocating 2 ** 31 partitions', () => {
    argumentError(() => mock.setPartitionLeader('fresh', 2 ** 32, 1), /partition 4294967296 of topic 'fresh' is out of range: .* 0 to 99999/);
    argumentError(() => mock.setPartitionLeader('fresh', 2 ** 31 - 2, 1), /partition 2147483646 of topic 'fresh' is out of range/);
    argumentError(() => mock.setPartitionLeader('known', 2, 1), /it has partitions 0 to 1/);
    mock.setPartitionLeader('fresh', 3, 2);
  });

  it('refuses a partition without a leader: a Produce to one crashed the process inside librdkafka 2.12.1\'s mock', () => {
    // Typed as a number; a JavaScript caller (or a cast) can still pass null.
    const noLeader = null as unknown as number;
    argumentError(() => mock.setPartitionLeader('known', 0, noLeader), /setPartitionLeader\('known', 0, null\): a partition without a leader crashes .* setBrokerDown\(\)/);
  });

  it("refuses topic names Kafka refuses: one above 32767 bytes corrupted the mock's metadata answers", async () => {
    await expect(mock.createTopic('x'.repeat(40_000))).rejects.toThrow(/invalid topic a string of 40000 characters: a topic name is 1 to 249/);
    await expect(mock.createTopic('x'.repeat(250))).rejects.toThrow(KafkaArgumentError);
    argumentError(() => mock.setTopicError('orders 2024', 'NO_ERROR'), /invalid topic "orders 2024"/);
    argumentError(() => mock.setPartitionLeader('..', 0, 1), /invalid topic "\.\."/);
    await mock.createTopic('x'.repeat(249));
  });

  it('names a hole in an errors array instead of failing in the addon with an untyped error', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested
    argumentError(() => mock.pushRequestErrors('Produce', [, 'REQUEST_TIMED_OUT'] as string[]), /errors has a hole at index 0/);
    argumentError(() => mock.pushRequestErrors('Produce', new Array(3)), /errors has a hole at index 0/);
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested
    argumentError(() => mock.pushBrokerRequestErrors(1, 'Produce', ['NO_ERROR', , 'NO_ERROR'] as string[]), /errors has a hole at index 1/);
  });

  it('names a coordinator key with a NUL byte in a KafkaArgumentError', () => {
    argumentError(() => mock.setCoordinator('group', 'a\0b', 1), /coordinator key is a non-empty string without NUL bytes/);
  });
});
