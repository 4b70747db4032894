import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { KafkaError, Producer, serializers, type ProducerRecord, type RawBytes, type RecordMetadata } from '../../lib/index.js';
import { consumeWithJava } from '../helpers/java-consumer.js';
import { bootstrapServers, createTopic } from '../helpers/kafka.js';
import { expectedBytes, expectedHeaders } from './expected-bytes.js';
import { propertyParameters } from './property-runs.js';
import { generatedRecord, type GeneratedRecord } from './record-arbitraries.js';
import { compareWithConsumed, describeInput, type ExpectedRecord } from './record-expectations.js';

const PARTITIONS = 3;
type RawRecord = ProducerRecord<RawBytes, RawBytes>;
const quiet = { logger: () => undefined, lingerMs: 1 };
type Api = 'send' | 'sendBatch' | 'produce' | 'transaction';

/** Sends `records` through one API and returns each one's metadata, in order (any failure throws). */
async function sendThrough<K, V>(producer: Producer<K, V>, api: Api, records: Array<ProducerRecord<K, V>>): Promise<RecordMetadata[]> {
  switch (api) {
    case 'send':
      return Promise.all(records.map((record) => producer.send(record)));
    case 'sendBatch':
      return producer.sendBatch(records);
    case 'produce':
      return Promise.all(
        records.map(
          (record) =>
            new Promise<RecordMetadata>((resolve, reject) => {
              producer.produce(record, (error, metadata) => (error === null ? resolve(metadata as RecordMetadata) : reject(error)));
            }),
        ),
      );
    case 'transaction': {
      producer.beginTransaction();
      const sent = Promise.all(records.map((record) => producer.send(record)));
      await producer.commitTransaction();
      return sent;
    }
  }
}

/** The record as the producer takes it: only the fields that were generated. */
function toProducerRecord(topic: string, generated: GeneratedRecord): RawRecord {
  const record: RawRecord = { topic, value: generated.value };
  if (generated.key !== undefined) record.key = generated.key;
  if (generated.headers !== undefined) record.headers = generated.headers;
  if (generated.partition !== undefined) record.partition = generated.partition;
  if (generated.timestamp !== undefined) record.timestamp = generated.timestamp;
  return record;
}

function checkMetadata(metadata: RecordMetadata, topic: string, generated: Pick<GeneratedRecord, 'partition' | 'timestamp'>): void {
  expect(metadata.topic).toBe(topic);
  expect(metadata.offset).toBeGreaterThanOrEqual(0);
  if (generated.partition !== undefined) expect(metadata.partition).toBe(generated.partition);
  else expect(metadata.partition).toBeLessThan(PARTITIONS);
  const timestamp = generated.timestamp instanceof Date ? generated.timestamp.getTime() : generated.timestamp;
  if (timestamp !== undefined) expect(metadata.timestamp).toBe(timestamp);
}

