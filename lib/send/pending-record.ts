import { describe } from '../errors/describe-value.js';
import { KafkaSerializationError, messageOf } from '../errors/kafka-errors.js';
import type { PreparedRecord } from './record.js';

type Part = 'key' | 'value';
type Bytes = Uint8Array | string | null;

/**
 * Thrown by the serialization step when a serializer returned a promise. Not an Error (no stack is
 * captured): it only carries the promise to `prepareRecord`'s catch, which the synchronous path has
 * anyway, so detecting an async serializer costs that path nothing.
 */
export class PendingPart {
  constructor(
    readonly part: Part,
    readonly promise: PromiseLike<unknown>,
  ) {}
}

/** Whether a serializer's result is a promise (anything with a `then` method). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  return typeof (value as { then?: unknown }).then === 'function';
}

/**
 * A record whose key or value serializer returned a promise. `prepared` holds everything checked
 * and serialized synchronously (topic, partition, timestamp, headers, and the part that was not
 * async); the async parts are filled in when their promises settle.
 */
export class PendingRecord {
  #outcome: Promise<KafkaSerializationError | undefined> | undefined;

  constructor(
    /** The record as it will be handed over: its pending parts are null until `serialized()` settles. */
    readonly prepared: PreparedRecord,
    private readonly key: PromiseLike<unknown> | undefined,
    private readonly value: PromiseLike<unknown> | undefined,
  ) {}

  /**
   * Waits for the pending parts (already running: the serializers were called when the record was
   * prepared) and writes them into `prepared`. Resolves with the first part's failure as a
   * `KafkaSerializationError`, or undefined; never rejects. Called once or many times, one wait.
   */
  serialized(): Promise<KafkaSerializationError | undefined> {
    if (this.#outcome !== undefined) return this.#outcome;
    const topic = this.prepared.topic;
    const parts: Array<Promise<void>> = [];
    if (this.key !== undefined) {
      parts.push(
        settledBytes('key', this.key, topic).then((bytes) => {
          this.prepared.key = bytes;
        }),
      );
    }
    if (this.value !== undefined) {
      parts.push(
        settledBytes('value', this.value, topic).then((bytes) => {
          this.prepared.value = bytes;
        }),
      );
    }
    this.#outcome = Promise.all(parts).then(
      () => undefined,
      (error: KafkaSerializationError) => error,
    );
    return this.#outcome;
  }

  /** The record will not be sent (refused, aborted, or its producer closed): its promises' outcomes are ignored, never unhandled. */
  discard(): void {
    void this.serialized();
  }
}

/** The record as it will be handed over (a pending one's parts still serializing are null until then). */
export function readyPart(record: PreparedRecord | PendingRecord): PreparedRecord {
  return record instanceof PendingRecord ? record.prepared : record;
}

/** A promise whose outcome nobody will use: handled, so that its rejection is not reported as unhandled. */
export function ignoreOutcome(promise: PromiseLike<unknown> | undefined): void {
  if (promise !== undefined) Promise.resolve(promise).catch(() => undefined);
}

/** Discards the pending records among `records` (a batch refused before any was sent). */
export function discardPending(records: ReadonlyArray<PreparedRecord | PendingRecord | undefined>): void {
  for (const record of records) if (record instanceof PendingRecord) record.discard();
}

/** The index of the first pending record, or -1: one check per record. */
export function firstPending(records: ReadonlyArray<PreparedRecord | PendingRecord>): number {
  for (let i = 0; i < records.length; i++) if (records[i] instanceof PendingRecord) return i;
  return -1;
}

/** A part's promise settled into bytes, or rejected with a KafkaSerializationError naming the part and the topic. */
function settledBytes(part: Part, promise: PromiseLike<unknown>, topic: string): Promise<Bytes> {
  return Promise.resolve(promise).then(
    (bytes) => {
      if (bytes === null || bytes === undefined) return null;
      if (typeof bytes === 'string' || bytes instanceof Uint8Array) return bytes;
      throw new KafkaSerializationError(
        part,
        `the ${part} serializer's promise for topic '${topic}' resolved to ${describe(bytes)}: it must resolve to a Buffer, Uint8Array, string or null`,
      );
    },
    (error: unknown) => {
      throw new KafkaSerializationError(part, `the ${part} serializer's promise for topic '${topic}' rejected: ${messageOf(error)}`, error);
    },
  );
}
