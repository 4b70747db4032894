import type { KafkaError } from '../errors/kafka-errors.js';
import type { LibrdkafkaStatistics } from '../observability/statistics.js';
import type { Producer as FerrokafkaProducer } from '../producer/producer.js';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSSASLAuthenticationError } from './errors.js';

/** Client errors that mean connect() cannot succeed by waiting. */
const CONNECT_FAILURES: ReadonlySet<string> = new Set(['ALL_BROKERS_DOWN', 'AUTHENTICATION', 'SSL']);

/**
 * Resolves once librdkafka has a broker connection up (read from its statistics, which come every
 * second), so that connect() fails like KafkaJS's when no broker can be reached or authentication
 * fails, instead of leaving that to the first send. Rejects on the first such client error, or
 * with a KafkaJSConnectionError after `timeoutMs`.
 */
export function waitForBroker(producer: FerrokafkaProducer, brokers: readonly string[], timeoutMs: number, retries: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const finish = (error: Error | undefined): void => {
      clearTimeout(timer);
      producer.off('stats', onStats);
      producer.off('error', onError);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onStats = (statistics: LibrdkafkaStatistics): void => {
      if (Object.values(statistics.brokers ?? {}).some((broker) => broker.state === 'UP')) finish(undefined);
    };
    const onError = (error: KafkaError): void => {
      if (error.type === 'AUTHENTICATION') finish(new KafkaJSSASLAuthenticationError(error.message, { cause: error }));
      else if (error.fatal || CONNECT_FAILURES.has(error.type)) finish(connectionFailure(error.message, brokers, error, retries, timeoutMs));
    };
    const timer = setTimeout(
      () =>
        finish(
          connectionFailure(`no broker connection within ${timeoutMs} ms (brokers ${brokers.join(', ')})`, brokers, undefined, retries, timeoutMs),
        ),
      timeoutMs,
    );
    producer.on('stats', onStats);
    producer.on('error', onError);
  });
}

function connectionFailure(message: string, brokers: readonly string[], cause: KafkaError | undefined, retries: number, timeoutMs: number): Error {
  const failure = new KafkaJSConnectionError(message, { broker: brokers.join(','), cause });
  return new KafkaJSNumberOfRetriesExceeded(failure, { retryCount: retries, retryTime: timeoutMs });
}
