// @ts-check
// Every client API that takes part, with how it is driven. `kind` decides the scenarios:
// per-message APIs run S1, S3, S4, S5; batch APIs run S2. The Java producer is a reference for
// what the JVM client does with the same settings, not one of the Node peers ferrokafka's
// targets are measured against.
/** @type {import('../types.mjs').Contender[]} */
export const CONTENDERS = [
  { id: 'raw-librdkafka', client: 'raw-librdkafka', api: 'produceva', kind: 'message', role: 'baseline', label: 'raw librdkafka (Rust, produceva)' },
  { id: 'ferrokafka-send', client: 'ferrokafka', api: 'send', kind: 'message', role: 'ours', label: 'ferrokafka send()' },
  { id: 'ferrokafka-produce', client: 'ferrokafka', api: 'produce', kind: 'message', role: 'ours', label: 'ferrokafka produce()' },
  { id: 'ferrokafka-sendBatch', client: 'ferrokafka', api: 'sendBatch', kind: 'batch', role: 'ours', label: 'ferrokafka sendBatch()' },
  { id: 'ferrokafka-writable', client: 'ferrokafka', api: 'writable', kind: 'stream', role: 'ours', label: 'ferrokafka writable() (pipeline)' },
  { id: 'node-rdkafka-produce', client: 'node-rdkafka', api: 'produce', kind: 'message', role: 'peer', label: 'node-rdkafka produce()' },
  { id: 'confluent-produce', client: 'confluent', api: 'produce', kind: 'message', role: 'peer', label: 'confluent produce() (node-rdkafka API)' },
  { id: 'confluent-send', client: 'confluent', api: 'send', kind: 'message', role: 'peer', label: 'confluent send() (KafkaJS API)' },
  { id: 'confluent-sendBatch', client: 'confluent', api: 'sendBatch', kind: 'batch', role: 'peer', label: 'confluent send(batch) (KafkaJS API)' },
  { id: 'kafkajs-send', client: 'kafkajs', api: 'send', kind: 'message', role: 'peer', label: 'kafkajs send()' },
  { id: 'kafkajs-sendBatch', client: 'kafkajs', api: 'sendBatch', kind: 'batch', role: 'peer', label: 'kafkajs send(batch)' },
  { id: 'platformatic-send', client: 'platformatic', api: 'send', kind: 'message', role: 'peer', label: '@platformatic/kafka send()' },
  { id: 'platformatic-sendBatch', client: 'platformatic', api: 'sendBatch', kind: 'batch', role: 'peer', label: '@platformatic/kafka send(batch)' },
  { id: 'kafka-crab-js-send', client: 'kafka-crab-js', api: 'send', kind: 'message', role: 'peer', label: 'kafka-crab-js send()' },
  { id: 'kafka-crab-js-sendBatch', client: 'kafka-crab-js', api: 'sendBatch', kind: 'batch', role: 'peer', label: 'kafka-crab-js send(batch)' },
  {
    id: 'java-send',
    client: 'java',
    api: 'send',
    kind: 'message',
    role: 'reference',
    label: 'Java producer (kafka-clients 4.1.1) send()',
    // The JIT compiles the client's hot code for 3-4 s of CPU: measured after it, as a long-running service runs.
    minWarmupMs: 10_000,
  },
];

/** @param {string} id */
export const contenderById = (id) => CONTENDERS.find((contender) => contender.id === id);
