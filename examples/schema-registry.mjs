// @ts-check
// Avro values through a schema registry: the value serializer is @kafkajs/confluent-schema-registry's
// encode(), which returns a promise (the client looks the schema up over HTTP the first time). Each
// value goes out in the registry's wire format: a zero magic byte, the schema id (4 bytes, big
// endian), then the Avro-encoded record. Records keep their send order although their serializer is
// async, and a value the schema refuses fails that record only, with a KafkaSerializationError.
//
// The registry is SCHEMA_REGISTRY_URL when set (a real Confluent-compatible registry). Otherwise
// the example starts a small in-memory registry DOUBLE on 127.0.0.1 (./support/schema-registry-double.mjs):
// no schema registry server can be installed where the examples are tested, so this example is
// run against the double; it speaks the registry's HTTP API for the calls the client makes, but it
// is no registry (no compatibility checks, no persistence).
//
// Uses KAFKA_BOOTSTRAP_SERVERS if set, otherwise starts a local broker. EXAMPLE_TOPIC names the
// topic (default orders-avro); EXAMPLE_RECORDS bounds the records (at most 1,000). Its last line
// is a JSON summary; it exits 1 if a record that should have been written was not.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { KafkaSerializationError, Producer, serializers } from 'ferrokafka';
import { startKafka } from 'ferrokafka/testing';
import { startRegistryDouble } from './support/schema-registry-double.mjs';

/** @typedef {{ id: number, customer: string, total: number }} Order */

const topic = process.env.EXAMPLE_TOPIC ?? 'orders-avro';
const count = Math.min(Number(process.env.EXAMPLE_RECORDS ?? 1_000), 1_000);
const ORDER_SCHEMA = {
  type: 'record',
  name: 'Order',
  namespace: 'example.shop',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'customer', type: 'string' },
    { name: 'total', type: 'double' },
  ],
};

const double = process.env.SCHEMA_REGISTRY_URL === undefined ? await startRegistryDouble() : undefined;
const registryUrl = process.env.SCHEMA_REGISTRY_URL ?? /** @type {{ url: string }} */ (double).url;
const kafka = await startKafka();
let failed = false;
try {
  const registry = new SchemaRegistry({ host: registryUrl, clientId: 'ferrokafka-schema-registry-example' });
  // The subject follows the registry's TopicNameStrategy: <topic>-value.
  const { id: schemaId } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(ORDER_SCHEMA) }, { subject: `${topic}-value` });

  const producer = new Producer({
    bootstrapServers: kafka.bootstrapServers,
    clientId: 'ferrokafka-schema-registry-example',
    keySerializer: serializers.string,
    // A promise of a Buffer: ferrokafka waits for it, keeping the records' order.
    /** @param {Order} order */
    valueSerializer: (order) => registry.encode(schemaId, order),
  });

  /** @param {number} i @returns {Order} */
  const order = (i) => ({ id: i, customer: `customer-${i % 7}`, total: Math.round(i * 1.25 * 100) / 100 });
  const half = Math.floor(count / 2);

  // One by one with send(): each promise settles with the record's offset.
  const sent = await Promise.all(Array.from({ length: half }, (_, i) => producer.send({ topic, key: `order-${i}`, value: order(i) })));
  // The rest in one sendBatch(): every value is encoded concurrently, then sent in order.
  const batch = await producer.sendBatch(
    Array.from({ length: count - half }, (_, i) => ({ topic, key: `order-${half + i}`, value: order(half + i) })),
  );

  // A value the schema refuses fails its own record, before anything is sent.
  const refused = await producer.send({ topic, key: 'bad', value: /** @type {Order} */ (/** @type {unknown} */ ({ id: 'not an int' })) }).then(
    () => undefined,
    (error) => error,
  );
  if (!(refused instanceof KafkaSerializationError)) {
    failed = true;
    console.error('expected the invalid order to be refused with a KafkaSerializationError, got', refused);
  } else {
    console.log(`Refused as expected: ${refused.message}`);
  }

  await producer.close();
  const delivered = sent.length + batch.length;
  if (delivered !== count) failed = true;
  console.log(
    `${delivered} Avro records written with schema id ${schemaId} (registry: ${double === undefined ? registryUrl : 'the in-memory double'})`,
  );
  console.log(JSON.stringify({ topic, delivered, schemaId }));
} finally {
  await kafka.stop();
  await double?.stop();
}
if (failed) process.exitCode = 1;
