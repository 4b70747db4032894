// The classic producer example: five keyed JSON records to example-topic, one line per
// delivery report. Uses KAFKA_BOOTSTRAP_SERVERS if set; otherwise starts a local broker
// (real Apache Kafka from Maven Central jars) and stops it afterwards.
import { Producer, serializers } from 'ferrokafka';
import { startKafka } from 'ferrokafka/testing';

const kafka = await startKafka();
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
      producer.send({ topic: 'example-topic', key: `key-${i}`, value: { count: i } }).then((metadata) => {
        console.log(`Sent to ${metadata.topic} partition ${metadata.partition} offset ${metadata.offset}`);
      }),
    );
  }
  await Promise.all(deliveries);
  await producer.flush();
  await producer.close();
} finally {
  await kafka.stop();
}
