import { KafkaJSNonRetriableError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * KafkaJS's producer event names. `CONNECT` and `DISCONNECT` are emitted; the network events
 * (`REQUEST`, `REQUEST_TIMEOUT`, `REQUEST_QUEUE_SIZE`) are accepted but never emitted, because
 * librdkafka's requests are not visible to JS (its statistics are: see ferrokafka's `metrics()`).
 */
export const PRODUCER_EVENTS = {
  /** After `connect()` succeeded. */
  CONNECT: 'producer.connect',
  /** After `disconnect()` finished. */
  DISCONNECT: 'producer.disconnect',
  /** Accepted, never emitted. */
  REQUEST: 'producer.network.request',
  /** Accepted, never emitted. */
  REQUEST_TIMEOUT: 'producer.network.request_timeout',
  /** Accepted, never emitted. */
  REQUEST_QUEUE_SIZE: 'producer.network.request_queue_size',
} as const;

/** One of the values of {@link PRODUCER_EVENTS}. */
export type ProducerEventName = (typeof PRODUCER_EVENTS)[keyof typeof PRODUCER_EVENTS];

/** What a listener receives, as in KafkaJS. */
export interface InstrumentationEvent<T = unknown> {
  /** Unique per event in this process. */
  id: number;
  /** The event's name, e.g. `producer.connect`. */
  type: string;
  /** When it happened, ms since the epoch. */
  timestamp: number;
  /** null for connect and disconnect. */
  payload: T;
}

/** Removes the listener that `on()` added. */
export type RemoveInstrumentationEventListener = () => void;

const NAMES: readonly string[] = Object.values(PRODUCER_EVENTS);
let nextEventId = 0;

/** A producer's listeners. A listener that throws or rejects is logged, as KafkaJS does, and stops nothing. */
export class InstrumentationEvents {
  readonly #listeners = new Map<string, Set<(event: InstrumentationEvent) => unknown>>();

  constructor(private readonly logger: Logger) {}

  on(eventName: string, listener: (event: InstrumentationEvent) => unknown): RemoveInstrumentationEventListener {
    if (!NAMES.includes(eventName)) {
      throw new KafkaJSNonRetriableError(
        `Event name should be one of ${Object.keys(PRODUCER_EVENTS)
          .map((key) => `producer.events.${key}`)
          .join(', ')}`,
      );
    }
    if (typeof listener !== 'function') throw new KafkaJSNonRetriableError(`the listener of ${eventName} must be a function`);
    let set = this.#listeners.get(eventName);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(eventName, set);
    }
    const own = set;
    own.add(listener);
    return () => {
      own.delete(listener);
    };
  }

  emit(type: ProducerEventName, payload: unknown = null): void {
    const listeners = this.#listeners.get(type);
    if (listeners === undefined) return;
    const event: InstrumentationEvent = { id: nextEventId++, type, timestamp: Date.now(), payload };
    // Called synchronously, as KafkaJS's emitter does; a throw or rejection is logged, never raised.
    for (const listener of [...listeners]) {
      try {
        Promise.resolve(listener(event)).catch((error: unknown) => this.#logFailure(type, error));
      } catch (error) {
        this.#logFailure(type, error);
      }
    }
  }

  #logFailure(eventName: string, error: unknown): void {
    this.logger.error(`Failed to execute listener: ${error instanceof Error ? error.message : String(error)}`, {
      eventName,
      stack: error instanceof Error ? error.stack : undefined,
    });
  }
}
