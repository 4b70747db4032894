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

describe('connections and brokers', () => {
  // One request in flight where connections drop: with more, a batch sent after a possibly written one
  // meets the mock's sequence check, and librdkafka (rightly) makes the transaction abortable
  // ("skipped sequence numbers"), which these cases are not about.
  it('transport errors (connections closed on produce requests): retried, each record once, in order', async () => {
    current = await startFaultCase({ transactional: true, producer: { maxInFlight: 1 } });
    const { mock, run, topic } = current;
    mock.startRequestTracking();
    mock.pushRequestErrors('Produce', ['TRANSPORT', 'TRANSPORT', 'TRANSPORT']);
    run.produce(120);
    await run.settled();
    await current.commit();
    assertFaultInvariants(run, await readBack(mock, topic), { allDelivered: true, mockAcksDuplicatesWithoutOffset: true });
    expect(mock.requests().filter((request) => request.api === 'Produce').length).toBeGreaterThan(3);
  });

  it('leader moves while records are in flight: each record once, in order', async () => {
    current = await startFaultCase({ transactional: true, producer: { maxInFlight: 5 } });
    const { mock, run, topic } = current;
    for (let round = 0; round < 6; round += 1) {
      run.produce(30);
      await sleep(30);
      // Every partition moves to the next broker.
      for (let partition = 0; partition < 3; partition += 1) mock.setPartitionLeader(topic, partition, ((partition + round) % 3) + 1);
    }
    await run.settled();
    await current.commit();
    assertFaultInvariants(run, await readBack(mock, topic), { allDelivered: true, mockAcksDuplicatesWithoutOffset: true });
  });

  it('a broker down and up again: each record once, in order', async () => {
    current = await startFaultCase({ transactional: true, producer: { maxInFlight: 1 } });
    const { mock, run, topic } = current;
    mock.setPartitionLeader(topic, 0, 1);
    mock.setPartitionLeader(topic, 1, 2);
    mock.setPartitionLeader(topic, 2, 3);
    run.produce(60);
    mock.setBrokerDown(2);
    run.produce(60);
    await sleep(400);
    mock.setBrokerUp(2);
    run.produce(60);
    await run.settled();
    await current.commit();
    assertFaultInvariants(run, await readBack(mock, topic), { allDelivered: true, mockAcksDuplicatesWithoutOffset: true });
  });

  it('all brokers down, then back: records wait and are delivered once, in order', async () => {
    current = await startFaultCase({ transactional: true, producer: { maxInFlight: 5 } });
    const { mock, run, topic } = current;
    run.produce(30);
    await run.settled();
    for (const broker of mock.brokerIds) mock.setBrokerDown(broker);
    run.produce(90);
    await sleep(600);
    expect(run.records.filter((record) => record.reports.length > 0)).toHaveLength(30);
    for (const broker of mock.brokerIds) mock.setBrokerUp(broker);
    await run.settled();
    await current.commit();
    assertFaultInvariants(run, await readBack(mock, topic), { allDelivered: true, mockAcksDuplicatesWithoutOffset: true });
  });
});
