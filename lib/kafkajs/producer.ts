import type { UndeliveredRecord } from '../delivery/outcomes.js';
import { describe } from '../errors/describe-value.js';
import { codecOf } from './compression.js';
import { DEFAULT_PROFILE, mapProducerConfig, type SendProfile } from './config-mapping.js';
import { waitForBroker } from './connection.js';
import { DISCONNECTED_MESSAGE, toKafkaJSError } from './error-mapping.js';
import { KafkaJSConnectionError, KafkaJSError, KafkaJSNonRetriableError } from './errors.js';
import { InstrumentationEvents, type InstrumentationEvent, PRODUCER_EVENTS, type RemoveInstrumentationEventListener } from './events.js';
import type { Logger } from './logger.js';
import { toRecords } from './messages.js';
import { type PooledProducer, ProducerPool } from './producer-pool.js';
import { type RecordMetadata, toRecordMetadata } from './record-metadata.js';
import { OpenTransaction, type Transaction } from './transaction.js';
import type { KafkaConfig, ProducerBatch, ProducerConfig, ProducerRecord } from './types.js';

/** How long connect() waits for a broker connection (librdkafka reports all brokers down after 10 s). */
const CONNECT_TIMEOUT_MS = 30_000;

type Status = 'disconnected' | 'connecting' | 'connected' | 'disconnecting';

/**
 * KafkaJS's producer (`kafka.producer()`), over ferrokafka's `Producer`: each `send()` or
 * `sendBatch()` hands all its messages to librdkafka in one native call (ferrokafka's `sendBatch`)
 * and resolves with KafkaJS's per-partition `RecordMetadata`. Methods are bound, so they can be
 * passed around detached, as KafkaJS's can.
 */
export class Producer {
  /** The event names `on()` takes. */
  readonly events = PRODUCER_EVENTS;
  readonly #logger: Logger;
  readonly #events: InstrumentationEvents;
  readonly #idempotent: boolean;
  #status: Status = 'disconnected';
  #pool: ProducerPool | undefined;
  #brokers: readonly string[] = [];
  #transaction: Transaction | undefined;
  #transactionsInitialized = false;
  #beginningTransaction = false;
  #connecting: Promise<void> | undefined;
  #disconnecting: Promise<UndeliveredRecord[]> | undefined;

  /** Use `kafka.producer(config)`. */
  constructor(
    private readonly kafkaConfig: KafkaConfig,
    private readonly config: ProducerConfig,
    logger: Logger,
  ) {
    this.#logger = logger.namespace('Producer');
    this.#events = new InstrumentationEvents(this.#logger);
    this.#idempotent = config.idempotent === true;
    if (this.#idempotent && config.retry?.retries !== undefined && config.retry.retries < Number.MAX_SAFE_INTEGER) {
      this.#logger.warn('Limiting retries for the idempotent producer may invalidate EoS guarantees');
    }
  }

