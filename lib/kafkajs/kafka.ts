import type { Admin, AdminConfig, Consumer, ConsumerConfig } from 'kafkajs';

import { KafkaJSNonRetriableError } from './errors.js';
import { createLogger, defaultLogCreator, type Logger, logLevel } from './logger.js';
import { type KafkaJSPackage, loadKafkaJS } from './peer.js';
import { Producer } from './producer.js';
import type { KafkaConfig, ProducerConfig } from './types.js';

const CLIENT_OPTIONS: readonly string[] = [
  'brokers',
  'clientId',
  'ssl',
  'sasl',
  'connectionTimeout',
  'authenticationTimeout',
  'reauthenticationThreshold',
  'requestTimeout',
  'enforceRequestTimeout',
  'retry',
  'socketFactory',
  'logLevel',
  'logCreator',
];
const IGNORED_CLIENT_OPTIONS: readonly string[] = ['authenticationTimeout', 'reauthenticationThreshold', 'enforceRequestTimeout'];
const PRODUCER_OPTIONS: readonly string[] = [
  'createPartitioner',
  'retry',
  'metadataMaxAge',
  'allowAutoTopicCreation',
  'idempotent',
  'transactionalId',
  'transactionTimeout',
  'maxInFlightRequests',
];

/**
 * KafkaJS's client (`new Kafka(config)`). `producer()` returns ferrokafka's KafkaJS-compatible
 * producer; `consumer()` and `admin()` are handed to the real `kafkajs` package with the same
 * configuration when it is installed (ferrokafka is a producer), and throw a KafkaJSNotImplemented
 * saying what to install otherwise.
 */
export class Kafka {
  readonly #config: KafkaConfig;
  readonly #logger: Logger;
  #peer: InstanceType<KafkaJSPackage['Kafka']> | undefined;

  constructor(config: KafkaConfig) {
    if (config === null || typeof config !== 'object') {
      throw new KafkaJSNonRetriableError('new Kafka() needs a configuration object, e.g. { clientId, brokers: ["localhost:9092"] }');
    }
    if (config.brokers === undefined || config.brokers === null)
      throw new KafkaJSNonRetriableError('Failed to connect: expected brokers array and got nothing');
    if (config.socketFactory !== undefined) {
      throw new KafkaJSNonRetriableError('socketFactory is not supported by ferrokafka/kafkajs: librdkafka opens its own connections');
    }
    this.#config = config;
    this.#logger = createLogger(config.logLevel ?? logLevel.INFO, config.logCreator ?? defaultLogCreator);
    warnAbout(this.#logger, 'new Kafka()', config, CLIENT_OPTIONS, IGNORED_CLIENT_OPTIONS);
  }

  /** A producer with KafkaJS's API over ferrokafka. Its configuration is checked on `connect()`. */
  producer(config: ProducerConfig = {}): Producer {
    warnAbout(this.#logger, 'kafka.producer()', config, PRODUCER_OPTIONS, []);
    return new Producer(this.#config, config, this.#logger);
  }

  /**
   * The real kafkajs's consumer, made with this client's configuration; needs `kafkajs` installed
   * (its types come from kafkajs too).
   */
  consumer(config: ConsumerConfig): Consumer {
    return this.#kafkajs('consumer').consumer(config) as Consumer;
  }

  /** The real kafkajs's admin client, made with this client's configuration; needs `kafkajs` installed. */
  admin(config?: AdminConfig): Admin {
    return this.#kafkajs('admin').admin(config) as Admin;
  }

  /** The client's root logger. */
  logger(): Logger {
    return this.#logger;
  }

  #kafkajs(call: 'consumer' | 'admin'): InstanceType<KafkaJSPackage['Kafka']> {
    this.#peer ??= new (loadKafkaJS(call).Kafka)(this.#config);
    return this.#peer;
  }
}

/** KafkaJS ignores options it does not know; so does this, with a warning naming them (a typo shows). */
function warnAbout(logger: Logger, where: string, config: object, known: readonly string[], ignored: readonly string[]): void {
  for (const option of Object.keys(config)) {
    if (!known.includes(option)) logger.warn(`${where}: unknown option '${option}' is ignored`);
    else if (ignored.includes(option))
      logger.warn(`${where}: option '${option}' has no effect in ferrokafka/kafkajs (see docs/kafkajs-differences.md)`);
  }
}
