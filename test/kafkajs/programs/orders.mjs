// A KafkaJS producer program, written against kafkajs. The tests run it as it is, and once more
// with only its import changed to 'ferrokafka/kafkajs', and compare what each wrote.
// Environment: BROKERS (comma-separated), TOPIC_ORDERS, TOPIC_AUDIT, TOPIC_TXN. (sendOffsets is
// tested on its own: kafkajs 2.2.4's fails against Kafka 4 with NOT_COORDINATOR_FOR_GROUP.)
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';

const kafka = new Kafka({ clientId: 'orders-service', brokers: process.env.BROKERS.split(','), logLevel: logLevel.NOTHING });
const orders = process.env.TOPIC_ORDERS;
const audit = process.env.TOPIC_AUDIT;

const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
const results = {};
results.send = await producer.send({
  topic: orders,
  messages: [
    { key: 'customer-1', value: JSON.stringify({ id: 1, total: 42 }), headers: { source: 'web', trace: Buffer.from([1, 2, 3]) } },
    { key: 'customer-2', value: JSON.stringify({ id: 2, total: 7 }) },
    { key: 'customer-1', value: JSON.stringify({ id: 3, total: 9 }), timestamp: '1700000000000' },
    { key: null, value: 'keyless', partition: 2 },
    { key: 'tombstone', value: null },
  ],
});
results.sendBatch = await producer.sendBatch({
  compression: CompressionTypes.GZIP,
  topicMessages: [
    { topic: orders, messages: [{ key: 'customer-3', value: 'batched order' }] },
    { topic: audit, messages: [{ key: 'customer-3', value: 'audit entry', headers: { multi: ['a', 'b'] } }] },
  ],
});
await producer.disconnect();

const transactional = kafka.producer({ transactionalId: `orders-txn-${orders}`, idempotent: true, maxInFlightRequests: 1 });
await transactional.connect();
const committed = await transactional.transaction();
results.transactionSend = await committed.send({ topic: process.env.TOPIC_TXN, messages: [{ key: 'k', value: 'committed' }] });
await committed.commit();
results.activeAfterCommit = committed.isActive();
const aborted = await transactional.transaction();
await aborted.send({ topic: process.env.TOPIC_TXN, messages: [{ key: 'k', value: 'aborted' }] });
await aborted.abort();
await transactional.disconnect();

process.stdout.write(`${JSON.stringify(results)}\n`);