  /**
   * Creates the underlying producer (checking the configuration: a KafkaJSNonRetriableError names a
   * bad option) and resolves once a broker connection is up; rejects when none can be made.
   */
  readonly connect = (): Promise<void> => {
    if (this.#status === 'connected') return Promise.resolve();
    // Concurrent calls share one attempt (and one set of producers). A disconnect() under way ends
    // first: else it would close, or mark disconnected, what this connect() opens.
    this.#connecting ??= this.#afterDisconnecting().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  };

  async #afterDisconnecting(): Promise<void> {
    if (this.#disconnecting !== undefined) await this.#disconnecting.catch(() => undefined);
    await this.#connect();
  }

  async #connect(): Promise<void> {
    this.#status = 'connecting';
    try {
      this.#brokers = await brokersOf(this.kafkaConfig.brokers);
      this.#pool = new ProducerPool(
        (profile, transactional) => mapProducerConfig(this.kafkaConfig, this.config, this.#brokers, profile, transactional, this.#logger),
        this.#logger,
      );
      const { producer, budget } = this.#pool.get(DEFAULT_PROFILE);
      await waitForBroker(producer, this.#brokers, CONNECT_TIMEOUT_MS, budget.retries);
    } catch (error) {
      await this.#pool?.closeAll();
      this.#pool = undefined;
      this.#status = 'disconnected';
      throw toKafkaJSError(error, { retries: 0, deliveryTimeoutMs: 0 });
    }
    this.#status = 'connected';
    this.#events.emit(PRODUCER_EVENTS.CONNECT);
  }

  /**
   * Delivers what is still in flight (up to 5 s), then closes. Resolves with
   * the records that could not be delivered (each also rejected its own send), and logs their count.
   */
  readonly disconnect = (): Promise<UndeliveredRecord[]> => {
    // Concurrent calls share one disconnection, unless a connect() was called since it began.
    if (this.#disconnecting !== undefined && this.#connecting === undefined) return this.#disconnecting;
    const disconnecting = this.#disconnect().finally(() => {
      if (this.#disconnecting === disconnecting) this.#disconnecting = undefined;
    });
    this.#disconnecting = disconnecting;
    return disconnecting;
  };

  async #disconnect(): Promise<UndeliveredRecord[]> {
    // A connect() under way finishes (or fails) first, so its producers are closed too.
    // Without one, the status changes at once, so a send() made right after disconnect() is refused.
    if (this.#connecting !== undefined) await this.#connecting.catch(() => undefined);
    this.#status = 'disconnecting';
    const pool = this.#pool;
    this.#pool = undefined;
    this.#transaction = undefined;
    this.#transactionsInitialized = false;
    const undelivered = pool === undefined ? [] : await pool.closeAll();
    if (undelivered.length > 0) {
      this.#logger.error(`${undelivered.length} message(s) could not be delivered before the producer disconnected`, {
        errors: [...new Set(undelivered.map(({ error }) => error.message))],
      });
    }
    this.#status = 'disconnected';
    this.#events.emit(PRODUCER_EVENTS.DISCONNECT);
    return undelivered;
  }

  /** True when created with `idempotent: true`. */
  readonly isIdempotent = (): boolean => this.#idempotent;

  /** Sends `messages` to `topic`; resolves with one RecordMetadata per partition written (none with `acks: 0`). */
  readonly send = (record: ProducerRecord): Promise<RecordMetadata[]> => {
    const { acks, timeout, compression, topic, messages } = record ?? ({} as ProducerRecord);
    return this.sendBatch({ acks, timeout, compression, topicMessages: [{ topic, messages }] } as ProducerBatch);
  };

  /** Sends the messages of several topics at once; resolves with one RecordMetadata per topic-partition written. */
  readonly sendBatch = async (batch: ProducerBatch): Promise<RecordMetadata[]> => {
    const { profile, records } = this.#checkBatch(batch, this.#idempotent);
    const pool = this.#connectedPool();
    let pooled: PooledProducer;
    try {
      pooled = pool.get(profile);
    } catch (error) {
      throw toKafkaJSError(error, { retries: 0, deliveryTimeoutMs: 0 });
    }
    return sendWith(pooled, records, profile.acks);
  };

  /**
   * Begins a transaction (initializing transactions on first use). Only messages sent through the
   * returned object belong to it. Needs `transactionalId`; one transaction at a time.
   */
  readonly transaction = async (): Promise<Transaction> => {
    if (this.config.transactionalId === undefined) {
      throw new KafkaJSNonRetriableError('Must provide transactional id for transactional producer');
    }
    // One being begun counts too: a second concurrent call would otherwise reach librdkafka's init.
    if (this.#transaction?.isActive() || this.#beginningTransaction) {
      throw new KafkaJSNonRetriableError(
        'There is already an ongoing transaction for this producer. Please end the transaction before beginning another.',
      );
    }
    const pool = this.#connectedPool();
    let pooled: PooledProducer | undefined;
    this.#beginningTransaction = true;
    try {
      pooled = pool.get(DEFAULT_PROFILE, true);
      if (!this.#transactionsInitialized) {
        await pooled.producer.initTransactions();
        this.#transactionsInitialized = true;
      }
      pooled.producer.beginTransaction();
    } catch (error) {
      throw toKafkaJSError(error, pooled?.budget ?? { retries: 0, deliveryTimeoutMs: 0 });
    } finally {
      this.#beginningTransaction = false;
    }
    const transactional = pooled;
    const transaction = new OpenTransaction(
      transactional,
      async (batch) => {
        const { profile, records } = this.#checkBatch(batch, true);
        for (const option of ['compression', 'timeout'] as const) {
          if (profile[option] !== DEFAULT_PROFILE[option]) {
            throw new KafkaJSNonRetriableError(
              `${option} ${String(batch[option])} cannot be chosen per send inside a transaction: all of a transaction's messages go through one librdkafka producer, which sends with ${option} ${String(DEFAULT_PROFILE[option])}`,
            );
          }
        }
        this.#connectedPool();
        return sendWith(transactional, records, profile.acks);
      },
      () => {
        this.#transaction = undefined;
      },
    );
    this.#transaction = transaction;
    return transaction;
  };

