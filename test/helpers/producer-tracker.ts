import { afterAll } from 'vitest';

import { Producer, type ProducerConfig, type RawBytes } from '../../lib/index.js';
import { bootstrapServers } from './kafka.js';

/**
 * Returns a function that creates a producer (on the shared test broker unless `bootstrapServers`
 * says otherwise) and remembers it; an afterAll of the describe this is called in closes them all.
 * A producer left open keeps librdkafka's threads and sockets alive, even after a failed test.
 */
export function trackProducers(): <K = RawBytes, V = RawBytes>(config?: Partial<ProducerConfig<K, V>>) => Producer<K, V> {
  // Only close() is needed here, so producers of any key/value type fit in one list.
  const producers: Array<{ close(): Promise<unknown> }> = [];
  afterAll(async () => {
    await Promise.all(producers.map((p) => p.close()));
  });
  return <K = RawBytes, V = RawBytes>(config: Partial<ProducerConfig<K, V>> = {}): Producer<K, V> => {
    const producer = new Producer<K, V>({ bootstrapServers: bootstrapServers(), ...config });
    producers.push(producer);
    return producer;
  };
}
