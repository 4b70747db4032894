import { afterEach, describe, expect, it } from 'vitest';

import { assertFaultInvariants, parseValue } from './helpers/fault-run.js';
import { type FaultCase, startFaultCase } from './helpers/fault-case.js';
import { readBack } from './helpers/read-back.js';

let current: FaultCase | undefined;
afterEach(async () => {
  await current?.end();
  current = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('close and backpressure under faults', () => {
  it('close() while requests are in flight: purged records fail once, each in the undelivered list, none reported lost that was written', async () => {
    current = await startFaultCase({ producer: { lingerMs: 0 } });
    const { mock, producer, run, topic } = current;
    run.produce(6);
    await run.settled();
    for (const broker of mock.brokerIds) mock.setRtt(broker, 1_500);
    run.produce(60);
    await sleep(150);
    const undelivered = await producer.close({ timeoutMs: 200 });
    for (const broker of mock.brokerIds) mock.setRtt(broker, 0);
    await run.settled();
    const failures = run.failed();
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map(({ error }) => error.type))).toSatisfy((types: Set<string>) =>
      [...types].every((type) => type === 'PURGE_INFLIGHT' || type === 'PURGE_QUEUE'),
    );
    // In flight: maybe written. Still queued: not sent.
    for (const { error } of failures) expect(error.persistence).toBe(error.type === 'PURGE_QUEUE' ? 'not-persisted' : 'possibly-persisted');
    // close() lists exactly the records that failed, once each, with their bytes.
    const listed = undelivered.map(({ record }) => record.value?.toString() ?? '').sort();
    expect(listed).toEqual(failures.map(({ key, seq }) => `${key}#${seq}`).sort());
    expect(undelivered.every(({ record }) => parseValue(record.value?.toString() ?? '').key === record.key?.toString())).toBe(true);
    assertFaultInvariants(run, await readBack(mock, topic));
  });

  it('a small local queue with retriable errors and a slow broker: records wait in order, each delivered once', async () => {
    // One request in flight: with more, a retriable error on the first makes the broker refuse the
    // ones behind it as out of sequence, and librdkafka then bumps the epoch, which a transactional
    // producer can only do by aborting ("skipped sequence numbers"): right, but not this case's subject.
    current = await startFaultCase({ transactional: true, producer: { queueMaxMessages: 16, lingerMs: 0, maxInFlight: 1 } });
    const { mock, run, topic } = current;
    mock.setRtt(2, 60);
    // Errors after which nothing was written: a possibly written batch (REQUEST_TIMED_OUT) with more behind it
    // makes the transaction abortable, which this case is not about.
    mock.pushRequestErrors('Produce', ['NOT_ENOUGH_REPLICAS', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_OR_FOLLOWER', 'NOT_ENOUGH_REPLICAS']);
    run.produce(400, 8);
    await run.settled(30_000);
    await current.commit();
    assertFaultInvariants(run, await readBack(mock, topic), { allDelivered: true });
    expect(run.records).toHaveLength(400);
  });
});
