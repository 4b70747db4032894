// @ts-check
// The classic producer example: five keyed JSON records to example-topic, one line per
// delivery report. Uses KAFKA_BOOTSTRAP_SERVERS if set; otherwise starts a local broker
// (real Apache Kafka from Maven Central jars) and stops it afterwards.
// DEMO_TOPIC names another topic (e.g. on a broker that does not create topics by itself).
import { ErrorCode, Producer, serializers } from 'ferrokafka';
/** @typedef {import('ferrokafka').KafkaError} KafkaError */
import { startKafka } from 'ferrokafka/testing';

const topic = process.env.DEMO_TOPIC ?? 'example-topic';
const kafka = await startKafka();
let failed = false;
/** @type {Set<string>} */
const reported = new Set();
try {
  const producer = new Producer({
    bootstrapServers: kafka.bootstrapServers,
    clientId: 'ferrokafka-demo',
    acks: 'all',
    keySerializer: serializers.string,
    valueSerializer: serializers.json,
  });
  const deliveries = [];
  for (let i = 0; i < 5; i++) {
    deliveries.push(
      producer.send({ topic, key: `key-${i}`, value: { count: i } }).then(
        (metadata) => console.log(`Sent to ${metadata.topic} partition ${metadata.partition} offset ${metadata.offset}`),
        (error) => {
          failed = true;
          // Five records fail for the same reason: say it once.
          const reason = explain(error);
          if (!reported.has(reason)) console.error(`Not sent: ${reason}`);
          reported.add(reason);
        },
      ),
    );
  }
  await Promise.all(deliveries);
  await producer.close();
} finally {
  await kafka.stop();
}
if (failed) process.exitCode = 1;

/**
 * One line a person can act on, instead of a stack trace.
 * @param {KafkaError} error
 */
function explain(error) {
  if (error.code === ErrorCode.UNKNOWN_TOPIC_OR_PART || error.code === ErrorCode.UNKNOWN_TOPIC) {
    return (
      `the broker at ${kafka.bootstrapServers} has no topic '${topic}' and does not create topics by itself. ` +
      `Create it (kafka-topics.sh --bootstrap-server ${kafka.bootstrapServers} --create --topic ${topic}) ` +
      'or run the demo with DEMO_TOPIC set to an existing topic.'
    );
  }
  return error.message;
}
