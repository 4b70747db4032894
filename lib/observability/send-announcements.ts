import type { KafkaError } from '../errors/kafka-errors.js';
import { packHeaders } from '../send/headers.js';
import type { PreparedRecord, RecordMetadata } from '../send/record.js';
import { sendOutcomeChannel, sendStartChannel } from './diagnostics.js';

/** The producer call that announced records. */
export type SendOperation = 'send' | 'sendBatch' | 'produce' | 'writable';

/** The producer records come from, as tracing tools describe it (one object per producer). */
export interface ProducerIdentity {
  /** The `Producer` itself. */
  readonly producer: object;
  /** Its `clientId` (librdkafka's default, `rdkafka`, when none was given). */
  readonly clientId: string;
  /** Its bootstrap servers as configured, comma-separated `host:port`. */
  readonly bootstrapServers: string;
}

/**
 * Published on `ferrokafka:producer:send:start` once per call of send(), produce(), sendBatch() or
 * per burst of a writable stream, before its records are checked and serialized. A subscriber may
 * set `headers[i]` (name to string value) to add headers to record `i` as it is sent: they are
 * appended to the record's own headers; the caller's record object is not changed.
 * Each record then gets exactly one {@link SendOutcomeMessage}.
 */
export interface SendStartMessage {
  /** The producer. */
  readonly client: ProducerIdentity;
  /** The call. */
  readonly operation: SendOperation;
  /** The records as the caller gave them (not checked yet: a subscriber must expect anything). */
  readonly records: readonly unknown[];
  /** A writable stream's `topic` option: the topic of its records that name none. */
  readonly defaultTopic: string | undefined;
  /** Headers to add, by record index; subscribers fill it in. */
  readonly headers: Array<Record<string, string> | undefined>;
}

/** Published on `ferrokafka:producer:send:outcome`: one record of an announced call got its outcome. */
export interface SendOutcomeMessage {
  /** The call that announced the record. */
  readonly start: SendStartMessage;
  /** The record's index in `start.records`. */
  readonly index: number;
  /** null when it was delivered; otherwise why not (refused, failed, aborted, timed out, purged). */
  readonly error: KafkaError | null;
  /** Where it landed; null when it failed. */
  readonly metadata: RecordMetadata | null;
}

/** Announces a producer's calls on `ferrokafka:producer:send:start`; called only when someone subscribes. */
export class SendAnnouncer {
  readonly #identity: ProducerIdentity;

  /** `pairs`: the producer's librdkafka properties, name and value alternating. */
  constructor(producer: object, clientId: string, pairs: readonly string[]) {
    let bootstrapServers = '';
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === 'bootstrap.servers') bootstrapServers = pairs[i + 1] ?? '';
    this.#identity = Object.freeze({ producer, clientId, bootstrapServers });
  }

  /** The producer as tracing tools describe it. */
  get identity(): ProducerIdentity {
    return this.#identity;
  }

  announce(operation: SendOperation, records: readonly unknown[], defaultTopic?: string): SendStartMessage {
    const start: SendStartMessage = { client: this.#identity, operation, records, defaultTopic, headers: [] };
    sendStartChannel.publish(start);
    return start;
  }
}

/** A transactional call's step. */
export type TransactionOperation = 'initTransactions' | 'commitTransaction' | 'abortTransaction' | 'sendOffsetsToTransaction';

/**
 * The context of `tracing:ferrokafka:producer:transaction:*` (a `TracingChannel`): start, end,
 * asyncStart, asyncEnd and error are published with this object; Node sets `error` on a failure.
 */
export interface TransactionMessage {
  /** The producer. */
  readonly client: ProducerIdentity;
  /** The step. */
  readonly operation: TransactionOperation;
  /** sendOffsetsToTransaction's consumer group. */
  readonly consumerGroupId?: string | undefined;
  /** Set by Node when the step failed. */
  error?: unknown;
}

/** Appends the headers subscribers added for record `index` to its packed headers. */
export function addAnnouncedHeaders(prepared: PreparedRecord, start: SendStartMessage, index: number): void {
  const added = start.headers[index];
  if (added === undefined) return;
  const packed = packHeaders(added);
  if (packed === undefined) return;
  // Packed headers are entries back to back: appending is merging.
  prepared.headers = prepared.headers === undefined ? packed : Buffer.concat([prepared.headers, packed]);
}

/** Reports records of an announced call that never got a slot (refused before hand-over), from `from` on. */
export function refuseAnnounced(start: SendStartMessage, error: KafkaError, from = 0): void {
  for (let index = from; index < start.records.length; index++) publishOutcome(start, index, error, null);
}

/** The announced records in flight, by slot, until their outcome. */
export class AnnouncedSlots {
  readonly #starts = new Map<number, SendStartMessage>();

  get size(): number {
    return this.#starts.size;
  }

  track(slot: number, start: SendStartMessage): void {
    this.#starts.set(slot, start);
  }

  /** Publishes the outcome of `slot` if it was announced (`index`: its place in the call's records). */
  settle(slot: number, index: number, error: KafkaError | null, metadata: RecordMetadata | null): void {
    const start = this.#starts.get(slot);
    if (start === undefined) return;
    this.#starts.delete(slot);
    publishOutcome(start, index, error, metadata);
  }
}

function publishOutcome(start: SendStartMessage, index: number, error: KafkaError | null, metadata: RecordMetadata | null): void {
  if (!sendOutcomeChannel.hasSubscribers) return;
  const outcome: SendOutcomeMessage = { start, index, error, metadata: error === null ? metadata : null };
  sendOutcomeChannel.publish(outcome);
}
