import { ErrorCode } from '../errors/codes.js';
import { KafkaError } from '../errors/kafka-errors.js';
import type { Producer } from '../producer/producer.js';
import { UNREACHABLE_AFTER_MS } from '../observability/reachability.js';

/** Where a command line run gets its broker address when --bootstrap-server is not given. */
export const BOOTSTRAP_ENV = 'KAFKA_BOOTSTRAP_SERVERS';
/** The last resort, as Kafka's own tools document it. */
export const DEFAULT_BOOTSTRAP = 'localhost:9092';

/** --bootstrap-server, else KAFKA_BOOTSTRAP_SERVERS, else localhost:9092. */
export function bootstrapServersOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return flag;
  const fromEnv = env[BOOTSTRAP_ENV];
  return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : DEFAULT_BOOTSTRAP;
}

/** Client errors that only say a connection failed: the reachability line says it once, better. */
const CONNECTION_FAILURES: ReadonlySet<number> = new Set([ErrorCode.TRANSPORT, ErrorCode.ALL_BROKERS_DOWN, ErrorCode.RESOLVE]);

/**
 * True for the producer's own "no broker has been reachable" error (lib/observability/reachability.ts),
 * which carries the first connection failure as its cause; librdkafka's own ALL_BROKERS_DOWN
 * events carry none.
 */
export function isUnreachable(error: KafkaError): boolean {
  return error.code === ErrorCode.ALL_BROKERS_DOWN && error.cause instanceof KafkaError;
}

/**
 * The one line a person needs when no broker answered:
 * `cannot reach the Kafka broker at 127.0.0.1:1 (connection refused) after 10 s; check --bootstrap-server`.
 */
export function unreachableLine(error: KafkaError, bootstrapServers: string, flag = '--bootstrap-server'): string {
  const first = error.cause instanceof KafkaError ? error.cause : error;
  const plural = bootstrapServers.includes(',') ? 's' : '';
  return (
    `cannot reach the Kafka broker${plural} at ${bootstrapServers} (${connectionFailureReason(first)}) ` +
    `after ${Math.round(UNREACHABLE_AFTER_MS / 1000)} s; check ${flag}`
  );
}

/** "connection refused", "host not found: Name or service not known", ... from librdkafka's wording. */
export function connectionFailureReason(error: KafkaError): string {
  const message = error.message;
  const resolve = /Failed to resolve '[^']*': ([^(]+?)\s*(?:\(|$)/.exec(message);
  if (resolve !== null) return `host not found: ${resolve[1]}`;
  const connect = /failed: ([^(]+?)\s*(?:\(|$)/.exec(message);
  if (connect !== null) return (connect[1] as string).toLowerCase();
  if (/timed out/i.test(message)) return 'connection timed out';
  return error.type.toLowerCase().replace(/_/g, ' ');
}

/** librdkafka's timing suffix, "(after 6ms in state AUTH_HANDSHAKE, 1 identical error(s) suppressed)": it differs on every retry. */
const TIMING_SUFFIX = /\s*\(after \d+ms in state .*\)\s*$/;

/**
 * The one line for a broker that refused to authenticate the client. librdkafka retries the same
 * credentials for ever, so the records would only fail after their delivery timeout (5 minutes);
 * the run stops at once instead, as Java's producer fails its sends on an authentication error.
 */
export function authenticationFailedLine(error: KafkaError, bootstrapServers: string): string {
  return `the Kafka broker at ${bootstrapServers} refused authentication (${error.message.replace(TIMING_SUFFIX, '')}); check security.protocol and the sasl.* properties`;
}

/** What a run is told about the cluster while it runs. */
export interface BrokerWatchHandlers {
  /** No broker has been reachable for UNREACHABLE_AFTER_MS, or a broker refused authentication: the run should stop. */
  unreachable(line: string): void;
  /** A fatal producer error: the run cannot continue. */
  fatal(line: string): void;
  /** Anything else worth a line (authentication, TLS, ...), each distinct message once. */
  warning(line: string): void;
}

/**
 * Listens to a producer's 'error' events and turns them into at most one line each: the
 * unreachable-cluster error becomes the single reachability line, plain connection failures say
 * nothing on their own (they are what that line sums up), others become warnings, once each.
 */
export function watchBroker(producer: Producer, bootstrapServers: string, handlers: BrokerWatchHandlers, flag?: string): void {
  const seen = new Set<string>();
  producer.on('error', (error: KafkaError) => {
    if (isUnreachable(error)) return handlers.unreachable(unreachableLine(error, bootstrapServers, flag));
    if (error.fatal) return handlers.fatal(`fatal producer error ${error.type}: ${error.message}`);
    if (error.code === ErrorCode.AUTHENTICATION) return handlers.unreachable(authenticationFailedLine(error, bootstrapServers));
    if (CONNECTION_FAILURES.has(error.code)) return;
    const line = `warning: ${error.type}: ${error.message}`;
    const key = line.replace(TIMING_SUFFIX, '');
    if (seen.has(key)) return;
    seen.add(key);
    handlers.warning(line);
  });
}
