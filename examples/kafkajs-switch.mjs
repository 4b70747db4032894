// @ts-check
// A KafkaJS program, unchanged but for its import: `from 'kafkajs'` became `from 'ferrokafka/kafkajs'`.
// The producer now runs on ferrokafka (librdkafka); the admin client is still kafkajs's own, handed
// over by ferrokafka/kafkajs with the same configuration (kafkajs must be installed for admin()).
// Runs against KAFKA_BOOTSTRAP_SERVERS (default localhost:9092) and starts nothing itself.
// EXAMPLE_TOPIC names the topic (default kafkajs-switch-example). Exits non-zero on failure.
import { CompressionTypes, Kafka, logLevel } from 'ferrokafka/kafkajs';

const brokers = (process.env.KAFKA_BOOTSTRAP_SERVERS ?? 'localhost:9092').split(',');
const topic = process.env.EXAMPLE_TOPIC ?? 'kafkajs-switch-example';

const kafka = new Kafka({ clientId: 'kafkajs-switch-example', brokers, logLevel: logLevel.WARN });
const admin = kafka.admin();
const producer = kafka.producer({ idempotent: true });

try {
  await admin.connect();
  if (!(await admin.listTopics()).includes(topic)) {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  }
  await admin.disconnect();

  await producer.connect();
  const sent = await producer.send({
    topic,
    messages: [
      { key: 'order-1', value: JSON.stringify({ total: 42 }), headers: { source: 'example' } },
      { key: 'order-2', value: JSON.stringify({ total: 7 }) },
    ],
  });
  const batched = await producer.sendBatch({
    compression: CompressionTypes.GZIP,
    topicMessages: [{ topic, messages: [{ key: 'order-1', value: JSON.stringify({ total: 43 }) }] }],
  });
  for (const { topicName, partition, baseOffset } of [...sent, ...batched]) {
    console.log(`Sent to ${topicName} partition ${partition} from offset ${baseOffset}`);
  }
} catch (error) {
  console.error(`Failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  process.exitCode = 1;
} finally {
  await producer.disconnect();
}
