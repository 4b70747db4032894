import type { UndeliveredRecord } from '../delivery/outcomes.js';
import { Producer as FerrokafkaProducer } from '../producer/producer.js';
import type { MappedConfig, SendProfile } from './config-mapping.js';
import type { RetryBudget } from './error-mapping.js';
import type { Logger } from './logger.js';

/**
 * How long disconnect() lets records in flight finish. KafkaJS's sends are awaited, so little is
 * normally left; what is left after this is purged, rejected and reported.
 */
const CLOSE_TIMEOUT_MS = 5_000;

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
  ) {}

  /** The producer for `profile` (the transactional one when `transactional`), made on first use. */
  get(profile: SendProfile, transactional = false): PooledProducer {
    const name = transactional ? 'transactional' : `${profile.acks}/${profile.compression}/${profile.timeout}`;
    let pooled = this.#producers.get(name);
    if (pooled === undefined) {
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
