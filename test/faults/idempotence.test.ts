import { afterEach, describe, expect, it } from 'vitest';

import { KafkaClosedError, type KafkaError } from '../../lib/index.js';
import { assertFaultInvariants } from './helpers/fault-run.js';
import { type FaultCase, startFaultCase } from './helpers/fault-case.js';
import { readBack } from './helpers/read-back.js';

let current: FaultCase | undefined;
afterEach(async () => {
  await current?.end();
  current = undefined;
});

describe('idempotence', () => {
  // As librdkafka's 0144 test: the head-of-line batch answered OUT_OF_ORDER_SEQUENCE_NUMBER means the
  // broker and producer disagree on sequence numbers, which librdkafka treats as fatal.
  it('sequence desynchronization is fatal: reported as such, every record one outcome, sends refused afterwards', async () => {
    current = await startFaultCase({ partitions: 1 });
    const { mock, producer, run, topic } = current;
    const errors: KafkaError[] = [];
    producer.on('error', (error: KafkaError) => errors.push(error));
    run.produce(6);
    await run.settled();
    expect(run.failed()).toEqual([]);
    mock.pushRequestErrors('Produce', ['OUT_OF_ORDER_SEQUENCE_NUMBER']);
    run.produce(30);
    await run.settled();
    expect(errors.filter((error) => error.fatal).length).toBeGreaterThanOrEqual(1);
    const failures = run.failed();
    expect(failures.length).toBeGreaterThan(0);
    // Each failed record says so itself, so code that only looks at its records learns the producer is dead.
    expect(failures.filter(({ error }) => !error.fatal).map(({ key, seq, error }) => `${key}#${seq}: ${error.type} ${error.message}`)).toEqual([]);
    expect(failures[0]?.error.message).toMatch(/the producer hit a fatal error and must be recreated/);
    expect(producer.isOpen).toBe(false);
    expect(() => producer.produce({ topic, key: 'k0', value: 'late' })).toThrow(KafkaClosedError);
    expect(() => producer.produce({ topic, key: 'k0', value: 'late' })).toThrow(/fatal error/);
    await expect(producer.send({ topic, value: 'late' })).rejects.toThrow(KafkaClosedError);
    assertFaultInvariants(run, await readBack(mock, topic));
  });

  // UNKNOWN_PRODUCER_ID with nothing possibly persisted: librdkafka resets the producer id and retries (no risk of duplicates).
  it('UNKNOWN_PRODUCER_ID on a first attempt (nothing possibly persisted): retried, each record delivered once, in order', async () => {
    current = await startFaultCase({ partitions: 1 });
    const { mock, run, topic } = current;
    mock.startRequestTracking();
    run.produce(6);
    await run.settled();
    mock.pushRequestErrors('Produce', ['UNKNOWN_PRODUCER_ID']);
    run.produce(30);
    await run.settled();
    assertFaultInvariants(run, await readBack(mock, topic), { allDelivered: true });
    expect(mock.requests().filter((request) => request.api === 'Produce').length).toBeGreaterThanOrEqual(2);
  });
});
