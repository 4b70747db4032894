// A KafkaJS producer program that checks what KafkaJS promises around the sends: events, input
// errors, broker errors, acks 0, the legacy partitioner, disconnection. Written against kafkajs;
// the tests run it as it is and with only its import changed, and compare its printed summary.
// Environment: BROKERS (comma-separated), TOPIC (4 partitions, empty).
import kafkajs from 'kafkajs';

const { CompressionTypes, Kafka, KafkaJSError, KafkaJSNonRetriableError, KafkaJSProtocolError, Partitioners, logLevel } = kafkajs;

const topic = process.env.TOPIC;
const kafka = new Kafka({ clientId: 'errors-and-events', brokers: process.env.BROKERS.split(','), logLevel: logLevel.NOTHING });
const producer = kafka.producer({ createPartitioner: Partitioners.LegacyPartitioner });

const events = [];
producer.on(producer.events.CONNECT, (event) => events.push(event.type));
producer.on(producer.events.DISCONNECT, (event) => events.push(event.type));

/** What a program can rely on about an error: its class, flags and (for input errors) message. */
function describe(error, withMessage = true) {
  return {
    name: error.name,
    retriable: error.retriable,
    type: error.type,
    code: error.code,
    kafkajsError: error instanceof KafkaJSError,
    nonRetriable: error instanceof KafkaJSNonRetriableError,
    protocol: error instanceof KafkaJSProtocolError,
    ...(withMessage ? { message: error.message } : {}),
  };
}

const summary = {};
try {
  producer.on('producer.nope', () => undefined);
} catch (error) {
  summary.unknownEvent = describe(error, false);
}
summary.beforeConnect = await producer.send({ topic, messages: [{ value: 'x' }] }).catch((error) => describe(error));
await producer.connect();
summary.invalidTopic = await producer.send({ topic: '', messages: [{ value: 'x' }] }).catch((error) => describe(error));
summary.invalidMessages = await producer.send({ topic, messages: undefined }).catch((error) => describe(error));
summary.withoutValue = await producer.send({ topic, messages: [{ key: 'k' }] }).catch((error) => describe(error));
summary.tooLarge = await producer.send({ topic, messages: [{ value: 'x'.repeat(1_100_000) }] }).catch((error) => describe(error, false));
const keys = Array.from({ length: 30 }, (_, i) => `user-${i * 31}`);
const keyed = await producer.send({ topic, acks: 1, compression: CompressionTypes.GZIP, messages: keys.map((key) => ({ key, value: key })) });
summary.keyed = keyed.map(({ partition, baseOffset, errorCode }) => ({ partition, baseOffset, errorCode })).sort((a, b) => a.partition - b.partition);
summary.acksZero = await producer.send({ topic, acks: 0, messages: [{ key: 'user-0', value: 'fire and forget' }] });
summary.batch = (
  await producer.sendBatch({
    topicMessages: [
      { topic, messages: [{ key: 'user-31', value: 'a' }] },
      { topic, messages: [{ key: 'user-31', value: 'b', headers: { h: 'v' } }] },
    ],
  })
).map(({ partition, baseOffset }) => ({ partition, baseOffset }));
await producer.disconnect();

// A topic that does not exist, with auto-creation off: an error once the retries are spent.
const strict = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 1 } });
await strict.connect();
summary.missingTopic = await strict.send({ topic: `${topic}-missing`, messages: [{ value: 'x' }] }).catch((error) => ({
  ...describe(error, false),
  cause: describe(error.cause, false),
}));
await strict.disconnect();
summary.afterDisconnect = await producer.send({ topic, messages: [{ value: 'x' }] }).catch((error) => describe(error));
await new Promise((resolve) => setImmediate(resolve));
summary.events = events;
process.stdout.write(`${JSON.stringify(summary)}\n`);
