import { afterEach, describe, expect, it } from 'vitest';

import { assertFaultInvariants } from './helpers/fault-run.js';
import { type FaultCase, startFaultCase } from './helpers/fault-case.js';
import { readBack } from './helpers/read-back.js';

let current: FaultCase | undefined;
afterEach(async () => {
  await current?.end();
  current = undefined;
});

describe('delivery timeouts', () => {
  it('every broker down past the delivery timeout: each record fails once, MSG_TIMED_OUT, not persisted (never sent)', async () => {
    current = await startFaultCase({ producer: { deliveryTimeoutMs: 1_500 } });
    const { mock, run, topic } = current;
    // Connected, with metadata, before the brokers go down (a delivery timeout the first connection meets even on a busy machine).
    run.produce(6);
    await run.settled();
    expect(run.failed()).toEqual([]);
    for (const broker of mock.brokerIds) mock.setBrokerDown(broker);
    run.produce(60);
    await run.settled();
    for (const broker of mock.brokerIds) mock.setBrokerUp(broker);
    const failures = run.failed();
    expect(failures).toHaveLength(60);
    expect(new Set(failures.map(({ error }) => `${error.type} ${error.persistence} retriable=${error.retriable}`))).toEqual(
      new Set(['MSG_TIMED_OUT not-persisted retriable=true']),
    );
    assertFaultInvariants(run, await readBack(mock, topic));
  });

  it('slow brokers (round trip above the delivery timeout): records in flight fail once as possibly persisted, and may be in the log', async () => {
    current = await startFaultCase({ producer: { deliveryTimeoutMs: 1_500, lingerMs: 0 } });
    const { mock, run, topic } = current;
    // Connected, with metadata, before the brokers slow down: the next batches are sent at once.
    run.produce(6);
    await run.settled();
    expect(run.failed()).toEqual([]);
    for (const broker of mock.brokerIds) mock.setRtt(broker, 3_000);
    run.produce(60);
    await run.settled();
    for (const broker of mock.brokerIds) mock.setRtt(broker, 0);
    const failures = run.failed();
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map(({ error }) => error.type))).toEqual(new Set(['MSG_TIMED_OUT']));
    // The batches reached the brokers (which write first and answer late): librdkafka cannot know, so they are possibly persisted.
    const log = await readBack(mock, topic);
    const written = new Set(log.map((entry) => `${entry.key}#${entry.seq}`));
    for (const failure of failures.filter(({ key, seq }) => written.has(`${key}#${seq}`))) {
      expect(failure.error.persistence, `${failure.key}#${failure.seq}`).toBe('possibly-persisted');
      expect(failure.error.possiblyPersisted).toBe(true);
    }
    expect(written.size).toBeGreaterThan(0);
    assertFaultInvariants(run, log);
  });
});
