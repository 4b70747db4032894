// @ts-check
// What the memory checkers run: the native code's three lives of a producer, each checked for
// the outcome it must have, so a run that silently did nothing cannot pass.
//   1. produce/flush/close: records through send(), sendBatch() and produce(), then flush and close;
//   2. a transaction: init, a committed and an aborted transaction, close;
//   3. a purge: close with records still in flight (a long linger keeps them queued).
// Env: BROKERS, TOPIC; LEAK_CONTROL=1 adds a leak on purpose. Prints one JSON line with what happened; exits non-zero on a wrong outcome.
import { randomUUID } from 'node:crypto';

import { Producer } from 'ferrokafka';

const brokers = process.env.BROKERS ?? '';
const topic = process.env.TOPIC ?? '';
if (brokers === '' || topic === '') throw new Error('workload.mjs needs BROKERS and TOPIC');
const logger = () => undefined;

/** @param {boolean} ok @param {string} what */
function check(ok, what) {
  if (!ok) throw new Error(`workload: ${what}`);
}

async function produceFlushClose() {
  const producer = new Producer({ bootstrapServers: brokers, lingerMs: 5, logger });
  const sends = [];
  for (let i = 0; i < 300; i++) sends.push(producer.send({ topic, key: `k${i}`, value: `value ${i}`, headers: { i: String(i) } }));
  const batch = producer.sendBatch(Array.from({ length: 200 }, (_, i) => ({ topic, value: Buffer.alloc(100, i) })));
  let callbacks = 0;
  for (let i = 0; i < 300; i++) producer.produce({ topic, value: `p${i}` }, (error) => (callbacks += error === null ? 1 : 0));
  await producer.flush({ timeoutMs: 30_000 });
  const delivered = (await Promise.all(sends)).length + (await batch).length;
  const undelivered = await producer.close({ timeoutMs: 10_000 });
  check(delivered === 500 && callbacks === 300 && undelivered.length === 0, `produce/flush/close: ${delivered}/500 sent, ${callbacks}/300 produced`);
  return { delivered: delivered + callbacks };
}

async function transaction() {
  const producer = new Producer({ bootstrapServers: brokers, transactionalId: `check-${randomUUID()}`, logger });
  await producer.initTransactions({ timeoutMs: 60_000 });
  producer.beginTransaction();
  const committed = await Promise.all(Array.from({ length: 100 }, (_, i) => producer.send({ topic, value: `committed ${i}` })));
  await producer.commitTransaction({ timeoutMs: 30_000 });
  producer.beginTransaction();
  const aborted = Array.from({ length: 50 }, (_, i) =>
    producer.send({ topic, value: `aborted ${i}` }).then(
      () => 'sent',
      () => 'failed',
    ),
  );
  await producer.flush({ timeoutMs: 30_000 });
  await producer.abortTransaction({ timeoutMs: 30_000 });
  const abortedOutcomes = await Promise.all(aborted);
  const undelivered = await producer.close({ timeoutMs: 10_000 });
  check(committed.length === 100 && abortedOutcomes.length === 50 && undelivered.length === 0, 'transaction: wrong outcome');
  return { committed: committed.length, abortedReported: abortedOutcomes.length };
}

async function purge() {
  // A 60 s linger keeps every record in librdkafka's queue; close(1 ms) must purge and report them all.
  const producer = new Producer({ bootstrapServers: brokers, lingerMs: 60_000, logger });
  const outcomes = Array.from({ length: 500 }, (_, i) =>
    producer.send({ topic, key: `purge ${i}`, value: Buffer.alloc(200, i) }).then(
      () => 'delivered',
      () => 'failed',
    ),
  );
  const undelivered = await producer.close({ timeoutMs: 1 });
  const failed = (await Promise.all(outcomes)).filter((outcome) => outcome === 'failed').length;
  check(undelivered.length === 500 && failed === 500, `purge: ${undelivered.length}/500 returned by close, ${failed}/500 rejected`);
  return { purged: undelivered.length };
}

const started = Date.now();
const result = { produceFlushClose: await produceFlushClose(), transaction: await transaction(), purge: await purge() };
console.log(JSON.stringify({ ...result, seconds: Math.round((Date.now() - started) / 1000) }));
if (process.env.LEAK_CONTROL === '1') {
  // The negative control (check.mjs --control): a producer never closed, its librdkafka instance
  // abandoned at exit, which the checker must report.
  const abandoned = new Producer({ bootstrapServers: brokers, lingerMs: 60_000, logger });
  for (let i = 0; i < 10; i++) abandoned.produce({ topic, value: 'abandoned' });
  setTimeout(() => process.exit(0), 500);
}