  /** Adds a listener for one of `producer.events`; returns the function that removes it. */
  readonly on = (eventName: string, listener: (event: InstrumentationEvent) => unknown): RemoveInstrumentationEventListener =>
    this.#events.on(eventName, listener);

  /** The producer's logger (namespace `Producer`). */
  readonly logger = (): Logger => this.#logger;

  /** KafkaJS's checks, in its order: topics, acks for an idempotent producer, messages, then the connection. */
  #checkBatch(batch: ProducerBatch, idempotent: boolean): { profile: SendProfile; records: ReturnType<typeof toRecords> } {
    const { acks = -1, timeout, compression, topicMessages = [] } = batch ?? ({} as ProducerBatch);
    if (Array.isArray(topicMessages) && topicMessages.some((entry) => !entry?.topic)) throw new KafkaJSNonRetriableError('Invalid topic');
    if (idempotent && acks !== -1) {
      throw new KafkaJSNonRetriableError("Not requiring ack for all messages invalidates the idempotent producer's EoS guarantees");
    }
    const profile = profileOf(acks, timeout, compression);
    const records = toRecords(topicMessages);
    this.#connectedPool();
    return { profile, records };
  }

  #connectedPool(): ProducerPool {
    if (this.#status === 'disconnecting') {
      throw new KafkaJSNonRetriableError("The producer is disconnecting; therefore, it can't safely accept messages anymore");
    }
    if (this.#status !== 'connected' || this.#pool === undefined) throw new KafkaJSError(DISCONNECTED_MESSAGE);
    return this.#pool;
  }
}

async function sendWith(pooled: PooledProducer, records: ReturnType<typeof toRecords>, acks: number): Promise<RecordMetadata[]> {
  try {
    const metadata = await pooled.producer.sendBatch(records);
    // KafkaJS reads no produce response with acks 0, and resolves with none.
    return acks === 0 ? [] : toRecordMetadata(metadata);
  } catch (error) {
    throw toKafkaJSError(error, pooled.budget);
  }
}

function profileOf(acks: unknown, timeout: unknown, compression: unknown): SendProfile {
  if (acks !== -1 && acks !== 0 && acks !== 1) throw new KafkaJSNonRetriableError(`acks must be -1, 0 or 1; got ${describe(acks)}`);
  const codec = codecOf(compression);
  if (codec === undefined) {
    throw new KafkaJSNonRetriableError(
      `compression must be one of CompressionTypes (None 0, GZIP 1, Snappy 2, LZ4 3, ZSTD 4); got ${describe(compression)}`,
    );
  }
  const ms = timeout ?? DEFAULT_PROFILE.timeout;
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > 900_000) {
    throw new KafkaJSNonRetriableError(`timeout must be an integer of ms from 1 to 900000; got ${describe(timeout)}`);
  }
  return { acks, compression: codec, timeout: ms };
}

async function brokersOf(brokers: KafkaConfig['brokers']): Promise<string[]> {
  let list: unknown = brokers;
  if (typeof brokers === 'function') {
    try {
      list = await brokers();
    } catch (error) {
      // KafkaJS's error and wording: a broker discovery that fails may succeed on the next connect().
      const reason = error instanceof Error ? error.message : String(error);
      throw new KafkaJSConnectionError(`Failed to connect: "config.brokers" threw: ${reason}`, { cause: error });
    }
  }
  if (!Array.isArray(list) || list.length === 0 || !list.every((broker) => typeof broker === 'string' && broker !== '')) {
    throw new KafkaJSNonRetriableError(
      `brokers must be a non-empty array of "host:port" strings (or a function returning one); got ${describe(list)}`,
    );
  }
  return list as string[];
}
