import { KafkaRecordError } from '../errors/kafka-errors.js';
import type { NativeProducer } from '../native/binding.js';
import { validateTopic } from './record.js';

/**
 * Topic names to native topic-handle ids. A name is validated once, on first use;
 * after that a record's topic costs one Map lookup.
 */
export class TopicTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  constructor(private readonly native: NativeProducer) {}

  idOf(topic: unknown): number {
    const cached = this.ids.get(topic as string);
    if (cached !== undefined) return cached;
    const name = validateTopic(topic);
    let id: number;
    try {
      id = this.native.topic(name);
    } catch (error) {
      throw new KafkaRecordError(`topic '${name}': ${(error as Error).message}`, error);
    }
    this.ids.set(name, id);
    this.names[id] = name;
    return id;
  }

  nameOf(id: number): string {
    return this.names[id] as string;
  }
}
