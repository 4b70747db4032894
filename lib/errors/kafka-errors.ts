import { ErrorCode, RETRIABLE_CODES } from './codes.js';
import { describeError, type ErrorInfo } from '../native/binding.js';

/** Whether a failed record may have reached the broker's log. */
export type Persistence = 'not-persisted' | 'possibly-persisted' | 'persisted';

/** What a `KafkaError` is built from. */
export interface KafkaErrorDetails {
  /** librdkafka's or Kafka's numeric error code (negative codes are local to the client). */
  code: number;
  /** Symbolic code, e.g. `MSG_TIMED_OUT`, `NOT_ENOUGH_REPLICAS`, `INVALID_CONFIG`. */
  type: string;
  /** A sentence a person can act on: what failed, and why. */
  message: string;
  /** Sending the same record again may succeed. */
  retriable?: boolean;
  /** The producer is unusable and must be closed and recreated. */
  fatal?: boolean;
  /** The current transaction must be aborted (the producer itself remains usable). */
  abortable?: boolean;
  /** For delivery failures: whether the record may have been written anyway. */
  persistence?: Persistence;
  /** The underlying error (a client error behind a timeout, a serializer's exception, ...). */
  cause?: unknown;
}

/** Every error this library raises or rejects with is a KafkaError (or a subclass). */
export class KafkaError extends Error {
  /** The class's name (`KafkaError`, `KafkaConfigError`, ...; `AbortError` for `KafkaAbortError`). */
  override name = 'KafkaError';
  /** librdkafka's or Kafka's numeric error code (negative codes are local to the client); see `ErrorCode`. */
  readonly code: number;
  /** Symbolic code, e.g. `MSG_TIMED_OUT`, `NOT_ENOUGH_REPLICAS`, `INVALID_CONFIG`. */
  readonly type: string;
  /** Sending the same record again may succeed. */
  readonly retriable: boolean;
  /** The producer is unusable and must be closed and recreated. */
  readonly fatal: boolean;
  /** The current transaction must be aborted (the producer itself remains usable). */
  readonly abortable: boolean;
  /** For delivery failures: whether the record may have been written anyway; undefined for other errors. */
  readonly persistence: Persistence | undefined;

  /** Builds an error from its details; `retriable` defaults from the code. */
  constructor(details: KafkaErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.type = details.type;
    this.retriable = details.retriable ?? RETRIABLE_CODES.has(details.code);
    this.fatal = details.fatal ?? false;
    this.abortable = details.abortable ?? false;
    this.persistence = details.persistence;
  }

  /** True when a failed delivery may nevertheless have been written (do not assume it was lost). */
  get possiblyPersisted(): boolean {
    return this.persistence !== 'not-persisted';
  }

  /**
   * Builds an error from librdkafka's description of a code or error object.
   * @internal
   */
  static fromInfo(info: ErrorInfo, extra: Partial<KafkaErrorDetails> = {}): KafkaError {
    return new KafkaError({
      code: info.code,
      type: symbolicName(info.name),
      message: info.message,
      fatal: info.fatal,
      retriable: info.retriable || RETRIABLE_CODES.has(info.code),
      abortable: info.abortable,
      ...extra,
    });
  }

  /**
   * Builds an error for a librdkafka or Kafka error code.
   * @internal
   */
  static fromCode(code: number, extra: Partial<KafkaErrorDetails> = {}): KafkaError {
    return KafkaError.fromInfo(describeCached(code), extra);
  }
}

/** An option or combination of options that cannot work; thrown by the constructor. */
export class KafkaConfigError extends KafkaError {
  override name = 'KafkaConfigError';
  constructor(message: string, cause?: unknown) {
    super({ code: ErrorCode.INVALID_ARG, type: 'INVALID_CONFIG', message, retriable: false, persistence: 'not-persisted', cause });
  }
}

/** A record that cannot be sent as given (bad topic, partition, headers, timestamp, ...). */
export class KafkaRecordError extends KafkaError {
  override name = 'KafkaRecordError';
  constructor(message: string, cause?: unknown) {
    super({ code: ErrorCode.INVALID_ARG, type: 'INVALID_RECORD', message, retriable: false, persistence: 'not-persisted', cause });
  }
}

