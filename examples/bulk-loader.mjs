// @ts-check
// A high-throughput loader: streams records into Kafka with sendBatch(), at most a fixed
// number of batches in flight (backpressure: the reader waits while the producer is busy,
// so memory stays flat however large the input), and prints the rate.
//
//   node examples/bulk-loader.mjs [file]   one record per line of the file (its value; key: the line number)
//   node examples/bulk-loader.mjs          EXAMPLE_RECORDS generated JSON records (default 1,000,000)
//
// Uses KAFKA_BOOTSTRAP_SERVERS if set, otherwise starts a local broker. EXAMPLE_TOPIC names the
// topic (default bulk-load). Its last line is a JSON summary; it exits 1 if any record failed.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Producer, serializers } from 'ferrokafka';
/** @typedef {import('ferrokafka').ProducerRecord<string, string>} LoadRecord */
/** @typedef {import('ferrokafka').BatchFailure} BatchFailure */
/** @typedef {import('ferrokafka').KafkaError} KafkaError */
import { startKafka } from 'ferrokafka/testing';

const topic = process.env.EXAMPLE_TOPIC ?? 'bulk-load';
const generated = Number(process.env.EXAMPLE_RECORDS ?? 1_000_000);
const file = process.argv[2];
/** Records per sendBatch() call: one native call hands over up to 1,024 records. */
const BATCH_RECORDS = 1_000;
/** Batches in flight at once: enough to keep librdkafka's queue full, few enough to bound memory. */
const BATCHES_IN_FLIGHT = 32;

const kafka = await startKafka();
const producer = new Producer({
  bootstrapServers: kafka.bootstrapServers,
  clientId: 'ferrokafka-bulk-loader',
  // Throughput settings: bigger batches, a little more linger, compressed on the wire.
  lingerMs: 20,
  batchSize: 1_000_000,
  compression: 'lz4',
  keySerializer: serializers.string,
  valueSerializer: serializers.string,
});

let delivered = 0;
let failed = 0;
let bytes = 0;
/** @type {Set<Promise<void>>} */
const inFlight = new Set();
const started = process.hrtime.bigint();
try {
  /** @type {LoadRecord[]} */
  let batch = [];
  for await (const record of file === undefined ? generate(generated) : linesOf(file)) {
    bytes += record.value.length;
    batch.push(record);
    if (batch.length === BATCH_RECORDS) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await send(batch);
  await Promise.all(inFlight);
} finally {
  await producer.close();
  await kafka.stop();
}

const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const rate = Math.round(delivered / seconds);
console.log(
  `Loaded ${delivered.toLocaleString('en')} records (${(bytes / 1e6).toFixed(1)} MB) into ${topic} in ${seconds.toFixed(2)} s: ` +
    `${rate.toLocaleString('en')} records/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s; ${failed} failed`,
);
console.log(JSON.stringify({ example: 'bulk-loader', topic, delivered, failed, recordsPerSecond: rate }));
if (failed > 0 || delivered === 0) process.exitCode = 1;

/**
 * Hands a batch to the producer; waits first while BATCHES_IN_FLIGHT batches are unanswered.
 * @param {LoadRecord[]} records
 */
async function send(records) {
  while (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
  const sending = producer.sendBatch(records).then(
    (metadata) => {
      delivered += metadata.length;
    },
    (/** @type {KafkaError & Partial<BatchFailure>} */ error) => {
      // Records of a batch are delivered independently: `failed` lists those that were not
      // (a batch refused as a whole, e.g. after close(), has no such list).
      const notDelivered = error.failed?.length ?? records.length;
      delivered += records.length - notDelivered;
      if (failed === 0) console.error(`Not delivered: ${error.failed?.[0]?.error.message ?? error.message}`);
      failed += notDelivered;
    },
  );
  const tracked = sending.finally(() => inFlight.delete(tracked));
  inFlight.add(tracked);
}

/**
 * Synthetic orders, keyed by customer so each customer's orders stay in order on one partition.
 * @param {number} count
 * @returns {Generator<LoadRecord>}
 */
function* generate(count) {
  for (let i = 0; i < count; i++) {
    const customer = `customer-${i % 10_000}`;
    yield { topic, key: customer, value: JSON.stringify({ order: i, customer, totalCents: (i * 7919) % 100_000 }) };
  }
}

/**
 * The file's lines, read as a stream.
 * @param {string} path
 * @returns {AsyncGenerator<LoadRecord>}
 */
async function* linesOf(path) {
  let line = 0;
  for await (const value of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) {
    line++;
    if (value !== '') yield { topic, key: String(line), value };
  }
}
