import type { UndeliveredRecord } from '../delivery/outcomes.js';
import { Producer as FerrokafkaProducer } from '../producer/producer.js';
import type { MappedConfig, SendProfile } from './config-mapping.js';
import type { RetryBudget } from './error-mapping.js';
import { KafkaJSNonRetriableError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * How long disconnect() lets records in flight finish. KafkaJS's sends are awaited, so little is
 * normally left; what is left after this is purged, rejected and reported.
 */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * At most this many librdkafka producers per KafkaJS producer (each has its own threads and
 * connections). Every combination of acks (3) and compression (5) fits; a program that computes a
 * different `timeout` per send would otherwise open a producer per value, without bound.
 */
export const MAX_POOLED_PRODUCERS = 32;

/** A ferrokafka producer and what its failures report. */
export interface PooledProducer {
  producer: FerrokafkaProducer;
  budget: RetryBudget;
}

/**
 * The ferrokafka producers behind one KafkaJS producer. KafkaJS takes `acks`, `compression` and
 * `timeout` per send; librdkafka per producer. So each combination a program uses gets its own
 * producer (its own librdkafka instance and connections), made on first use; most programs use one.
 */
export class ProducerPool {
  readonly #producers = new Map<string, PooledProducer>();

  constructor(
    private readonly configure: (profile: SendProfile, transactional: boolean) => MappedConfig,
    private readonly logger: Logger,
    private readonly limit = MAX_POOLED_PRODUCERS,
  ) {}

  /** The producer for `profile` (the transactional one when `transactional`), made on first use. */
  get(profile: SendProfile, transactional = false): PooledProducer {
    const name = transactional ? 'transactional' : `${profile.acks}/${profile.compression}/${profile.timeout}`;
    let pooled = this.#producers.get(name);
    if (pooled === undefined) {
      if (this.#producers.size >= this.limit) {
        throw new KafkaJSNonRetriableError(
          `a send with acks ${profile.acks}, compression ${profile.compression} and timeout ${profile.timeout} ms would need librdkafka producer number ${this.#producers.size + 1} (one per combination of acks, compression and timeout sent with; the limit is ${this.limit}): send with fewer distinct values, e.g. one timeout`,
        );
      }
      const { config, budget } = this.configure(profile, transactional);
      const producer = new FerrokafkaProducer(config);
      // Client errors (brokers down, authentication) go to the KafkaJS logger, as KafkaJS logs them.
      producer.on('error', (error) => this.logger.error(error.message, { type: error.type, retriable: error.retriable }));
      pooled = { producer, budget };
      this.#producers.set(name, pooled);
    }
    return pooled;
  }

  /** Closes every producer; resolves with every record any of them could not deliver. */
  async closeAll(): Promise<UndeliveredRecord[]> {
    const producers = [...this.#producers.values()];
    this.#producers.clear();
    const undelivered = await Promise.all(producers.map(({ producer }) => producer.close({ timeoutMs: CLOSE_TIMEOUT_MS })));
    return undelivered.flat();
  }
}