/** A key or value serializer threw or returned something that is not bytes. */
export class KafkaSerializationError extends KafkaError {
  override name = 'KafkaSerializationError';
  constructor(part: 'key' | 'value', message: string, cause?: unknown) {
    super({
      code: part === 'key' ? ErrorCode.KEY_SERIALIZATION : ErrorCode.VALUE_SERIALIZATION,
      type: part === 'key' ? 'KEY_SERIALIZATION' : 'VALUE_SERIALIZATION',
      message,
      retriable: false,
      persistence: 'not-persisted',
      cause,
    });
  }
}

/** The call came after `close()`, or the producer hit a fatal error. */
export class KafkaClosedError extends KafkaError {
  override name = 'KafkaClosedError';
  constructor(message = 'the producer is closed', cause?: unknown) {
    super({ code: ErrorCode.STATE, type: 'PRODUCER_CLOSED', message, retriable: false, persistence: 'not-persisted', cause });
  }
}

/** The caller's AbortSignal fired while the record was still waiting: it was never sent. */
export class KafkaAbortError extends KafkaError {
  override name = 'AbortError';
  constructor(reason: unknown) {
    super({
      code: ErrorCode.INTR,
      type: 'ABORTED',
      message: 'the send was aborted before the record was handed to the producer; it was not sent',
      retriable: false,
      persistence: 'not-persisted',
      cause: reason,
    });
  }
}

/** An argument other than a record or the config is not what the call takes (options, signal, timeout). */
export class KafkaArgumentError extends KafkaError {
  override name = 'KafkaArgumentError';
  constructor(message: string, cause?: unknown) {
    super({ code: ErrorCode.INVALID_ARG, type: 'INVALID_ARG', message, retriable: false, persistence: 'not-persisted', cause });
  }
}

/** `flush()` ran out of time; `pending` records were still outstanding. */
export class KafkaTimeoutError extends KafkaError {
  override name = 'KafkaTimeoutError';
  /** Records still outstanding when time ran out. */
  readonly pending: number;
  constructor(message: string, pending: number) {
    super({ code: ErrorCode.TIMED_OUT, type: 'TIMED_OUT', message, retriable: true });
    this.pending = pending;
  }
}

/**
 * The error to report for `error` with `prefix` before its message (e.g. which record of a
 * batch). A KafkaError keeps its class, code and flags; anything else thrown (a string, a
 * plain or frozen Error) becomes `fallback(message)`. The original is the cause; it is
 * never mutated (it may be frozen, or shared with the caller).
 */
export function withContext(error: unknown, prefix: string, suffix: string, fallback: (message: string, cause: unknown) => KafkaError): KafkaError {
  if (!(error instanceof KafkaError)) return fallback(`${prefix}${messageOf(error)}${suffix}`, error);
  const copy = new KafkaError({
    code: error.code,
    type: error.type,
    message: `${prefix}${error.message}${suffix}`,
    retriable: error.retriable,
    fatal: error.fatal,
    abortable: error.abortable,
    ...(error.persistence === undefined ? {} : { persistence: error.persistence }),
    cause: error,
  });
  // Same class as the original, so `instanceof KafkaSerializationError` still holds.
  Object.setPrototypeOf(copy, Object.getPrototypeOf(error));
  copy.name = error.name;
  return copy;
}

/** The message of anything thrown, without assuming it is an Error. */
export function messageOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  try {
    return String(thrown);
  } catch {
    return typeof thrown;
  }
}

const infoCache = new Map<number, ErrorInfo>();

function describeCached(code: number): ErrorInfo {
  const cached = infoCache.get(code);
  if (cached !== undefined) return cached;
  const info = describeError(code);
  infoCache.set(code, info);
  return info;
}

/** librdkafka names local errors `_QUEUE_FULL`; the leading underscore is noise in JS. */
function symbolicName(name: string): string {
  return name.startsWith('_') ? name.slice(1) : name;
}

const PERSISTENCE: readonly Persistence[] = ['not-persisted', 'possibly-persisted', 'persisted'];

export function persistenceFromStatus(status: number): Persistence {
  return PERSISTENCE[status] ?? 'possibly-persisted';
}
