import { afterEach, describe, expect, it } from 'vitest';

import { assertFaultInvariants } from './helpers/fault-run.js';
import { type FaultCase, startFaultCase } from './helpers/fault-case.js';
import { readBack } from './helpers/read-back.js';

let current: FaultCase | undefined;
afterEach(async () => {
  await current?.end();
  current = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Provokes `inFlight` lost responses as librdkafka's own idempotence tests do: the leader
 * appends each of the next `inFlight` one-record batches but holds its answer for 750 ms, and
 * goes down 250 ms later, so the connection (and the answers) are lost with the batches written.
 * Then the leader comes back and the producer retries them.
 */
async function loseResponses(testCase: FaultCase, inFlight: number): Promise<void> {
  const { mock, run } = testCase;
  run.produce(5, 5);
  await run.settled();
  mock.pushBrokerRequestErrors(
    1,
    'Produce',
    Array.from({ length: inFlight }, () => ({ error: 'NO_ERROR', rttMs: 750 })),
  );
  run.produce(inFlight, 5);
  await sleep(250);
  mock.setBrokerDown(1);
  await sleep(250);
  run.produce(10, 5);
  mock.setBrokerUp(1);
  await run.settled();
}

// What librdkafka 2.12.1's mock does with a retried batch it already holds (found by these cases):
// - it checks producer ids and sequence numbers only when a produce request carries a transactional
//   id, so for a plain idempotent producer it writes the retry again (last case below);
// - for a transactional producer it drops a retried batch as a duplicate and acknowledges it with
//   offset -1 (a real broker returns the first write's offset; ferrokafka reports what it answered);
// - with two or more lost batches of one partition, it drops the first retry but writes later
//   ones again (seen: of k0#1 and k1#1, k1#1 ended up at offsets 6 and 7, acknowledged at 7).
//   A real broker de-duplicates the last five batches. So from two in flight on, duplicates in the
//   mock's log are the mock's, and the cases check everything else: one outcome per record, each
//   acknowledged offset holding that record, order per key.
describe('lost responses (batches written, answers lost with the connection)', () => {
  it.each([1, 2, 3, 4, 5])('%i request(s) in flight: each record one outcome, at its offset, in order', async (inFlight) => {
    current = await startFaultCase({
      partitions: 1,
      producer: { transactionalId: `lost-${inFlight}`, maxInFlight: 5, lingerMs: 0, batchNumMessages: 1 },
    });
    const { mock, producer, run, topic } = current;
    mock.setPartitionLeader(topic, 0, 1);
    await producer.initTransactions();
    producer.beginTransaction();
    mock.startRequestTracking();
    await loseResponses(current, inFlight);
    await producer.commitTransaction();
    const log = await readBack(mock, topic);
    assertFaultInvariants(run, log, { allDelivered: true, mockAcksDuplicatesWithoutOffset: true, mockMayDuplicate: inFlight > 1 });
    // The lost batches really were sent again: more produce requests than records.
    const produces = mock.requests().filter((request) => request.api === 'Produce').length;
    expect(produces).toBeGreaterThan(run.records.length - 5);
    if (inFlight === 1) expect(log).toHaveLength(run.records.length);
  });

  // What the mock does without a transactional id: the retry is written a second time. ferrokafka
  // still reports each record once, at an offset that holds it, in order.
  it('idempotent (not transactional) producer: one outcome each; the mock writes the retried batches again', async () => {
    current = await startFaultCase({ partitions: 1, producer: { maxInFlight: 5, lingerMs: 0, batchNumMessages: 1 } });
    const { mock, run, topic } = current;
    mock.setPartitionLeader(topic, 0, 1);
    await loseResponses(current, 3);
    const log = await readBack(mock, topic);
    assertFaultInvariants(run, log, { allDelivered: true, mockMayDuplicate: true });
    expect(log.length).toBeGreaterThan(run.records.length);
  });
});
