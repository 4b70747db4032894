/**
 * KafkaJS's error classes, with its names, fields and `retriable` defaults, so that code written
 * against KafkaJS (`instanceof`, `error.name`, `error.retriable`, `error.type`) keeps working.
 * Errors raised by ferrokafka underneath are mapped to these (see error-mapping.ts); the original
 * ferrokafka `KafkaError` is always reachable through `cause`.
 *
 * @module
 */

/** What a KafkaJS error is built from: a message or another error (whose message is taken). */
export type KafkaJSErrorSource =
  | string
  | {
      /** The message to take. */
      message: string;
      /** A documentation link to keep. */
      helpUrl?: string | undefined;
    };

/** Options every KafkaJS error takes. */
export interface KafkaJSErrorOptions {
  /** Whether retrying the call may succeed. Default true, as in KafkaJS. */
  retriable?: boolean | undefined;
  /** The error this one stands for (here usually a ferrokafka `KafkaError`). */
  cause?: unknown;
}

/** The real kafkajs's error classes by name, once `consumer()` or `admin()` loaded kafkajs. */
const peerClasses = new Map<string, abstract new (...args: never[]) => unknown>();

/** Lets `instanceof` recognise the errors of the consumer and admin client that kafkajs itself raises. */
export function registerPeerErrors(kafkajs: object): void {
  for (const [name, value] of Object.entries(kafkajs)) {
    if (name.startsWith('KafkaJS') && typeof value === 'function') peerClasses.set(name, value as abstract new (...args: never[]) => unknown);
  }
}

/**
 * `instance instanceof type`, where a kafkajs error of the same class name (or a subclass) also
 * counts: the handed-over consumer and admin client throw kafkajs's own classes.
 */
export function isInstanceOf(type: abstract new (...args: never[]) => unknown, instance: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(type, instance)) return true;
  const peer = peerClasses.get(type.name);
  return peer !== undefined && instance instanceof peer;
}

/** The base class of every KafkaJS error. `retriable` says whether retrying the call may succeed. */
export class KafkaJSError extends Error {
  /** True for this class's instances and for kafkajs's own errors of the same class (from the consumer and admin client). */
  static override [Symbol.hasInstance](instance: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `instanceof` was asked about (the method is inherited)
    return isInstanceOf(this, instance);
  }

  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSError';
  /** Whether retrying the call may succeed. */
  readonly retriable: boolean;
  /** A link to KafkaJS's documentation of the error, when KafkaJS has one. */
  readonly helpUrl: string | undefined;

  constructor(source: KafkaJSErrorSource, { retriable = true, cause }: KafkaJSErrorOptions = {}) {
    super(typeof source === 'string' ? source : source.message, cause === undefined ? undefined : { cause });
    this.retriable = retriable;
    this.helpUrl = typeof source === 'string' ? undefined : source.helpUrl;
  }
}

/** An error that retrying will not fix (bad input, a state that forbids the call, a refused record). */
export class KafkaJSNonRetriableError extends KafkaJSError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSNonRetriableError';
  constructor(source: KafkaJSErrorSource, { cause }: { cause?: unknown } = {}) {
    super(source, { retriable: false, cause });
  }
}

/** What a Kafka protocol error is built from: the broker's error code and its name. */
export interface ProtocolErrorSource {
  /** What went wrong. */
  message: string;
  /** The Kafka protocol's name of the error, e.g. `MESSAGE_TOO_LARGE`. */
  type: string;
  /** The Kafka protocol's error code, e.g. 10. */
  code: number;
  /** Whether the protocol marks the error retriable. */
  retriable: boolean;
}

/** An error the broker answered with (a Kafka protocol error code), named as KafkaJS names it. */
export class KafkaJSProtocolError extends KafkaJSError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSProtocolError';
  /** The Kafka protocol's name of the error, e.g. `UNKNOWN_TOPIC_OR_PARTITION`. */
  readonly type: string;
  /** The Kafka protocol's error code. */
  readonly code: number;
  constructor(source: ProtocolErrorSource, { cause }: { cause?: unknown } = {}) {
    super(source.message, { retriable: source.retriable, cause });
    this.type = source.type;
    this.code = source.code;
  }
}

/** A retriable failure that persisted through every retry; `cause` is the last failure. */
export class KafkaJSNumberOfRetriesExceeded extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSNumberOfRetriesExceeded';
  /** The retries allowed (`retry.retries`). */
  readonly retryCount: number;
  /** How long the record was retried before it failed, ms (its delivery timeout). */
  readonly retryTime: number;
  constructor(cause: Error, { retryCount, retryTime }: { retryCount: number; retryTime: number }) {
    super(cause, { cause });
    this.retryCount = retryCount;
    this.retryTime = retryTime;
  }
}

/** No connection to the brokers could be made or kept. */
export class KafkaJSConnectionError extends KafkaJSError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSConnectionError';
  /** The brokers tried, as "host:port" separated by commas. */
  readonly broker: string | undefined;
  constructor(source: KafkaJSErrorSource, { broker, cause }: { broker?: string | undefined; cause?: unknown } = {}) {
    super(source, { cause });
    this.broker = broker;
  }
}

/** A request got no answer in time. */
export class KafkaJSRequestTimeoutError extends KafkaJSError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSRequestTimeoutError';
  constructor(source: KafkaJSErrorSource, { cause }: { cause?: unknown } = {}) {
    super(source, { cause });
  }
}

/** The brokers refused the SASL credentials. */
export class KafkaJSSASLAuthenticationError extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSSASLAuthenticationError';
}

/** An operation (other than a request) did not finish in time, e.g. a flush on disconnect. */
export class KafkaJSTimeout extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSTimeout';
}

/** A KafkaJS feature that this implementation does not have (named in the message, with what to use instead). */
export class KafkaJSNotImplemented extends KafkaJSNonRetriableError {
  /** The class's name, as KafkaJS names it. */
  override name = 'KafkaJSNotImplemented';
}

/** True for every error of the classes above (KafkaJS's `isKafkaJSError`). */
export function isKafkaJSError(error: unknown): error is KafkaJSError {
  return error instanceof KafkaJSError;
}
