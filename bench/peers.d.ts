// Minimal types of the peer clients, for the parts the benchmark calls. The peers live in
// bench/node_modules, which is only installed by run.mjs (kafkajs has its own types at the root).

declare module 'node-rdkafka' {
  /** A delivery report; `opaque` is what produce() was given (here: the message's completion callback). */
  export interface DeliveryReport {
    opaque: (error: unknown) => void;
  }

  /** The node-rdkafka producer API, also offered by @confluentinc/kafka-javascript. */
  export interface RdkafkaProducer {
    on(event: 'delivery-report', listener: (error: Error | null | undefined, report: DeliveryReport) => void): this;
    connect(options: object, callback: (error?: Error | null) => void): void;
    /** Throws (code -184) when librdkafka's queue is full. */
    produce(topic: string, partition: number | null, value: Buffer, key: null, timestamp: null, opaque: (error: unknown) => void): unknown;
    flush(timeoutMs: number, callback: () => void): void;
    disconnect(callback: () => void): void;
    setPollInterval(intervalMs: number): void;
  }

  export const Producer: new (config: Record<string, string | number | boolean>) => RdkafkaProducer;
  export const librdkafkaVersion: string;
}

declare module '@confluentinc/kafka-javascript' {
  import type { RdkafkaProducer } from 'node-rdkafka';

  export interface ConfluentRdkafkaProducer extends RdkafkaProducer {
    setPollInBackground(enabled: boolean): void;
  }

  export const Producer: new (config: Record<string, string | number | boolean>) => ConfluentRdkafkaProducer;
  export const librdkafkaVersion: string;

  export namespace KafkaJS {
    interface ProducerRecord {
      topic: string;
      messages: Array<{ value: Buffer }>;
    }
    interface Producer {
      connect(): Promise<void>;
      send(record: ProducerRecord): Promise<unknown>;
      disconnect(): Promise<void>;
    }
    class Kafka {
      constructor(config: { kafkaJS: { brokers: string[]; clientId: string; logLevel: number } });
      producer(config: { kafkaJS: { acks: number; idempotent: boolean; compression?: string }; 'linger.ms': number }): Producer;
    }
    const logLevel: { ERROR: number };
  }
}

declare module '@platformatic/kafka' {
  export const ProduceAcks: { readonly ALL: number };

  export class Producer {
    constructor(options: {
      clientId: string;
      bootstrapBrokers: string[];
      idempotent: boolean;
      acks: number;
      compression?: string;
      autocreateTopics: boolean;
    });
    send(options: { messages: Array<{ topic: string; value: Buffer }> }): Promise<unknown>;
    close(): Promise<void>;
  }
}

declare module 'kafka-crab-js' {
  export interface KafkaProducer {
    send(record: { topic: string; messages: Array<{ payload: Buffer }> }): Promise<unknown>;
    flush(): Promise<unknown>;
  }

  export class KafkaClient {
    constructor(config: { brokers: string; clientId: string; logLevel: string });
    createProducer(options: { configuration: Record<string, string | number | boolean> }): KafkaProducer;
  }
}

declare module 'hdr-histogram-js' {
  /** The parts of a histogram the runner uses. */
  export interface Histogram {
    recordValue(value: number): void;
    getValueAtPercentile(percentile: number): number;
    readonly totalCount: number;
    readonly maxValue: number;
    readonly mean: number;
  }

  export function build(options: {
    lowestDiscernibleValue: number;
    highestTrackableValue: number;
    numberOfSignificantValueDigits: number;
  }): Histogram;
}