describe('property: any accepted record, sent through any API, is read back byte for byte by the Java consumer', () => {
  let topic: string;
  let raw: Producer;
  let json: Producer<unknown, unknown>;
  let transactional: Producer;
  const producers: Array<Producer<never, never>> = [];

  beforeAll(async () => {
    topic = await createTopic(PARTITIONS, 'property-records');
    raw = new Producer({ bootstrapServers: bootstrapServers(), ...quiet });
    json = new Producer({ bootstrapServers: bootstrapServers(), keySerializer: serializers.json, valueSerializer: serializers.json, ...quiet });
    transactional = new Producer({ bootstrapServers: bootstrapServers(), transactionalId: `property-${randomUUID()}`, ...quiet });
    producers.push(raw as Producer<never, never>, json as Producer<never, never>, transactional as Producer<never, never>);
    await transactional.initTransactions();
  });
  afterAll(async () => {
    await Promise.all(producers.map((producer) => producer.close()));
  });

  it('keys, values and headers of every accepted shape, explicit partitions and timestamps', async () => {
    const expected: ExpectedRecord[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Api>('send', 'sendBatch', 'produce', 'transaction'),
        fc.array(generatedRecord(PARTITIONS), { minLength: 1, maxLength: 6 }),
        async (api, generated) => {
          const producer = api === 'transaction' ? transactional : raw;
          const metadata = await sendThrough(
            producer,
            api,
            generated.map((record) => toProducerRecord(topic, record)),
          );
          generated.forEach((record, index) => {
            const sent = metadata[index] as RecordMetadata;
            checkMetadata(sent, topic, record);
            expected.push({
              origin: `${api} ${describeInput(record)}`,
              metadata: sent,
              key: expectedBytes(record.key),
              value: expectedBytes(record.value),
              headers: expectedHeaders(record.headers),
            });
          });
        },
      ),
      propertyParameters(40),
    );

    // serializers: any JSON value as key and value (undefined becomes no key)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Api>('send', 'sendBatch', 'produce'),
        fc.array(fc.record({ key: fc.option(fc.jsonValue(), { nil: undefined }), value: fc.jsonValue() }), { minLength: 1, maxLength: 4 }),
        async (api, generated) => {
          const metadata = await sendThrough(
            json,
            api,
            generated.map(({ key, value }) => ({ topic, key, value })),
          );
          generated.forEach(({ key, value }, index) => {
            const sent = metadata[index] as RecordMetadata;
            checkMetadata(sent, topic, { partition: undefined, timestamp: undefined });
            const asJson = (data: unknown): Buffer | null => {
              const text = JSON.stringify(data) as string | undefined;
              return text === undefined ? null : Buffer.from(text);
            };
            expected.push({
              origin: `${api} with serializers.json ${describeInput({ key, value })}`,
              metadata: sent,
              key: asJson(key),
              value: asJson(value),
              headers: [],
            });
          });
        },
      ),
      propertyParameters(15),
    );

    const consumed = await consumeWithJava(topic, expected.length, { isolation: 'read_committed', timeoutMs: 60_000 });
    expect(compareWithConsumed(expected, consumed)).toEqual([]);
    expect(consumed).toHaveLength(expected.length);
    console.log(`${expected.length} generated records read back byte for byte`);
  }, 300_000);
});

describe('property: records near message.max.bytes (the default 1,000,000)', () => {
  const LIMIT = 1_000_000;
  let topic: string;
  let producer: Producer;

  beforeAll(async () => {
    topic = await createTopic(1, 'property-near-limit');
    producer = new Producer({ bootstrapServers: bootstrapServers(), ...quiet });
  });
  afterAll(async () => {
    await producer.close();
  });

  /** `size` bytes shared out between key, value and one header. */
  const split = fc
    .tuple(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 1, max: 255 }))
    .map(([keyShare, headerShare, fill]) => ({ keyShare, headerShare, fill }));
  const recordOf = (size: number, { keyShare, headerShare, fill }: { keyShare: number; headerShare: number; fill: number }): RawRecord => ({
    topic,
    key: Buffer.alloc(keyShare, fill),
    // the header's name ('h') and its framing count too
    headers: [['h', Buffer.alloc(headerShare, fill ^ 0xff)]],
    value: Buffer.alloc(size - keyShare - headerShare - 1, fill),
  });

  it('just under the limit: written and read back exactly; just over it: refused with its size and the limit, nothing else lost', async () => {
    const expected: ExpectedRecord[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Api>('send', 'sendBatch', 'produce'),
        fc.integer({ min: LIMIT - 1_000, max: LIMIT - 200 }),
        fc.integer({ min: LIMIT + 1, max: LIMIT + 1_000 }),
        split,
        async (api, fits, tooLarge, shares) => {
          const good = recordOf(fits, shares);
          const [sent] = await sendThrough(producer, api, [good]);
          expected.push({
            origin: `${api} of ${fits} bytes`,
            metadata: sent as RecordMetadata,
            key: expectedBytes(good.key),
            value: expectedBytes(good.value),
            headers: expectedHeaders(good.headers),
          });
          const refusal = await sendThrough(producer, api, [recordOf(tooLarge, shares)]).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(refusal).toBeInstanceOf(KafkaError);
          const error = refusal as KafkaError;
          expect(error.type).toBe('MSG_SIZE_TOO_LARGE');
          expect(error.persistence).toBe('not-persisted');
          // key + value + header name and value make `tooLarge`; the packed header adds 8 bytes of lengths
          expect(error.message).toContain(`${tooLarge + 8} bytes`);
          expect(error.message).toContain(`${LIMIT} bytes`);
        },
      ),
      propertyParameters(3),
    );
    const consumed = await consumeWithJava(topic, expected.length, { timeoutMs: 60_000 });
    expect(compareWithConsumed(expected, consumed)).toEqual([]);
  }, 180_000);
});
