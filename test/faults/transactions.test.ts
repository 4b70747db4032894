import { afterEach, describe, expect, it } from 'vitest';

import { assertFaultInvariants } from './helpers/fault-run.js';
import { type FaultCase, startFaultCase } from './helpers/fault-case.js';
import { readBack } from './helpers/read-back.js';

let current: FaultCase | undefined;
afterEach(async () => {
  await current?.end();
  current = undefined;
});

const COORDINATOR_ERRORS = ['COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR', 'CONCURRENT_TRANSACTIONS', 'COORDINATOR_LOAD_IN_PROGRESS'];

// librdkafka 2.12.1's mock writes no transaction markers and its Fetch ignores isolation, so what
// an abort leaves in the log is read back like committed records: these cases check the outcomes,
// the log's integrity and that the producer goes on with the next transaction.
describe('transaction coordinator faults', () => {
  it('initTransactions while the coordinator is loading or away: retried until it has a producer id', async () => {
    current = await startFaultCase({ producer: { transactionalId: 'init-faults' } });
    const { mock, producer, run, topic } = current;
    mock.pushRequestErrors('FindCoordinator', ['COORDINATOR_NOT_AVAILABLE']);
    mock.pushRequestErrors('InitProducerId', ['COORDINATOR_LOAD_IN_PROGRESS', 'CONCURRENT_TRANSACTIONS']);
    await producer.initTransactions();
    producer.beginTransaction();
    run.produce(30);
    await run.settled();
    await producer.commitTransaction();
    assertFaultInvariants(run, await readBack(mock, topic), { allDelivered: true });
  });

  describe.each(['commit', 'abort'] as const)('%s', (ending) => {
    it.each(COORDINATOR_ERRORS)(`${ending} answered %s twice: retried, the producer goes on`, async (code) => {
      const transactionalId = `tx-${ending}-${code}`;
      current = await startFaultCase({ producer: { transactionalId } });
      const { mock, producer, run, topic } = current;
      mock.startRequestTracking();
      await producer.initTransactions();
      producer.beginTransaction();
      run.produce(30);
      await run.settled();
      // NOT_COORDINATOR: the coordinator really moved, the producer has to find the new one.
      if (code === 'NOT_COORDINATOR') mock.setCoordinator('transaction', transactionalId, 3);
      mock.pushRequestErrors('EndTxn', [code, code]);
      if (ending === 'commit') await producer.commitTransaction();
      else await producer.abortTransaction();
      expect(mock.requests().filter((request) => request.api === 'EndTxn').length).toBe(3);
      // The next transaction works.
      producer.beginTransaction();
      run.produce(30);
      await run.settled();
      await producer.commitTransaction();
      assertFaultInvariants(run, await readBack(mock, topic), { allDelivered: true });
    });
  });
});
