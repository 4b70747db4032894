import { afterEach, describe, expect, it } from 'vitest';

import { assertFaultInvariants } from './helpers/fault-run.js';
import { type FaultCase, startFaultCase } from './helpers/fault-case.js';
import { readBack } from './helpers/read-back.js';

let current: FaultCase | undefined;
afterEach(async () => {
  await current?.end();
  current = undefined;
});

describe('retriable produce errors', () => {
  // Each code answers a run of produce requests (whichever broker leads), then the mock answers normally.
  it.each([
    'NOT_LEADER_OR_FOLLOWER',
    'NOT_ENOUGH_REPLICAS',
    'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
    'REQUEST_TIMED_OUT',
    'LEADER_NOT_AVAILABLE',
    'KAFKA_STORAGE_ERROR',
    'UNKNOWN_TOPIC_OR_PART',
  ])('%s: retried until delivered, each record once, in order', async (code) => {
    // One request in flight: after a possibly written batch (REQUEST_TIMED_OUT, ..._AFTER_APPEND), a batch
    // behind it meets a sequence gap and librdkafka makes the transaction abortable; the depth of
    // the pipeline is the lost-response cases' subject.
    current = await startFaultCase({ transactional: true, producer: { maxInFlight: 1 } });
    const { mock, run, topic } = current;
    mock.startRequestTracking();
    mock.pushRequestErrors(
      'Produce',
      Array.from({ length: 4 }, () => code),
    );
    run.produce(120);
    await run.settled();
    await current.commit();
    assertFaultInvariants(run, await readBack(mock, topic), { allDelivered: true });
    // The errors were really answered: more produce requests than a clean run needs (one per partition, or a few).
    expect(mock.requests().filter((request) => request.api === 'Produce').length).toBeGreaterThan(4);
  });

  // A code brokers never put in a produce answer (Java raises it locally): librdkafka fails the
  // batch instead of retrying it. Each record still gets one outcome, retriable, and none is written.
  it('NETWORK_EXCEPTION in a produce answer: each record fails once, retriable and not persisted', async () => {
    current = await startFaultCase();
    const { mock, run, topic } = current;
    mock.pushRequestErrors(
      'Produce',
      Array.from({ length: 200 }, () => 'NETWORK_EXCEPTION'),
    );
    run.produce(30);
    await run.settled();
    const log = await readBack(mock, topic);
    assertFaultInvariants(run, log);
    expect(log).toEqual([]);
    expect(new Set(run.failed().map(({ error }) => `${error.type} retriable=${error.retriable} ${error.persistence}`))).toEqual(
      new Set(['NETWORK_EXCEPTION retriable=true not-persisted']),
    );
    expect(run.failed()).toHaveLength(30);
  });
});
