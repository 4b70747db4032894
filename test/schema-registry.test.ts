import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { ExampleProcess, summaryOf } from './helpers/example-process.js';
import { bootstrapServers, consumeAll, createTopic } from './helpers/kafka.js';

// examples/schema-registry.mjs with @kafkajs/confluent-schema-registry's encode() as its (async)
// value serializer, against the real broker. No schema registry server can be installed on the
// machines these tests run on: the registry here is a DOUBLE (examples/support/schema-registry-double.mjs,
// an in-memory HTTP server on 127.0.0.1 answering the registry API calls the client makes). So this
// proves the wire format and the round trip through the real client library (magic byte 0, the
// schema id the registry assigned, an Avro payload that the same library's decode() turns back into
// the record, records in send order per partition), not the behaviour of a real registry
// (compatibility rules, persistence, authentication).

interface RegistryDouble {
  url: string;
  requests: string[];
  schemas: Map<number, { id: number; schema: string; schemaType: string | undefined }>;
  stop(): Promise<void>;
}

const RECORDS = 200;
const doubleModule = new URL('../examples/support/schema-registry-double.mjs', import.meta.url).href;

describe('schema-registry.mjs: Avro values through a schema registry client', () => {
  let registry: RegistryDouble;

  beforeAll(async () => {
    const { startRegistryDouble } = (await import(doubleModule)) as { startRegistryDouble: () => Promise<RegistryDouble> };
    registry = await startRegistryDouble();
  });
  afterEach(() => ExampleProcess.killAll());
  afterAll(async () => {
    ExampleProcess.killAll();
    await registry?.stop();
  });

  it('writes the registry wire format (magic byte 0, schema id, Avro) that the client library decodes back, in send order', async () => {
    const topic = await createTopic(3, 'example-schema-registry');
    const env = {
      ...process.env,
      KAFKA_BOOTSTRAP_SERVERS: bootstrapServers(),
      EXAMPLE_TOPIC: topic,
      EXAMPLE_RECORDS: String(RECORDS),
      SCHEMA_REGISTRY_URL: registry.url,
    };
    const exit = await new ExampleProcess('schema-registry.mjs', env).exit(45_000);
    const output = `stdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`;
    expect(exit.code, output).toBe(0);
    const summary = summaryOf(exit.stdout);
    expect(summary, output).toMatchObject({ topic, delivered: RECORDS });
    const schemaId = summary?.schemaId as number;
    // The id the registry assigned to the schema the example registered under <topic>-value.
    expect(registry.requests).toContain(`POST /subjects/${topic}-value/versions`);
    expect(JSON.parse(registry.schemas.get(schemaId)?.schema ?? '{}')).toMatchObject({ type: 'record', name: 'Order' });

    const records = await consumeAll(topic, RECORDS);
    expect(records).toHaveLength(RECORDS);
    // A fresh client: decode() must fetch the writer's schema by the id in each record.
    const reader = new SchemaRegistry({ host: registry.url });
    const seenBefore = registry.requests.length;
    const lastIndexByPartition = new Map<number, number>();
    for (const record of records) {
      const value = record.value as Buffer;
      expect(value[0]).toBe(0);
      expect(value.readInt32BE(1)).toBe(schemaId);
      const index = Number(record.key?.toString().replace('order-', ''));
      const decoded = (await reader.decode(value)) as { id: number; customer: string; total: number };
      expect({ ...decoded }).toEqual({ id: index, customer: `customer-${index % 7}`, total: Math.round(index * 1.25 * 100) / 100 });
      // Per partition, offsets follow the order the records were sent in.
      expect(index).toBeGreaterThan(lastIndexByPartition.get(record.partition) ?? -1);
      lastIndexByPartition.set(record.partition, index);
    }
    expect(registry.requests.slice(seenBefore)).toEqual([`GET /schemas/ids/${schemaId}`]);
    // The invalid order the example sends on purpose was refused before anything was written.
    expect(exit.stdout).toMatch(/Refused as expected: the value serializer's promise for topic '.*' rejected: invalid "int"/);
    expect(records.some((record) => record.key?.toString() === 'bad')).toBe(false);
  });
});
