// @ts-check
// Consume-transform-produce, exactly once: a KafkaJS consumer reads orders from an input topic,
// each batch is transformed and written by a transactional ferrokafka producer, and the
// consumer's offsets are committed in the same transaction (sendOffsetsToTransaction). A
// read_committed reader of the output sees every input record exactly once, even if this
// process crashes half way (the open transaction is then aborted, and the batch is read again).
//
// To be self-contained it first writes EXAMPLE_RECORDS orders (default 1,000) to the input topic
// `<EXAMPLE_TOPIC>-input`; the output topic is EXAMPLE_TOPIC (default orders-priced). Uses
// KAFKA_BOOTSTRAP_SERVERS if set, otherwise starts a local broker. Its last line is a JSON summary.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Producer, serializers } from 'ferrokafka';
import { startKafka } from 'ferrokafka/testing';

const outputTopic = process.env.EXAMPLE_TOPIC ?? 'orders-priced';
const inputTopic = `${outputTopic}-input`;
const orders = Number(process.env.EXAMPLE_RECORDS ?? 1_000);
const groupId = `pricing-${randomUUID().slice(0, 8)}`;
const VAT = 0.2;
/** A stuck pipeline fails instead of hanging (the records themselves take a few seconds). */
const DEADLINE_MS = 60_000;

const kafka = await startKafka();
const brokers = kafka.bootstrapServers.split(',');
// KafkaJS logs retriable coordinator errors of a fresh broker as errors: crashes are reported below instead.
const kafkajs = new Kafka({ clientId: 'ferrokafka-pipeline', brokers, logLevel: logLevel.NOTHING });
let exitCode = 1;
let committed = 0;
let transactions = 0;
try {
  await createTopics(kafkajs, [inputTopic, outputTopic]);
  await writeInput();

  // The transactional producer: a stable transactionalId per pipeline instance (here a fresh one,
  // so that runs do not fence each other); it implies idempotence and acks=all.
  const producer = new Producer({
    bootstrapServers: kafka.bootstrapServers,
    clientId: 'ferrokafka-pipeline',
    transactionalId: `pricing-pipeline-${groupId}`,
    keySerializer: serializers.string,
    valueSerializer: serializers.json,
  });
  await producer.initTransactions();

  // read_committed input, no auto-commit: offsets are committed by the producer's transaction.
  const consumer = kafkajs.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: inputTopic, fromBeginning: true });
    /** @type {() => void} */
    let finished = () => {};
    /** @type {(error: Error) => void} */
    let crashed = () => {};
    const done = new Promise((resolve, reject) => {
      finished = () => resolve(undefined);
      crashed = reject;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) crashed(payload.error);
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        if (batch.messages.length === 0) return;
        producer.beginTransaction();
        try {
          await producer.sendBatch(
            batch.messages.map((message) => ({ topic: outputTopic, key: message.key?.toString(), value: price(message.value) })),
          );
          await producer.sendOffsetsToTransaction({
            // KafkaJS does not expose the group's generation, which (with the member id) would let the
            // broker fence a zombie consumer of the group: give generationId and memberId when you have them.
            consumerGroupId: groupId,
            // The offset to commit is the next one to read.
            topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }],
          });
          await producer.commitTransaction();
        } catch (error) {
          // Nothing of this batch is visible, and its offsets were not committed: throwing makes
          // KafkaJS read the batch again. A fatal error (e.g. fenced by a newer instance) ends here.
          await producer.abortTransaction().catch(() => {});
          throw error;
        }
        resolveOffset(batch.lastOffset());
        await heartbeat();
        transactions++;
        committed += batch.messages.length;
        if (committed >= orders) finished();
      },
    });
    await Promise.race([done, timeout(DEADLINE_MS, `only ${committed} of ${orders} orders were processed within ${DEADLINE_MS / 1000} s`)]);
  } finally {
    await consumer.disconnect();
    await producer.close();
  }
  console.log(`Priced ${committed} orders from ${inputTopic} into ${outputTopic} in ${transactions} transactions, exactly once`);
  console.log(JSON.stringify({ example: 'transactional-pipeline', topic: outputTopic, delivered: committed, transactional: true, transactions }));
  exitCode = committed === orders ? 0 : 1;
} catch (error) {
  console.error(`Pipeline failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await kafka.stop();
}
process.exitCode = exitCode;

/** The transformation: an order in cents becomes a priced order with VAT. */
/** @param {Buffer | null} value */
function price(value) {
  const order = JSON.parse(value?.toString() ?? '{}');
  const net = order.totalCents / 100;
  return { order: order.order, net, vat: Math.round(net * VAT * 100) / 100, gross: Math.round(net * (1 + VAT) * 100) / 100 };
}

/** The pipeline's input, written with a plain (non-transactional) producer. */
async function writeInput() {
  const producer = new Producer({ bootstrapServers: kafka.bootstrapServers, keySerializer: serializers.string, valueSerializer: serializers.json });
  try {
    const records = Array.from({ length: orders }, (_, i) => ({
      topic: inputTopic,
      key: `order-${i}`,
      value: { order: i, totalCents: 100 + ((i * 7919) % 100_000) },
    }));
    await producer.sendBatch(records);
  } finally {
    await producer.close();
  }
}

/**
 * Topics with 3 partitions (the consumer then gets one batch per partition and fetch).
 * @param {Kafka} client
 * @param {string[]} topics
 */
async function createTopics(client, topics) {
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Rejects after `ms` (without keeping the process alive).
 * @param {number} ms
 * @param {string} message
 */
function timeout(ms, message) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}
