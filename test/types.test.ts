// Type-level API tests: checked by `tsc --noEmit` (part of `npm test`); the @ts-expect-error
// lines fail the type check if the misuse they mark ever starts to compile.
import { describe, expectTypeOf, it } from 'vitest';

import {
  type KafkaError,
  Producer,
  serializers,
  type DeliveryReport,
  type ProducerMetrics,
  type RawBytes,
  type RecordMetadata,
  type Serializer,
  type UndeliveredRecord,
} from '../lib/index.js';

interface Order {
  id: number;
  total: number;
}

const base = { bootstrapServers: '127.0.0.1:1', logger: () => undefined } as const;

describe('types', () => {
  it('infers key and value types from the serializers', () => {
    const typed = new Producer({ ...base, keySerializer: serializers.string, valueSerializer: serializers.typedJson<Order>() });
    expectTypeOf(typed).toEqualTypeOf<Producer<string, Order>>();
    expectTypeOf(typed.send({ topic: 't', key: 'k', value: { id: 1, total: 2 } })).toEqualTypeOf<Promise<RecordMetadata>>();
    const misuse = (): void => {
      // @ts-expect-error the value must be an Order
      void typed.send({ topic: 't', key: 'k', value: 'a string' });
      // @ts-expect-error the key must be a string
      void typed.send({ topic: 't', key: 42, value: { id: 1, total: 2 } });
      // @ts-expect-error an Order needs its total
      void typed.sendBatch([{ topic: 't', value: { id: 1 } }]);
    };
    expectTypeOf(misuse).toBeFunction();
    void typed.close({ timeoutMs: 1000 });
  });

  it('defaults to bytes and strings without serializers', () => {
    const raw = new Producer(base);
    expectTypeOf(raw.send).parameter(0).toHaveProperty('value').toEqualTypeOf<Buffer | Uint8Array | string | null | undefined>();
    const misuse = (): void => {
      // @ts-expect-error a number is not bytes without a serializer
      void raw.send({ topic: 't', value: 42 });
      // @ts-expect-error the topic is required
      void raw.send({ value: 'x' });
      // @ts-expect-error headers take strings or bytes
      void raw.send({ topic: 't', value: 'x', headers: { n: 1 } });
    };
    expectTypeOf(misuse).toBeFunction();
    void raw.close({ timeoutMs: 1000 });
  });

  it('rejects unknown or ill-typed options at compile time', () => {
    const misuse = (): void => {
      // @ts-expect-error acks takes 0, 1 or 'all'
      new Producer({ ...base, acks: 2 });
      // @ts-expect-error unknown codec
      new Producer({ ...base, compression: 'brotli' });
      // @ts-expect-error a typo in an option name
      new Producer({ ...base, lingerMS: 5 });
      // @ts-expect-error bootstrapServers is required
      new Producer({ acks: 'all' });
      // @ts-expect-error SASL PLAIN needs a password
      new Producer({ ...base, sasl: { mechanism: 'plain', username: 'u' } });
    };
    expectTypeOf(misuse).toBeFunction();
  });

  it('types results, events and errors', () => {
    const producer = new Producer({ ...base, valueSerializer: serializers.json });
    expectTypeOf(producer.close()).toEqualTypeOf<Promise<UndeliveredRecord[]>>();
    expectTypeOf<UndeliveredRecord['record']['value']>().toEqualTypeOf<Buffer | null>();
    expectTypeOf(producer.metrics()).toEqualTypeOf<ProducerMetrics>();
    expectTypeOf(producer.metrics()['record-send-rate']).toBeNumber();
    producer.on('delivery', (reports) => expectTypeOf(reports).toEqualTypeOf<DeliveryReport[]>());
    producer.on('error', (error) => expectTypeOf(error).toEqualTypeOf<KafkaError>());
    expectTypeOf<KafkaError['persistence']>().toEqualTypeOf<'not-persisted' | 'possibly-persisted' | 'persisted' | undefined>();
    // @ts-expect-error no such event
    producer.on('delivered', () => undefined);
  });
  it('infers key and value types from serializers that return promises (a schema registry encoder)', () => {
    const encode = async (order: Order): Promise<Buffer> => Buffer.from(JSON.stringify(order));
    const typed = new Producer({ ...base, keySerializer: serializers.string, valueSerializer: encode });
    expectTypeOf(typed).toEqualTypeOf<Producer<string, Order>>();
    // Synchronous for some values, a promise for others.
    const mixed: Serializer<Order> = (order) => (order.id === 0 ? null : encode(order));
    expectTypeOf(new Producer({ ...base, valueSerializer: mixed })).toEqualTypeOf<Producer<RawBytes, Order>>();
    const misuse = (): void => {
      // @ts-expect-error the value must be an Order
      void typed.send({ topic: 't', key: 'k', value: 'a string' });
      // @ts-expect-error a promise of a number is not bytes
      new Producer({ ...base, valueSerializer: async (value: string) => value.length });
    };
    expectTypeOf(misuse).toBeFunction();
    void typed.close({ timeoutMs: 1000 });
  });
});
